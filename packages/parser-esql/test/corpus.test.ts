import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse, print } from '../src/index.js';
import { stripSpans } from './strip.js';

const queries = corpusQueries('esql');

describe.skipIf(!HAS_CORPUS)('ES|QL corpus', () => {
  it('has the expected number of ES|QL queries', () => {
    expect(queries.length).toBeGreaterThan(150);
  });

  it('parses every corpus query without diagnostics', () => {
    const failures: string[] = [];
    for (const q of queries) {
      const { diagnostics } = parse(q.query);
      for (const d of diagnostics) {
        failures.push(`${q.file}: ${d.message} at ${d.span.start}: ${JSON.stringify(q.query.slice(d.span.start - 20, d.span.end + 20))}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('prints every corpus query to a text that parses to the same AST', () => {
    const failures: string[] = [];
    for (const q of queries) {
      const { ast } = parse(q.query);
      const printed = print(ast);
      const again = parse(printed);
      if (again.diagnostics.length) failures.push(`${q.file}: ${again.diagnostics[0].message}\n${printed}`);
      else if (JSON.stringify(stripSpans(again.ast)) !== JSON.stringify(stripSpans(ast))) failures.push(`${q.file}: AST differs\n${printed}`);
    }
    expect(failures).toEqual([]);
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
