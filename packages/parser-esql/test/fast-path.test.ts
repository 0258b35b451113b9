import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corpusQueries } from '../../../test/support/corpus.js';
import { ADVERSARIAL, randomBytes } from '../../../test/support/adversarial.mjs';
import { parse, setReferenceOnly } from '../src/index.js';
import { fastParse } from '../src/fast.js';
import { lex } from '../src/lexer.js';
import { BROKEN_COMMANDS, NEW_COMMANDS, SNAPSHOT_ONLY } from './commands.js';

// parse() takes a fast path (src/fast.ts: Chevrotain with embedded actions, AST built in the rules) on
// clean queries and the reference path (parser.ts CST + build.ts) on everything else. Wherever the
// fast path answers, its result must be the reference path's, byte for byte (key order included).

/** Whether the fast path answers `text` (in `modes`: snapshot builds' constructs only in snapshot mode). */
const tookFastPath = (text: string, modes = [false, true]) => {
  const { tokens, diagnostics } = lex(text);
  return !diagnostics.length && modes.some((snapshot) => fastParse(tokens, snapshot) !== undefined);
};

function both(text: string, snapshot: boolean): [string, string] {
  setReferenceOnly(false);
  const fast = JSON.stringify(parse(text, { snapshot }));
  setReferenceOnly(true);
  const reference = JSON.stringify(parse(text, { snapshot }));
  setReferenceOnly(false);
  return [fast, reference];
}

/**
 * Compares both paths on the inputs the fast path answers (elsewhere parse() runs the reference path
 * itself, on the same tokens); returns how many it answered.
 */
function expectSame(inputs: string[], modes = [false, true]): number {
  const mismatches: string[] = [];
  let fast = 0;
  for (const text of inputs) {
    if (!tookFastPath(text)) continue;
    fast++;
    for (const snapshot of modes) {
      const [fast, reference] = both(text, snapshot);
      if (fast !== reference) mismatches.push(`${JSON.stringify(text)} (snapshot ${snapshot})\n  fast:      ${fast}\n  reference: ${reference}`);
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  return fast;
}

/** Every construct of the fast path, each on the fast path. */
const CLEAN = [
  'FROM logs-* | WHERE a > 1 | KEEP a',
  'FROM a, "b", c:d, e::data, f:g::failures METADATA _id, _index',
  'TS metrics-* | STATS m = MAX(v) BY bucket = BUCKET(@timestamp, 1 hour)',
  'ROW a = 1, b = "x", c = [1, 2.5], d = [true, false], e = ["a", "b"], f = null',
  'FROM a | WHERE NOT a IN (1, 2 + 3, b == c) AND b LIKE "x*" OR c IS NOT NULL | SORT a DESC NULLS LAST, b ASC, c NULLS FIRST | LIMIT 10',
  'FROM a | WHERE a NOT LIKE ("x", ?p) AND b RLIKE "y.*" AND c NOT IN (1) AND d IS NULL AND NOT NOT e',
  'FROM a | WHERE a + b * c - d / e % f > -g AND -(a - +b)::long < 3 OR (a OR b) AND c',
  'FROM a | EVAL x = a::keyword::ip, y = `quoted name`.b, z = ?param, w = ??p.q, v = ?1, u = ?, t = ??',
  'FROM a | WHERE message : "error" AND host.name::keyword : "h" AND x : -1',
  'FROM a | STATS COUNT(*), c = COUNT_DISTINCT(a) WHERE b > 1, MAX(x) BY h = host.name, user.name',
  'FROM a | INLINE STATS m = MAX(a) WHERE a > 1 BY b | INLINESTATS n = MIN(b)',
  'FROM a | EVAL x = CASE(a > 1, "b", "c"), y = MATCH(a, "b", {"fuzziness": 1, "o": {"n": [1, 2]}}), f = FIRST(a, b), l = LAST(a, b)',
  'FROM a | EVAL d = NOW() - 1 day, e = 2 weeks, f = 1.5e3, g = .5, h = """triple "quoted" text"""',
  'FROM a | KEEP a*, `b`.c, d.*e | DROP x | RENAME a AS b, c = d',
  'FROM a | DISSECT m "%{a} %{+a} %{?skip}" APPEND_SEPARATOR = "-" | GROK m::keyword "%{IP:ip} %{WORD:w:int}", "(?<n>x)"',
  'FROM a | MV_EXPAND a.b | COMPLETION x = "prompt" WITH {"inference_id": "i"} | COMPLETION prompt',
  'FROM a | LIMIT ?n | LIMIT 0 | WHERE a == "a\\tb\\\\c\\"d"',
  'from a | where a == 1 and b != 2 or c <= 3 and d >= 4 | eval x = -a',
  ...NEW_COMMANDS,
];

/** Constructs on which the reference path reports something: the fast path gives up. */
const BAILS = [
  'FROM a | STATS',
  'FROM a | INLINE STATS BY b',
  'FROM a | LIMIT -1',
  'FROM a | LIMIT 1.5',
  'FROM a | LIMIT 2147483648',
  'FROM a | GROK b "%{NUMBER:n} %{WORD:n}"',
  'FROM a | GROK b "%{NOSUCHPATTERN:n}"',
  'FROM a | KEEP *, b, *',
  'TS m, (FROM b | KEEP x)',
  'FROM a | GROK b "(%{WORD:w}"',
  'FROM a | LOOKUP JOIN idx* ON b',
  'FROM a | LOOKUP JOIN c:idx ON b',
  'FROM a | LOOKUP JOIN idx ON b, b',
  'FROM a | DISSECT b "%{*k} %{&k}"',
  'FROM a | DISSECT b "%{?k}"',
  'FROM a | EVAL x = a::nosuchtype',
  'FROM a | EVAL x = 1 parsecs',
  'FROM a | EVAL x = [1, "a"]',
  'FROM a | WHERE f(a) : "b"',
  'FROM a | EVAL x = f(a, {"a": 1}, b)',
  'FROM a | EVAL x = f(a, {"a": 1}, {"b": 2})',
  'FROM a METADATA _nosuch',
  'FROM a METADATA _id, _id',
  'FROM a::nosuch',
  'FROM a | DISSECT m "%{a}" FOO = "-"',
  'FROM a | DISSECT m "%{a}" APPEND_SEPARATOR = 1',
  'FROM a | DISSECT -m "%{a}"',
  'FROM a | EVAL x = f(a).b',
  'FROM a | EVAL x = first',
  'FROM a | WHERE a > 1 b',
  'FROM a |',
  ...BROKEN_COMMANDS,
  'SHOW',
  'FROM (ROW a = 1)',
  'FROM (FROM b | WHERE c',
  'SET a = 1 FROM a',
  'SET a = 1; SET b; FROM a',
  'SET a = 1;',
  'EXPLAIN (FROM a',
  'FROM a | EXPLAIN (FROM b)',
  '',
];

/** A seeded generator of integers in 0..n-1. */
function random(seed: number): (n: number) => number {
  return (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
}

afterEach(() => setReferenceOnly(false));

describe('ES|QL fast path', () => {
  it('takes the fast path on clean queries, and gives them the reference AST', () => {
    expect(CLEAN.filter((q) => !tookFastPath(q))).toEqual([]);
    expectSame(CLEAN);
  });

  it('gives up wherever the reference path reports a problem', () => {
    expect(BAILS.filter((q) => tookFastPath(q))).toEqual([]);
  });

  it('takes the constructs of snapshot builds in snapshot mode only, with the reference AST', () => {
    expect(SNAPSHOT_ONLY.filter((q) => tookFastPath(q, [false]) || !tookFastPath(q, [true]))).toEqual([]);
    expectSame(SNAPSHOT_ONLY);
  });

  it('agrees with the reference path on the test strings of this package', () => {
    const inputs: string[] = [];
    const dir = join(import.meta.dirname, '.');
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.test.ts') || f === 'fast-path.test.ts') continue;
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"/g)) inputs.push(m[1] ?? m[2]);
    }
    expect(inputs.length).toBeGreaterThan(200);
    expect(expectSame(inputs)).toBeGreaterThan(50);
  });

  it('agrees with the reference path on corpus queries, their prefixes and mutations', () => {
    const queries = corpusQueries('esql').map((q) => q.query);
    const rnd = random(19);
    const swaps = ['==', '!=', '<', '+', '-', '*', '%', 'and', 'or', 'not', 'in', 'like', 'is', 'null', '::long', '::nope', '(', ')', ',', '|', 'by', '1 hour', '1 nope', '-1', '?', '?x', '??x', '[1,"a"]', '{"a":1}', ':', 'asc', 'nulls last', '=~', 'METADATA _nope'];
    const inputs: string[] = [...queries];
    for (const q of queries) {
      for (let k = 0; k < 3; k++) inputs.push(q.slice(0, rnd(q.length + 1)));
      const a = rnd(q.length + 1);
      const b = rnd(q.length + 1);
      inputs.push(q.slice(0, a) + q.slice(b, b + rnd(20)) + q.slice(a + rnd(5)));
      inputs.push(q.slice(0, a) + randomBytes(rnd(8) + 1, rnd(1000)) + q.slice(a));
      const words = q.split(/(\s+)/);
        for (let k = 0; k < 4; k++) {
        const w = words.slice();
        w[rnd(w.length)] = swaps[rnd(swaps.length)];
        inputs.push(w.join(''));
      }
    }
    for (const x of ADVERSARIAL) if (x.language === 'esql') inputs.push(x.make(1));
    expect(expectSame(inputs)).toBeGreaterThanOrEqual(queries.length);
  });

  it('agrees with the reference path on the commands the corpus rarely uses, put into corpus queries and mutated', () => {
    // The corpus has few of them: each clean or broken form goes after the source command of some
    // corpus queries, and then through the mutations above with the words of these commands.
    const queries = corpusQueries('esql').map((q) => q.query);
    const rnd = random(23);
    const forms = [...NEW_COMMANDS, ...SNAPSHOT_ONLY, ...BAILS].flatMap((q) => q.split(/ \| /).slice(1)).filter((c) => c.trim());
    const swaps = [
      'ENRICH', 'ON', 'WITH', '_any:p', '_nope:p', '"p"', 'LOOKUP', 'LEFT', 'JOIN', 'lk::data', 'FORK', '(WHERE a)', '(LIMIT 1)', '(', ')',
      'CHANGE_POINT', 'AS', 'SAMPLE', '0.5', '1', 'RERANK', 'FUSE', 'SCORE', 'KEY', 'GROUP', 'BY', 'URI_PARTS', 'USER_AGENT', 'MMR', 'LIMIT',
      'DEDUP', 'TS_INFO', '=', ',', '|', '{"a":1}', '?', 'a.*', '=~', 'SET x = 1;', '(FROM b | WHERE c)', 'EXPLAIN',
    ];
    const inputs: string[] = [];
    const whole = [...NEW_COMMANDS, ...SNAPSHOT_ONLY, ...BROKEN_COMMANDS];
    for (let k = 0; k < forms.length * 3 + whole.length; k++) {
      const q = queries.length ? queries[rnd(queries.length)] : 'FROM logs-* | WHERE a > 1';
      const pipe = q.indexOf('|');
      const form = forms[k % forms.length];
      // The queries of the lists themselves (source commands, SET...), then forms put into corpus queries.
      const base = k < whole.length ? whole[k] : pipe < 0 ? `${q} | ${form}` : `${q.slice(0, pipe)}| ${form} ${q.slice(pipe)}`;
      inputs.push(base, base.slice(0, rnd(base.length + 1)));
      const words = base.split(/(\s+)/);
      for (let m = 0; m < 3; m++) {
        const w = words.slice();
        w[rnd(w.length)] = swaps[rnd(swaps.length)];
        inputs.push(w.join(''));
      }
    }
    expect(expectSame(inputs)).toBeGreaterThan(forms.length);
  });
});
