import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse, print } from '../src/index.js';
import { stripSpans } from './strip.js';

describe.skipIf(!HAS_CORPUS)('KQL corpus: printer round trip', () => {
  it('parse(print(ast)) equals ast modulo spans, for every corpus query', () => {
    let checked = 0;
    for (const q of corpusQueries('kuery')) {
      const first = parse(q.query);
      const printed = print(first.ast);
      const second = parse(printed);
      expect(second.diagnostics, printed).toEqual([]);
      expect(stripSpans(second.ast), q.file).toEqual(stripSpans(first.ast));
      checked++;
    }
    expect(checked).toBeGreaterThan(700);
  });
});
it.skipIf(HAS_CORPUS)('KQL round-trip tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
