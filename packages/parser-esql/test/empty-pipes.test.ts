import { afterEach, describe, expect, it } from 'vitest';
import { corpusQueries } from '../../../test/support/corpus.js';
import { diffShare } from '../../../test/support/diff-share.js';
import { ADVERSARIAL } from '../../../test/support/adversarial.mjs';
import { parse, setReferenceOnly } from '../src/index.js';
import { fastParseScannedWithEmptyPipes } from '../src/fast.js';
import { scan } from '../src/lexer.js';
import { expectSameResults } from './same-result.js';

// A `|` with no command after it (`| |`, a trailing `|`: a query being typed) is the one problem the
// fast path answers itself (src/fast.ts fastParseScannedWithEmptyPipes): its result must be the
// reference path's, byte for byte, diagnostics (capped: 100, then one summary) included.

afterEach(() => setReferenceOnly(false));

const fastAnswers = (text: string) => !scan(text).length && fastParseScannedWithEmptyPipes(text, 101) !== undefined;

/** Compares parse() with the reference path's on the inputs the fast path answers; returns how many. */
function expectSame(inputs: string[]): number {
  const answered = inputs.filter(fastAnswers);
  expectSameResults(answered, () => setReferenceOnly(false), () => setReferenceOnly(true));
  return answered.length;
}

describe('ES|QL pipes with no command after them', () => {
  it('are reported as the reference path reports them, on the fast path', () => {
    const inputs = [
      'FROM a |',
      'FROM a | |',
      'FROM a | | WHERE b > 1',
      'FROM a | WHERE b > 1 |',
      'FROM a | WHERE b > 1 | | | KEEP b |',
      'FROM a|',
      'FROM a ||| LIMIT 1',
      'FROM a | WHERE b > 1 // comment\n| /* c */ |',
      'FROM a | EVAL x = a | | STATS c = COUNT(*) BY x |   ',
    ];
    expect(inputs.filter((q) => !fastAnswers(q))).toEqual([]);
    expect(expectSame(inputs)).toBe(inputs.length);
    expect(parse('FROM a | | WHERE b > 1 |').diagnostics).toEqual([
      { code: 'syntax-error', severity: 'error', message: "Expected a command after '|'", span: { start: 7, end: 8 } },
      { code: 'syntax-error', severity: 'error', message: "Expected a command after '|'", span: { start: 23, end: 24 } },
    ]);
  });

  it('are capped as the reference path caps them: 100, then one summary at the 101st', () => {
    const inputs = [99, 100, 101, 102, 250].map((n) => 'FROM a | WHERE b > 1' + ' |'.repeat(n));
    for (const x of ADVERSARIAL) if (x.name.includes("' |'")) inputs.push(x.make(1), x.make(3));
    expect(expectSame(inputs)).toBe(inputs.length);
    const { diagnostics } = parse('FROM a' + ' |'.repeat(250));
    expect(diagnostics.length).toBe(101);
    expect(diagnostics[100]).toMatchObject({ message: expect.stringMatching(/^150 more syntax-error problems/), span: { start: 207, end: 208 } });
  });

  it('give the reference result on corpus queries with pipes doubled, added at the end, or before a problem', () => {
    const queries = diffShare(corpusQueries('esql').map((q) => q.query));
    const inputs: string[] = [];
    for (const q of queries) {
      inputs.push(q + ' |', q + '\n| |', q.replace(/\|/g, '| |'), q.replace(/\|/, '||'));
      // Not taken by the fast path (another problem too): still the reference result.
      inputs.push(q.replace(/\|/, '| |') + ' | WHERE', q + ' | | (');
    }
    expect(expectSame(inputs)).toBeGreaterThanOrEqual(queries.length * 3);
  });
});
