import { describe, expect, it } from 'vitest';
import { parse, setReferenceOnly } from '../src/index.js';
import { MAX_EXPRESSION_DEPTH, MAX_QUERY_DEPTH } from '../src/lexer.js';
import { getParser, parseTokens, REFERENCE_NESTING } from '../src/parser.js';
import { lex } from '../src/lexer.js';
import { expectSameResults } from './same-result.js';
import { BROKEN_COMMANDS, NEW_COMMANDS, SNAPSHOT_ONLY } from './commands.js';

const fast = () => setReferenceOnly(false);
const reference = () => setReferenceOnly(true);

const EXPRESSION = /^ES\|QL statement exceeded the maximum expression depth allowed \(400\): Elasticsearch refuses/;
const TREE = /^ES\|QL statement exceeded the maximum expression depth allowed \(400\): Elasticsearch builds/;
const COMMANDS = /^ESQL statement exceeded the maximum query depth allowed \(500\)/;

/** The result of `text` on four calls, alternating the fast and the reference path: all the same. */
function stable(text: string) {
  const results: string[] = [];
  for (const path of [fast, reference, fast, reference]) {
    path();
    results.push(JSON.stringify(parse(text)));
  }
  fast();
  expect(new Set(results).size).toBe(1);
  return parse(text);
}

/** The offset of the `k`-th (1-based) occurrence of `needle` in `text`. */
function nth(text: string, needle: string, k: number): number {
  let at = -1;
  for (let i = 0; i < k; i++) at = text.indexOf(needle, at + 1);
  return at;
}

const L = MAX_EXPRESSION_DEPTH;
const EVAL = 'FROM a | EVAL x = ';
const parens = (n: number, inner = '1') => EVAL + '('.repeat(n) + inner + ')'.repeat(n);
const calls = (n: number, inner = '1') => EVAL + 'abs('.repeat(n) + inner + ')'.repeat(n);
const pipeline = (n: number, command = ' | WHERE a > 1') => 'FROM a' + command.repeat(n);

describe("Elasticsearch's expression depth limit (MAX_EXPRESSION_DEPTH, 400)", () => {
  it('is 400, as in Elasticsearch', () => {
    expect(MAX_EXPRESSION_DEPTH).toBe(400);
    expect(MAX_QUERY_DEPTH).toBe(500);
  });

  it('reports the token past the limit of the pre-scan, the same on every call and path', () => {
    // Under it, the tree's depth decides (below): 400 nested parentheses are refused there already.
    expect(stable(calls(L - 2)).diagnostics).toEqual([]);
    for (const make of [parens, calls]) {
      for (const n of [L - 1, L]) expect(stable(make(n)).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(TREE)]);
      const text = make(L + 1);
      const { ast, diagnostics } = stable(text);
      expect(ast.commands).toEqual([]);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0].message).toMatch(EXPRESSION);
      // The 401st `(`.
      const at = nth(text, '(', L + 1);
      expect(diagnostics[0].span).toEqual({ start: at, end: at + 1 });
    }
  });

  it('counts a run of adjacent prefix operators on top of the parentheses, as Elasticsearch pre-scans them', () => {
    // `-(-(-(1)))`: the run of `-` is not ended by the parentheses between them.
    const mixed = (n: number) => EVAL + '-('.repeat(n) + '1' + ')'.repeat(n);
    expect(stable(mixed(L / 2)).diagnostics.map((x) => x.message)).toEqual([expect.stringMatching(TREE)]);
    const text = mixed(L / 2 + 1);
    const d = stable(text).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0].message).toMatch(EXPRESSION);
    const at = nth(text, '-', L / 2 + 1);
    expect(d[0].span).toEqual({ start: at, end: at + 1 });
    // `---1` and `NOT NOT ... a` (the tree's depth counts them whether or not spaces separate them).
    for (const [make, token] of [
      [(n: number) => EVAL + '-'.repeat(n) + '1', '-'],
      [(n: number) => EVAL + '- '.repeat(n) + '1', '-'],
      [(n: number) => 'FROM a | WHERE ' + 'not '.repeat(n) + 'a', 'not'],
    ] as const) {
      expect(stable(make(L - 2)).diagnostics).toEqual([]);
      expect(stable(make(L)).diagnostics.map((x) => x.message)).toEqual([expect.stringMatching(TREE)]);
      const t = make(L + 1);
      const [only, ...rest] = stable(t).diagnostics;
      expect(rest).toEqual([]);
      expect(only.message).toMatch(EXPRESSION);
      const k = nth(t.slice(t.indexOf(token === 'not' ? 'WHERE' : '=')), token, L + 1) + t.indexOf(token === 'not' ? 'WHERE' : '=');
      expect(only.span).toEqual({ start: k, end: k + token.length });
    }
  });

  it('counts binary signs and infix NOT in the run only when adjacent tokens form one, as Elasticsearch does', () => {
    const deep = (inner: string) => EVAL + '('.repeat(L - 1) + inner + ')'.repeat(L - 1);
    // One level left: `a - -b` (a space ends the run) and `a IS NOT NULL` pass the pre-scan (and are
    // refused for the tree's depth), `a--b` does not.
    expect(stable(deep('a - -b')).diagnostics.map((x) => x.message)).toEqual([expect.stringMatching(TREE)]);
    expect(stable(deep('a IS NOT NULL')).diagnostics.map((x) => x.message)).toEqual([expect.stringMatching(TREE)]);
    const text = deep('a--b');
    const d = stable(text).diagnostics;
    expect(d.map((x) => x.message)).toEqual([expect.stringMatching(EXPRESSION)]);
    expect(d[0].span.start).toBe(text.indexOf('--') + 1);
    expect(stable(EVAL + '('.repeat(L) + 'a IS NOT NULL' + ')'.repeat(L)).diagnostics.map((x) => x.message)).toEqual([expect.stringMatching(EXPRESSION)]);
  });

  it('does not count a flat chain of NOT terms, nor binary signs, as nesting (the tree does count the chain)', () => {
    const chain = 'FROM a | WHERE ' + Array.from({ length: 600 }, (_, i) => `not a${i} == 1`).join(' and ');
    expect(stable(chain).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(TREE)]);
    const sums = EVAL + Array.from({ length: 600 }, (_, i) => `-a${i}`).join(' - ');
    expect(stable(sums).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(TREE)]);
    expect(stable('FROM a | WHERE ' + Array.from({ length: 300 }, (_, i) => `not a${i} == 1`).join(' and ')).diagnostics).toEqual([]);
  });

  it('with an error at the bottom: its first problem up to the limit, the limit past it', () => {
    for (const make of [parens, calls]) {
      for (const n of [L - 1, L]) {
        const text = make(n, '1 ==');
        const d = stable(text).diagnostics;
        expect(d).toHaveLength(1);
        expect(d[0].message).toMatch(/^Unexpected '\)' \(the query nests more than 32 levels deep/);
        expect(d[0].span.start).toBe(text.indexOf(')'));
      }
      const d = stable(make(L + 1, '1 ==')).diagnostics;
      expect(d).toHaveLength(1);
      expect(d[0].message).toMatch(EXPRESSION);
    }
  });

  it('with a lexical error: the lexical error, as Elasticsearch lexes the whole query first', () => {
    for (const n of [L - 1, L, L + 1, 3 * L]) {
      const text = parens(n, '"\\q"');
      const d = stable(text).diagnostics;
      expect(d).toHaveLength(1);
      expect(d[0].message).toMatch(/^Invalid escape sequence '\\q'/);
      expect(d[0].span).toEqual({ start: text.indexOf('\\q'), end: text.indexOf('\\q') + 2 });
    }
  });
});

describe("Elasticsearch's depth of the expression tree (MAX_EXPRESSION_DEPTH, 400, while it builds the tree)", () => {
  const terms = (n: number, term: (i: number) => string, op: string) => Array.from({ length: n }, (_, i) => term(i)).join(` ${op} `);
  // The last that passes, the first that does not, by our reading of Elasticsearch's builder: a WHERE
  // (1) over an OR chain of N comparisons (N - 1 ORs, the comparison, its operand) is N + 2 deep.
  const cases: Array<[string, (n: number) => string, number]> = [
    ['an OR chain of comparisons', (n) => 'FROM a | WHERE ' + terms(n, (i) => `a == ${i}`, 'or'), L - 2],
    ['an AND chain of calls', (n) => 'FROM a | WHERE ' + terms(n, (i) => `starts_with(a, "${i}")`, 'and'), L - 2],
    ['a sum', (n) => EVAL + terms(n, (i) => `a${i}`, '+'), L - 1],
    ['nested parentheses (two levels each)', (n) => parens(n), L / 2 - 1],
    ['nested calls', (n) => calls(n), L - 2],
    ['parenthesized operands', (n) => EVAL + '('.repeat(n) + '(a) + (b)' + ')'.repeat(n), L / 2 - 3],
    ['NOTs', (n) => 'FROM a | WHERE ' + 'not '.repeat(n) + 'a', L - 2],
    ['signs on a name', (n) => EVAL + '- '.repeat(n) + 'a', L - 2],
    ['signs on a number (the last one is the constant\'s)', (n) => EVAL + '- '.repeat(n) + '1', L - 1],
    // Three levels each: the primary expression, the cast's operand, the parenthesis.
    ['casts', (n) => EVAL + '('.repeat(n) + 'a' + ')::long'.repeat(n), 132],
    ['an IN list in parentheses', (n) => 'FROM a | WHERE ' + '('.repeat(n) + 'a IN ((1), 2)' + ')'.repeat(n), L / 2 - 3],
    ['STATS and SORT expressions', (n) => 'FROM a | STATS x = max(' + terms(n, (i) => `a${i}`, '*') + ') BY b | SORT x', L - 2],
  ];
  it.each(cases)('%s: passes at its depth, one level more is one diagnostic, the same on every call and path', (_, make, last) => {
    const ok = stable(make(last));
    expect(ok.diagnostics).toEqual([]);
    const text = make(last + 1);
    const { ast, diagnostics } = stable(text);
    expect(diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(TREE)]);
    // The tree is kept (the query parsed); the range is the node or parenthesis one level too deep.
    expect(ast.commands.length).toBeGreaterThan(1);
    expect(diagnostics[0].span.end).toBeGreaterThan(diagnostics[0].span.start);
    expect(diagnostics[0].span.end).toBeLessThanOrEqual(text.length);
  });

  it('counts each expression of a command from one level, and the commands of FORK branches and subqueries', () => {
    const chain = (n: number) => terms(n, (i) => `a == ${i}`, 'or');
    expect(stable('FROM a | WHERE ' + chain(L - 2) + ' | WHERE ' + chain(L - 2)).diagnostics).toEqual([]);
    const fork = stable(`FROM a | FORK (WHERE ${chain(L - 1)}) (LIMIT 1)`).diagnostics.map((d) => d.message);
    expect(fork.filter((m) => TREE.test(m))).toHaveLength(1);
    const sub = stable(`FROM a, (FROM b | WHERE ${chain(L - 1)})`).diagnostics.map((d) => d.message);
    expect(sub.filter((m) => TREE.test(m))).toHaveLength(1);
  });

  it('is not checked on a query with errors (Elasticsearch reports its syntax error first)', () => {
    const text = 'FROM a | WHERE ' + terms(L, (i) => `a == ${i}`, 'or') + ' | LIMIT';
    expect(stable(text).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^Expected/)]);
  });
});

describe("Elasticsearch's limit of processing commands (MAX_QUERY_DEPTH, 500)", () => {
  it('parses up to 500 processing commands and reports the 501st, the same on every call and path', () => {
    for (const n of [MAX_QUERY_DEPTH - 1, MAX_QUERY_DEPTH]) {
      const { ast, diagnostics } = stable(pipeline(n));
      expect(diagnostics).toEqual([]);
      expect(ast.commands).toHaveLength(n + 1);
    }
    for (const n of [MAX_QUERY_DEPTH + 1, 31_000]) {
      const text = pipeline(n);
      const { ast, diagnostics } = stable(text);
      expect(ast.commands).toEqual([]);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0].message).toMatch(COMMANDS);
      // `| WHERE` of the 501st command.
      const at = nth(text, '|', MAX_QUERY_DEPTH + 1);
      expect(diagnostics[0].span).toEqual({ start: at, end: at + '| WHERE'.length });
    }
  });

  it('counts the commands of an EXPLAIN with those after it, not those of a FORK branch or a FROM subquery', () => {
    const explain = (inner: number, outer: number) => 'EXPLAIN (FROM a' + ' | LIMIT 1'.repeat(inner) + ')' + ' | LIMIT 1'.repeat(outer);
    expect(stable(explain(300, 200)).diagnostics.filter((d) => COMMANDS.test(d.message))).toEqual([]);
    const d = stable(explain(300, 201)).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0].message).toMatch(COMMANDS);
    const branch = '(WHERE a > 1' + ' | LIMIT 1'.repeat(600) + ')';
    const fork = `FROM a | FORK ${branch} ${branch}`;
    expect(stable(fork).diagnostics.filter((x) => COMMANDS.test(x.message))).toEqual([]);
    const sub = 'FROM a, (FROM b' + ' | LIMIT 1'.repeat(600) + ')';
    expect(stable(sub).diagnostics.filter((x) => COMMANDS.test(x.message))).toEqual([]);
  });

  it('with errors: all of them up to the limit; past it the limit, or the lexical errors', () => {
    // Under the limit, an error in a command is reported as always (and the same on both paths).
    const broken = pipeline(MAX_QUERY_DEPTH - 1) + ' | WHERE';
    expect(stable(broken).diagnostics.map((d) => d.message)).toEqual(['Expected an expression but found the end of the query']);
    const past = pipeline(MAX_QUERY_DEPTH + 1) + ' | WHERE';
    expect(stable(past).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(COMMANDS)]);
    const lexical = pipeline(MAX_QUERY_DEPTH + 1) + ' | WHERE a == "\\q"';
    expect(stable(lexical).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^Invalid escape sequence/)]);
  });

  it('says nothing of nesting: a long pipeline is not "nested"', () => {
    expect(stable(pipeline(MAX_QUERY_DEPTH + 1)).diagnostics[0].message).not.toMatch(/nest/);
  });
});

describe('the reference path and deep nesting (REFERENCE_NESTING)', () => {
  it('gives the same results on both paths around REFERENCE_NESTING and the limits', () => {
    const inputs: string[] = [];
    for (const n of [REFERENCE_NESTING - 1, REFERENCE_NESTING, REFERENCE_NESTING + 1, L - 1, L, L + 1]) {
      for (const inner of ['1', '1 ==', '"\\q"', 'a IN (1, 2)', 'x::integer']) inputs.push(parens(n, inner), calls(n, inner));
      inputs.push('FROM a | WHERE ' + 'not ('.repeat(n >> 1) + 'a' + ')'.repeat(n >> 1));
      inputs.push('FROM a | WHERE ' + 'not ('.repeat(n >> 1) + 'a ==' + ')'.repeat(n >> 1));
      inputs.push(EVAL + '['.repeat(n) + '1' + ']'.repeat(n));
    }
    for (const n of [MAX_QUERY_DEPTH - 1, MAX_QUERY_DEPTH, MAX_QUERY_DEPTH + 1]) inputs.push(pipeline(n), pipeline(n, ' | EVAL x = (1 + 2'), pipeline(n, ' | WHERE "\\q"'));
    expectSameResults(inputs, fast, reference);
  });

  it('past REFERENCE_NESTING reports one problem, with its note, where the fast parser stops', () => {
    const text = parens(REFERENCE_NESTING + 1, '1 ==');
    const d = stable(text).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0].span).toEqual({ start: text.indexOf(')'), end: text.indexOf(')') + 1 });
    // At REFERENCE_NESTING the reference path's own message.
    expect(stable(parens(REFERENCE_NESTING, '1 ==')).diagnostics.map((x) => x.message)).toEqual(['Expected an expression but found \')\'']);
  });

  it("stops the Chevrotain parser past its rule-stack limit, and only that parse", () => {
    // parse() never gives it such a text; the safety net must stop it and leave later parses alone.
    parseTokens(lex(parens(200, '1 ==')).tokens);
    expect(getParser().overflow.overflowed).toBe(true);
    reference();
    expect(parse('FROM a | WHERE').diagnostics.map((d) => d.message)).toEqual(['Expected an expression but found the end of the query']);
    fast();
  });
});

describe('every command of the grammar past REFERENCE_NESTING (the fast parser alone)', () => {
  const N = REFERENCE_NESTING + 8;
  const nested = '('.repeat(N) + 'x' + ')'.repeat(N);
  const deep = ` | WHERE ${nested} > 1`;
  const shallow = ' | WHERE x > 1';
  const NOTE = /\(the query nests more than 32 levels deep/;

  it('parses each command without a false error, to the AST of the reference path', () => {
    for (const [queries, snapshot] of [[NEW_COMMANDS, false], [SNAPSHOT_ONLY, true]] as const) {
      for (const q of queries) {
        const { ast, diagnostics } = parse(q + deep, { snapshot });
        expect([q, diagnostics]).toEqual([q, []]);
        reference();
        const expected = parse(q + shallow, { snapshot });
        fast();
        expect(expected.diagnostics).toEqual([]);
        // The same commands up to the deep WHERE (the reference path reads the shallow one).
        expect(ast.settings).toEqual(expected.ast.settings);
        expect(ast.commands.slice(0, -1)).toEqual(expected.ast.commands.slice(0, -1));
      }
    }
  });

  it('parses the deep expression inside those commands', () => {
    for (const q of [
      `FROM a | FORK (WHERE ${nested}) (LIMIT 1)`,
      `FROM a | LOOKUP JOIN lk ON a, ${nested}`,
      `FROM a, (FROM b | EVAL y = ${nested})`,
      `FROM a | RERANK "q" ON f = ${nested}`,
      `FROM a | URI_PARTS u = ${nested} | USER_AGENT ua = ${nested}`,
      `FROM a | MMR ${nested} ON v LIMIT 1`,
      `SET a = 1; FROM a | ENRICH p ON a WITH b | WHERE ${nested}`,
    ]) {
      expect([q, parse(q).diagnostics]).toEqual([q, []]);
    }
    expect(parse(`EXPLAIN (FROM a | WHERE ${nested})`, { snapshot: true }).diagnostics).toEqual([]);
  });

  it("reports a problem of such a command as the first problem, where the reference path's first one starts", () => {
    const cases = [...BROKEN_COMMANDS.map((q) => [q, true] as const), ...BROKEN_COMMANDS.map((q) => [q, false] as const), ...SNAPSHOT_ONLY.map((q) => [q, false] as const)];
    let checks = 0;
    for (const [q, snapshot] of cases) {
      reference();
      const [first] = parse(q + shallow, { snapshot }).diagnostics;
      fast();
      const d = parse(q + deep, { snapshot }).diagnostics;
      expect([q, d.length, d[0]?.message]).toEqual([q, 1, expect.stringMatching(NOTE)]);
      expect([q, snapshot, d[0].span.start]).toEqual([q, snapshot, first.span.start]);
      // A syntax error: "Unexpected 'token'" there; a check of the builder: its own diagnostic.
      if (d[0].message.startsWith('Unexpected ')) continue;
      checks++;
      expect([q, snapshot, d[0]]).toEqual([q, snapshot, { ...first, message: expect.stringMatching(NOTE) }]);
      expect(d[0].message.startsWith(`${first.message} (`)).toBe(true);
    }
    expect(checks).toBeGreaterThan(10);
  });

  it("reports the builder's checks of the other commands with its message too", () => {
    for (const q of [
      'FROM a | STATS', 'FROM a | INLINE STATS BY b', 'FROM a | INLINESTATS BY b', 'FROM a | LIMIT -1', 'FROM a | LIMIT [1]',
      'FROM a | EVAL x = a::nosuchtype', 'FROM a | EVAL x = 1 parsecs', 'FROM a | EVAL x = [1, "a"]', 'FROM a METADATA _nosuch',
      'FROM a METADATA _id, _id', 'FROM a::nosuch', 'FROM a | DISSECT m "%{a}" FOO = "-"', 'FROM a | DISSECT m "%{a}" APPEND_SEPARATOR = 1',
      'FROM a | LOOKUP JOIN lk::nope ON a', 'FROM a | WHERE f(a) : "b"', 'FROM a | WHERE (a + 1)::keyword : "b"',
      'FROM a | EVAL x = f(a, {"a": 1}, b)', 'FROM a | EVAL x = f(a, {"a": 1}, {"b": 2}, c)',
    ]) {
      reference();
      const [first] = parse(q + shallow).diagnostics;
      fast();
      const d = parse(q + deep).diagnostics;
      expect([q, d]).toEqual([q, [{ ...first, message: `${first.message} (${d[0].message.split(' (').pop()}` }]]);
      expect(d[0].message).toMatch(NOTE);
    }
  });
});
