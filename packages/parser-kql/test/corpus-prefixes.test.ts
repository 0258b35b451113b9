import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { expectedAt, fieldReferences, parse, print, valueComparisons } from '../src/index.js';

const CUTS = 10;

describe.skipIf(!HAS_CORPUS)('KQL corpus: prefixes', () => {
  it('every prefix (about 10 cut points per query) parses without throwing into a Query', () => {
    let count = 0;
    for (const q of corpusQueries('kuery')) {
      const text = q.query;
      const cuts = new Set<number>();
      for (let i = 1; i <= CUTS; i++) cuts.add(Math.floor((text.length * i) / (CUTS + 1)));
      for (const cut of cuts) {
        const prefix = text.slice(0, cut);
        const { ast, diagnostics } = parse(prefix);
        expect(ast.type).toBe('Query');
        for (const d of diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(prefix.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        }
        // The derived views must cope with partial trees too.
        fieldReferences(ast);
        valueComparisons(ast);
        print(ast);
        count++;
      }
      if (count % 7 === 0) expect(Array.isArray(expectedAt(text, Math.floor(text.length / 2)))).toBe(true);
    }
    expect(count).toBeGreaterThan(5000);
  });
});
it.skipIf(HAS_CORPUS)('KQL prefix tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
