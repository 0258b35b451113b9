import { afterEach, describe, expect, it } from 'vitest';
import { corpusQueries } from '../../../test/support/corpus.js';
import { diffShare } from '../../../test/support/diff-share.js';
import { ADVERSARIAL, randomBytes } from '../../../test/support/adversarial.mjs';
import { lex, scan, scanned } from '../src/lexer.js';
import { getParser } from '../src/parser.js';
import { parserTokensOf, setGarbageSkipping, startsNoCommand } from '../src/garbage-runs.js';
import { expectSameResults } from './same-result.js';

// The reference parser is not given the inside of segments that can only be garbage (src/garbage-runs.ts):
// the result must be what it is with every token, byte for byte.

afterEach(() => setGarbageSkipping(true));

/** Compares parse() with and without the skipping; returns on how many inputs it skipped tokens. */
function expectSame(inputs: string[], modes = [false, true]): number {
  const skipped = inputs.filter((text) => {
    scan(text);
    return parserTokensOf(text).tokens.length < scanned.count;
  });
  expectSameResults(inputs, () => setGarbageSkipping(true), () => setGarbageSkipping(false), modes);
  return skipped.length;
}

describe('ES|QL segments that can only be garbage', () => {
  it('start with a token type that starts no command, at the start of a query or after a pipe', () => {
    const parser = getParser();
    for (const before of ['', 'FROM a |', 'FROM a | WHERE b > 1 |', 'ROW a = 1 | | ']) {
      const next = new Set(parser.computeContentAssist('statements', lex(before).tokens).map((s) => s.nextTokenType));
      expect(next.size).toBeGreaterThan(5);
      for (const t of startsNoCommand) expect(next.has(t), `${t.name} after ${JSON.stringify(before)}`).toBe(false);
    }
  });

  it('give the result of a parse with every token, on random bytes, garbage and the adversarial inputs', () => {
    const inputs: string[] = [
      'foo bar baz',
      'foo bar baz | WHERE a > 1 | nope x y z | LIMIT 1 | #$% a b',
      'FROM a | nope ( [ x y | z ] ) w | KEEP a | nope "unterminated',
      'nope a b c d | FROM b c d e | WHERE ( x y z',
      'SET a = 1; nope x y | nope',
    ];
    // Runs of pipes (left out before the first '(' or '['), with a problem elsewhere.
    for (const n of [2, 3, 4, 50, 100, 101, 102, 103, 250]) {
      inputs.push('FROM a' + ' |'.repeat(n) + ' nope', '| |' + ' |'.repeat(n) + ' FROM a | nope', 'nope' + ' |'.repeat(n) + ' x' + ' |'.repeat(n));
      inputs.push('FROM a | WHERE' + ' |'.repeat(n) + ' KEEP' + ' |'.repeat(n), 'FROM a | EVAL x = (1' + ' |'.repeat(n), 'FROM a |' + '|'.repeat(n) + ' x = [' + ' |'.repeat(n));
    }
    inputs.push('FROM a' + ' | WHERE ('.repeat(200) + ' |'.repeat(300), ('nope ( ' + ' |'.repeat(150)).repeat(3), 'FROM a' + ' | x y'.repeat(200) + ' |'.repeat(200));
    for (let k = 0; k < 60; k++) inputs.push(randomBytes(50 + k * 97, k + 1));
    for (const x of ADVERSARIAL) if (x.language === 'esql') inputs.push(x.make(1));
    expect(expectSame(inputs)).toBeGreaterThan(50);
  });

  it('give the result of a parse with every token, on corpus queries with garbage put in', () => {
    const queries = diffShare(corpusQueries('esql').map((q) => q.query));
    let seed = 15;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const junk = ['nope a b c', '| nope x y z |', 'WHERE', '(', ')', '"', '| FROM x y z', '|| nope 1 2 3', '??'];
    const inputs: string[] = [];
    for (const q of queries) {
      const at = rnd(q.length + 1);
      inputs.push(q.slice(0, at) + randomBytes(rnd(60) + 1, rnd(1000)) + q.slice(at));
      inputs.push(q.replace(/\|/g, () => `| ${junk[rnd(junk.length)]} |`));
      inputs.push(q.replace(/\|/g, () => '|' + ' |'.repeat(rnd(5)) + (rnd(3) ? '' : ` ${junk[rnd(junk.length)]}`)));
      inputs.push(q + ' | nope ' + q);
    }
    // One mode: the skipping is the parser's, the snapshot mode only changes the builder's verdicts.
    expect(expectSame(inputs, [false])).toBeGreaterThanOrEqual(queries.length);
  });
});
