import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from './support/corpus.js';

describe.skipIf(!HAS_CORPUS)('corpus access', () => {
  it('finds rule queries in all three languages', () => {
    const counts: Record<string, number> = {};
    for (const q of corpusQueries()) counts[q.language] = (counts[q.language] ?? 0) + 1;
    expect(counts.kuery).toBeGreaterThan(500);
    expect(counts.eql).toBeGreaterThan(800);
    expect(counts.esql).toBeGreaterThan(150);
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
