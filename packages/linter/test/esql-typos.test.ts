/**
 * A typo in any column a corpus ES|QL query reads is reported at exactly its range, with the code the
 * docs promise: `unknown-column` for names following the `Esql.` convention of created columns (and
 * names that exist elsewhere in the query or schema), `unknown-field` for names that exist nowhere.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as esql from '@esql-lint/parser-esql';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { Linter } from '../src/index.js';
import { esqlChecks } from '../src/languages/esql.js';
import { resolveSchema } from '../src/schema-context.js';
import { hasEsqlPrefix } from '../src/esql/index.js';
import { corpusQueries, HAS_CORPUS } from '../../../test/support/corpus.js';

const linter = new Linter();

/** `process.name` -> `process.nzzqame`: the first character of the last part, then "zzq". */
function misspell(name: string): string {
  const at = name.lastIndexOf('.') + 2;
  return name.slice(0, at) + 'zzq' + name.slice(at);
}

/** Up to `n` distinct names, spread over the query (first, last, and evenly between). */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]);
}

describe.skipIf(!HAS_CORPUS)('typos in the columns of corpus ES|QL queries', () => {
  it('are reported once, at the misspelled name, as unknown-field or unknown-column', () => {
    const rules = corpusQueries('esql').filter((q) => !q.deprecated);
    const failures: string[] = [];
    let checked = 0;
    let silent = 0;
    const codes: Record<string, number> = {};
    for (const q of rules) {
      const text = readFileSync(q.file, 'utf8');
      const document = parseRuleDocument(text, q.file);
      const query = document.queries[0];
      const { ast } = esql.parse(query.text);
      const schema = resolveSchema(linter.schemas, document, 'esql', esqlChecks.schemaInput(ast));
      const seen = new Set<string>();
      const reads = esql.fieldReferences(ast).filter((r) => {
        if (r.role !== 'read' || r.wildcard || seen.has(r.name)) return false;
        // Backquoted names are written differently from their name: leave them out.
        if (query.text.slice(r.span.start, r.span.end) !== r.name) return false;
        seen.add(r.name);
        return true;
      });
      for (const r of spread(reads, 4)) {
        const wrong = misspell(r.name);
        const span = query.map.spanToHost(r.span);
        const mutated = text.slice(0, span.start) + wrong + text.slice(span.end);
        const errors = linter.lintText(mutated, q.file).diagnostics.filter((d) => d.severity === 'error');
        const lookup = schema.lookup(wrong).kind;
        const where = `${q.file.split('/').pop()}: ${r.name} -> ${wrong}`;
        checked++;
        const atName = (d: (typeof errors)[number]) => d.span.start === span.start && d.span.end === span.start + wrong.length;
        if (lookup === 'unavailable' || lookup === 'open' || lookup === 'incomplete') {
          // Under a namespace whose schema we lack (or an open object) the misspelled name may be a field:
          // no error where index fields are columns. Where they are not (after STATS), or once a KEEP kept
          // the misspelled name instead of the real one, exactly one unknown-column follows.
          if (errors.length === 0) silent++;
          else if (errors.length !== 1 || errors[0].code !== 'unknown-column') {
            failures.push(`${where}: expected nothing or one unknown-column, got ${errors.map((d) => `${d.code} at +${d.span.start - span.start}`).join(', ')}`);
          }
          continue;
        }
        const expected = hasEsqlPrefix(wrong) ? 'unknown-column' : 'unknown-field';
        codes[expected] = (codes[expected] ?? 0) + 1;
        const got = errors.map((d) => `${d.code} ${JSON.stringify(mutated.slice(d.span.start, d.span.end))}`);
        if (errors.length !== 1 || errors[0].code !== expected || !atName(errors[0])) {
          failures.push(`${where}: expected ${expected} ${JSON.stringify(wrong)}, got [${got.join('; ')}]`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(500);
    expect(silent).toBeLessThan(checked / 4);
    expect(codes['unknown-column']).toBeGreaterThan(50);
    expect(codes['unknown-field']).toBeGreaterThan(300);
  });
});
