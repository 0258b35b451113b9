import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse } from '../src/index.js';
import { cutPoints, isQuery } from './support.js';

describe.skipIf(!HAS_CORPUS)('EQL corpus: prefixes', () => {
  it('every prefix (10 cut points per query) parses without throwing into a Query with in-range spans', () => {
    const failures: string[] = [];
    for (const q of corpusQueries('eql')) {
      for (const cut of cutPoints(q.query, 10)) {
        const text = q.query.slice(0, cut);
        const { ast, diagnostics } = parse(text);
        if (!isQuery(ast)) failures.push(`${q.file}@${cut}: no Query`);
        for (const d of diagnostics) {
          if (d.span.start < 0 || d.span.end > text.length || d.span.start > d.span.end) failures.push(`${q.file}@${cut}: bad span`);
        }
        // A prefix keeps what was read before the cut: no body only when there is nothing but comments.
        const code = text.replace(/\/\*[\s\S]*?(\*\/|$)/g, '').replace(/\/\/.*$/gm, '').trim();
        if (code && !ast.body) failures.push(`${q.file}@${cut}: empty AST`);
      }
    }
    expect(failures).toEqual([]);
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
