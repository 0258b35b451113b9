import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse } from '../src/index.js';

describe.skipIf(!HAS_CORPUS)('KQL corpus', () => {
  const queries = corpusQueries('kuery');
  it('has the expected number of kuery queries', () => {
    expect(queries.length).toBeGreaterThan(700);
  });
  it('parses every corpus query with no diagnostic', () => {
    const failures: string[] = [];
    for (const q of queries) {
      const { ast, diagnostics } = parse(q.query);
      if (diagnostics.length || !ast.body || ast.errors.length) {
        failures.push(`${q.file}: ${diagnostics.map((d) => `${d.span.start}: ${d.message}`).join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
if (!HAS_CORPUS) it.skip('KQL corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
