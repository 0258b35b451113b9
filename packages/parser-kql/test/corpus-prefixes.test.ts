import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { expectedAt, fieldReferences, parse, print, valueComparisons } from '../src/index.js';

const CUTS = 10;

describe.skipIf(!HAS_CORPUS)('KQL corpus: prefixes', () => {
  it('every prefix (about 10 cut points per query) parses without throwing into a Query', () => {
    let count = 0;
    const failures: string[] = [];
    for (const q of corpusQueries('kuery')) {
      const text = q.query;
      const cuts = new Set<number>();
      for (let i = 1; i <= CUTS; i++) cuts.add(Math.floor((text.length * i) / (CUTS + 1)));
      for (const cut of cuts) {
        const prefix = text.slice(0, cut);
        const { ast, diagnostics } = parse(prefix);
        if (ast.type !== 'Query') failures.push(`${q.file}@${cut}: no Query`);
        for (const d of diagnostics) {
          if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= prefix.length)) {
            failures.push(`${q.file}@${cut}: bad span ${JSON.stringify(d.span)}`);
          }
        }
        // The derived views must cope with partial trees too.
        fieldReferences(ast);
        valueComparisons(ast);
        print(ast);
        count++;
      }
      if (count % 7 === 0) expect(Array.isArray(expectedAt(text, Math.floor(text.length / 2)))).toBe(true);
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(5000);
  });
});
if (!HAS_CORPUS) it.skip('KQL prefix tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
