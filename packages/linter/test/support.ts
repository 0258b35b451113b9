import { Linter, type FileDiagnostic } from '../src/index.js';

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
