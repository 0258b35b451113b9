import { describe, expect, it } from 'vitest';
import { Linter, type FileDiagnostic, type LintOptions } from '../src/index.js';

/** A linter without config files, shared by tests (schemas load once). */
export const linter = new Linter({});

/** Lints a text as the file `name` and returns [code, covered text] pairs, errors and warnings by default. */
export function codesAndText(text: string, name = 'rule.toml', severities = ['error', 'warning']): Array<[string, string]> {
  return linter
    .lintText(text, name)
    .diagnostics.filter((d) => severities.includes(d.severity))
    .map((d: FileDiagnostic) => [d.code, text.slice(d.span.start, d.span.end)]);
}

/** A minimal valid rule file around a query (the keys every rule type requires, then `extra`). */
export function rule(language: string, query: string, extra = '', type?: string): string {
  const t = type ?? (language === 'kuery' ? 'query' : language);
  return `[metadata]\nmaturity = "production"\n\n[rule]\nauthor = ["Elastic"]\ndescription = "test"\nname = "test"\nrisk_score = 21\nseverity = "low"\nlanguage = "${language}"\ntype = "${t}"\n${extra}query = '''\n${query}\n'''\n`;
}

/** Every diagnostic but info of a query file, as `code text-of-its-span`. */
export function lintQuery(text: string, path = 'q.esql', options: LintOptions = {}): string[] {
  return (Object.keys(options).length ? new Linter(options) : linter)
    .lintText(text, path)
    .diagnostics.filter((d) => d.severity !== 'info')
    .map((d) => `${d.code} ${text.slice(d.span.start, d.span.end)}`);
}

export type QueryCase = [query: string, expected: string[]];

/** A case table: each query of an .esql file with the diagnostics it must get (`code text`), none for valid ones. */
export function queryTable(name: string, cases: QueryCase[]): void {
  describe(name, () => {
    it.each(cases)('%s', (query, expected) => {
      expect(lintQuery(query)).toEqual(expected);
    });
  });
}
