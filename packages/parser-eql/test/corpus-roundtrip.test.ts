import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse, print } from '../src/index.js';
import { withoutSpans } from './support.js';

describe.skipIf(!HAS_CORPUS)('EQL corpus: printer round trip', () => {
  it('parse(print(ast)) gives the same AST (modulo spans) with no diagnostic, on every query', () => {
    const failures: string[] = [];
    for (const q of corpusQueries('eql')) {
      const first = parse(q.query).ast;
      const printed = print(first);
      const second = parse(printed);
      if (second.diagnostics.length) failures.push(`${q.file}: ${second.diagnostics[0].message}`);
      else if (JSON.stringify(withoutSpans(second.ast)) !== JSON.stringify(withoutSpans(first))) failures.push(`${q.file}: AST differs`);
    }
    expect(failures).toEqual([]);
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
