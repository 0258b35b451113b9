import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse, print } from '../src/index.js';
import { stripSpans } from './strip.js';

describe.skipIf(!HAS_CORPUS)('KQL corpus: printer round trip', () => {
  it('parse(print(ast)) equals ast modulo spans, for every corpus query', () => {
    let checked = 0;
    const failures: string[] = [];
    for (const q of corpusQueries('kuery')) {
      const first = parse(q.query);
      const printed = print(first.ast);
      const second = parse(printed);
      if (second.diagnostics.length) failures.push(`${q.file}: ${second.diagnostics[0].message} in ${printed}`);
      else if (JSON.stringify(stripSpans(second.ast)) !== JSON.stringify(stripSpans(first.ast))) {
        failures.push(`${q.file}: different tree after printing: ${printed}`);
      }
      checked++;
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(700);
  });
});
if (!HAS_CORPUS) it.skip('KQL round-trip tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
