import { describe, expect, it } from 'vitest';
import { parse, print, type Query } from '../src/index.js';
import { stripSpans } from './strip.js';

/** Valid queries, by construct: no diagnostic, and the printer round trip keeps the AST. */
const valid: Record<string, string[]> = {
  from: [
    'FROM logs-*',
    'FROM logs-*, "quoted-*", remote:idx',
    'FROM <logs-{now/d}>',
    'FROM logs::data, c:logs::failures',
    'FROM a METADATA _id, _index, _version, _score',
    'from a metadata _id',
    'FROM a /* c */ , b // x',
  ],
  // FROM subqueries are released (tech preview) since 9.4.0.
  subquery: [
    'FROM a, (FROM b | WHERE c) | KEEP d',
    'FROM (FROM b METADATA _index | STATS c = count(*) BY _index), (FROM e) METADATA _index',
  ],
  ts: ['TS metrics-*', 'TS metrics-* | STATS max(rate(x)) BY bucket(@timestamp, 1 minute)'],
  row: ['ROW a = 1, b = "x", c = [1, 2], d = 1 hour, e = -1.5e3', 'ROW f = ?p, g = ?, h = ?1', 'ROW [true, false]', 'ROW a = .5, b = 1e10, c = 1.'],
  show: ['SHOW INFO', 'show info'],
  where: [
    'FROM a | WHERE a == 1 AND b != 2 OR c < 3 AND d <= 4 AND e > 5 AND f >= 6',
    'FROM a | WHERE NOT a AND NOT NOT b',
    'FROM a | WHERE -a * 2 + 3 % 4 / 5 - 6 > 4',
    'FROM a | WHERE a IN (1, 2) AND b NOT IN ("x") AND c IS NULL AND d IS NOT NULL',
    'FROM a | WHERE a LIKE "a*" AND b NOT LIKE "b?" AND c RLIKE "c.*" AND d NOT RLIKE "d"',
    'FROM a | WHERE a LIKE ("a*", "b*") AND b NOT LIKE ("x", "y")',
    'FROM a | WHERE e : "text" AND f::keyword : "x"',
    'FROM a | WHERE `a``b` == 1 AND `host.name` == "x" AND `first` == 1',
    'FROM a | WHERE @timestamp > NOW() - 7 days',
    'FROM a | WHERE a == """tri"ple""" AND b == "es\\"c\\\\ape\\t"',
    'FROM a | WHERE (a == 1) == true',
    'FROM a | WHERE a == ?param AND b == ?1 AND c == ? AND ??field == 1',
    'FROM a | WHERE KQL("x:y") AND MATCH(message, "q", {"fuzziness": 1})',
  ],
  eval: [
    'FROM a | EVAL x = to_ip(a)::ip, y = a::integer, z = "1"::long',
    'FROM a | EVAL a + 1, b.c = CASE(x, 1, 2)',
    'FROM a | EVAL w = f(a, {"k": 1, "m": {"n": true}, "l": [1, 2]})',
    'FROM a | EVAL x = FIRST(a, b), y = LAST(a, b)',
    'FROM a | EVAL metadata = 1, eval = 2, keep = 3',
    'FROM a | EVAL d = 1 day + 2 hours - 3 ms',
  ],
  stats: [
    'FROM a | STATS count(*)',
    'FROM a | STATS x = count(*), avg(b) WHERE c > 1 BY d, e = bucket(f, 1 hour)',
    'FROM a | STATS BY d',
    'FROM a | INLINE STATS x = max(a) BY b',
    'FROM a | INLINESTATS x = max(a) BY b',
  ],
  keep: [
    'FROM a | KEEP first, on, metadata, Esql.*, *name, `a b`, @timestamp, _id',
    'FROM a | DROP a*, b.c, *',
    'FROM a | KEEP ?p, ??q',
  ],
  rename: ['FROM a | RENAME a AS b, c = d', 'FROM a | RENAME a.* AS b.*'],
  sort: ['FROM a | SORT a ASC NULLS FIRST, b DESC, c NULLS LAST, d + 1'],
  limit: ['FROM a | LIMIT 10', 'FROM a | LIMIT 0', 'FROM a | LIMIT 2147483647', 'FROM a | LIMIT ?n'],
  dissect: ['FROM a | DISSECT a "%{b} %{c}" APPEND_SEPARATOR = "-"', 'FROM a | DISSECT a """%{b}"""', 'FROM a | DISSECT a "%{k} %{+k} %{p->} %{?s} %{} %{+k/2}"', 'FROM a | KEEP *, `*`'],
  grok: ['FROM a | GROK a "%{IP:ip} %{WORD:w}", "%{NUMBER:n:int}"', 'FROM a | GROK a "%{WORD:w} %{WORD:w}", "%{WORD:w}"', 'FROM a | GROK a "[()] \\\\( %{WORD:w} (?<n>[^]]+) [[:alpha:]] (?:x|y)"', 'FROM a | GROK a "%{COMBINEDAPACHELOG} %{CISCOFW106001} %{ZEEK_HTTP} %{X:y=\\\\d+} %{ not a reference"', 'FROM a | GROK CONCAT(a, b) "(?<x>\\\\d+)"'],
  enrich: [
    'FROM a | ENRICH policy ON a WITH b = c, d',
    'FROM a | ENRICH _remote:policy',
    'FROM a | ENRICH my-policy.v1 WITH x',
  ],
  mv_expand: ['FROM a | MV_EXPAND a.b', 'FROM a | MV_EXPAND `a b`'],
  join: ['FROM a | LOOKUP JOIN lookup_idx ON a, b', 'FROM a | LOOKUP JOIN lookup_idx ON a == b AND c > 1', 'FROM a | lookup join l on x'],
  change_point: ['FROM a | CHANGE_POINT v', 'FROM a | CHANGE_POINT v ON k AS t, p'],
  fork: ['FROM a | FORK (WHERE a > 1) (EVAL b = 2 | LIMIT 3)', 'FROM a | FORK (WHERE a) (WHERE b) (WHERE c) | FUSE'],
  fuse: ['FROM a | FUSE', 'FROM a | FUSE linear SCORE BY s KEY BY k1, k2 GROUP BY g WITH {"normalizer": "minmax"}'],
  completion: ['FROM a | COMPLETION c = "prompt" WITH {"inference_id": "x"}', 'FROM a | COMPLETION CONCAT(a, b) WITH {"inference_id": "x"}'],
  rerank: ['FROM a | RERANK r = "query" ON a, b WITH {"inference_id": "x"}', 'FROM a | RERANK "q" ON a'],
  sample: ['FROM a | SAMPLE 0.5', 'FROM a | SAMPLE .01'],
  others: [
    'FROM a | URI_PARTS p = url.original',
    'FROM a | REGISTERED_DOMAIN d = dns.question.name',
    'TS m | METRICS_INFO',
    'TS m | TS_INFO',
    'FROM a | MMR ON v LIMIT 10',
    // Released in 9.4 (URI_PARTS, REGISTERED_DOMAIN, USER_AGENT) and 9.5 (IP_LOCATION, TS_COLLAPSE), per Elastic's command docs.
    'FROM a | USER_AGENT ua = user_agent.original',
    'FROM a | USER_AGENT ua = s WITH {"properties": ["name", "os"], "extract_device_type": true}',
    'FROM a | IP_LOCATION g = source.ip WITH {"database_file": "GeoLite2-Country.mmdb"}',
    'TS m | TS_COLLAPSE',
    'SET approximation = true; FROM a',
  ],
  comments: ['// only a comment\nFROM a\n/* multi\nline */ | KEEP a // end'],
};

describe('valid queries', () => {
  for (const [construct, queries] of Object.entries(valid)) {
    describe(construct, () => {
      it.each(queries)('%s', (q) => {
        const { ast, diagnostics } = parse(q);
        expect(diagnostics).toEqual([]);
        const again = parse(print(ast));
        expect(again.diagnostics).toEqual([]);
        expect(stripSpans(again.ast)).toEqual(stripSpans(ast));
      });
    });
  }
});

/** Invalid queries: [query, the text the first diagnostic points at (found by its offset), part of its message]. */
const invalid: Array<[string, string, number, RegExp]> = [
  ['FROM a | WHERE a = 1', '=', 17, /'=='/],
  ['FROM a | WHERE a == "\\."', '\\.', 21, /Invalid escape sequence '\\\.'/],
  ['FROM a | WHERE a == "x\\q"', '\\q', 22, /escape/],
  ['FROM a | WHERE a or', '', 19, /Expected an expression but found the end of the query/],
  ['FROM a | WHERE a AND', '', 20, /Expected an expression/],
  ['FROM a | STATS', 'STATS', 9, /at least one aggregation/],
  ['FROM a | EVAL x = 1 foo', 'foo', 20, /Unknown time unit 'foo'/],
  ['FROM a | EVAL x = a::foo', 'foo', 21, /Unknown data type 'foo'/],
  ['FROM a | WHERE a == 1 | FOO bar | KEEP a', 'FOO', 24, /Unknown command 'FOO'/],
  ['FROM a | LIMIT -1', '-1', 15, /non-negative integer/],
  ['FROM a | LIMIT 1.5', '1.5', 15, /non-negative integer/],
  ['FROM a | LIMIT 2147483648', '2147483648', 15, /at most 2147483647, not 2147483648/],
  ['FROM a | LIMIT 99999999999999999999', '99999999999999999999', 15, /at most 2147483647/],
  ['FROM a | SAMPLE 2', '2', 16, /between 0 and 1/],
  ['FROM a | KEEP *, b, *', '*', 20, /KEEP takes \* at most once/],
  ['TS m, (FROM b | KEEP x)', '(FROM b | KEEP x)', 6, /TS does not take subqueries/],
  ['FROM a | GROK b "(%{WORD:w}"', '"(%{WORD:w}"', 16, /a \( is not closed/],
  ['FROM a | GROK b "%{WORD:w})"', '"%{WORD:w})"', 16, /a \) closes no \(/],
  ['FROM a | GROK b "(?P<j>.+)"', '"(?P<j>.+)"', 16, /\(\?P< is not a group/],
  ['FROM a | GROK b "[abc"', '"[abc"', 16, /character class is not closed/],
  ['FROM a | LOOKUP JOIN idx* ON b', 'idx*', 21, /not a pattern: \* is not allowed in idx\*/],
  ['FROM a | LOOKUP JOIN c:idx ON b', 'c:idx', 21, /does not support remote clusters/],
  ['FROM a | LOOKUP JOIN "c:idx" ON b', '"c:idx"', 21, /does not support remote clusters/],
  ['FROM a | LOOKUP JOIN idx ON b, c, b', 'b', 34, /JOIN ON names b twice/],
  ['FROM a | DISSECT b "%{*k} %{&k}"', '%{*k}', 20, /Reference keys such as %\{\*k\} are not supported/],
  ['FROM a | DISSECT b "%{?k} %{}"', '"%{?k} %{}"', 19, /no key to extract/],
  ['FROM a | DISSECT b "plain text"', '"plain text"', 19, /no key to extract/],
  ['FROM a | GROK b "%{IPADR:ip}"', 'IPADR', 19, /Unknown grok pattern 'IPADR'/],
  ['FROM a | GROK b "%{WORD:w}", "%{NUMBR:n:int}"', 'NUMBR', 32, /Unknown grok pattern 'NUMBR'.*did you mean NUMBER/],
  ['FROM a | GROK b "%{NUMBER:n} %{WORD:n}"', 'n', 36, /attribute \[n\] is defined multiple times with different types \(%\{NUMBER:n\} and %\{WORD:n\}\)/],
  ['FROM a | GROK b "%{WORD:n}", "%{WORD:n:int}"', 'n', 37, /attribute \[n\] is defined multiple times/],
  ['FROM a | GROK b "(?<n>x) %{WORD:n}"', 'n', 32, /\(\?<n>\.\.\.\) and %\{WORD:n\}/],
  ['FROM a | FORK (WHERE a > 1)', 'FORK (WHERE a > 1)', 9, /two branches/],
  ['FROM a | LEFT JOIN b ON c', 'LEFT', 9, /snapshot/],
  ['FROM a METADATA _foo', '_foo', 16, /Unsupported METADATA field '_foo'/],
  ['FROM a | WHERE f(x) : "q"', 'f(x)', 15, /needs a field name/],
  ['FROM a | KEEP', '', 13, /Expected a field name or pattern/],
  ['FROM a |', '|', 7, /after '\|'/],
  ['FROM a | | KEEP a', '|', 7, /after '\|'/],
  ['WHERE a == 1', 'WHERE', 0, /must start with a source command/],
  ['', '', 0, /Empty query/],
  ['FROM a | FROM b', 'FROM', 9, /source command/],
  ['FROM a | DISSECT a "%{b}" foo = "x"', 'foo', 26, /Invalid DISSECT option/],
  ['FROM a | WHERE a IN ()', ')', 21, /Expected an expression/],
  ['FROM a | EVAL x = (1', '', 20, /Expected '\)'/],
  ['FROM a | WHERE "abc', '"abc', 15, /Unterminated string/],
  ['FROM a | WHERE a == [1, "a"]', '[1, "a"]', 20, /must all be/],
  ['FROM a | EVAL first = 1', 'first', 14, /reserved word/],
  ['FROM a | WHERE on == 1', 'on', 15, /reserved word/],
  ['FROM a | WHERE a == 1 b', 'b', 22, /Unknown time unit/],
  ['FROM a | WHERE a === 1', '=', 19, /Expected an expression/],
  ['FROM a | WHERE a == 1 AND', '', 25, /Expected an expression/],
  ['FROM a | WHERE a == b == c', '==', 22, /Unexpected '=='/],
  ['FROM a | WHERE a LIKE b', 'b', 22, /Expected/],
  ['FROM a | EVAL x = 1.5 days', 'days', 22, /Unexpected 'days'/],
  ['FROM a | WHERE a == """multi\nline"""', '"""', 20, /triple-quoted/],
  ['FROM a | KEEP 1abc', '1abc', 14, /cannot start with a digit/],
  ['FROM a | EVAL _ = 1', '_', 14, /not a valid name/],
  ['FROM a | WHERE a =~ "x"', '=~', 17, /snapshot/],
  ['FROM a | ENRICH _bad:policy', '_bad', 16, /ENRICH mode/],
  ['FROM a::other', 'other', 8, /selector/],
  ['FROM a | SORT a ASC DESC', 'DESC', 20, /Unexpected 'DESC'/],
  ['FROM a | EVAL f(x, {"a": 1}, y)', '{"a": 1}', 19, /last argument/],
  // One map only (Elasticsearch's grammar: `(COMMA mapExpression)?` after the arguments).
  ['FROM a | EVAL f(x, {"a": 1}, {"b": 2})', '{"a": 1}', 19, /last argument/],
  ['FROM a | WHERE a == 1 /* open', '/*', 22, /Unterminated comment/],
  ['FROM a | WHERE `a == 1', '`a == 1', 15, /Unterminated quoted name/],
  ['FROM a | WHERE a ! b', '!', 17, /Unexpected character '!'/],
  ['FROM a | STATS count(*) BY', '', 26, /Expected an expression/],
  ['FROM a | RENAME a', '', 17, /Expected/],
  ['FROM a | WHERE a == 1 | KEEP b WHERE', 'WHERE', 31, /'\|'/],
  ['FROM a | INLINE STATS BY b', 'INLINE STATS', 9, /aggregation/],
  ['FROM a | EVAL x = ', '', 18, /Expected an expression/],
  // Elasticsearch's lexer reads a command name up to white space, '[', ']' or '/'.
  ['FROM a | WHERE(a > 1)', 'WHERE(a', 9, /put a space after WHERE/],
  ['FROM a | SORT@timestamp', 'SORT@timestamp', 9, /put a space after SORT/],
  ['FROM a | METRICS_INFO| KEEP x', 'METRICS_INFO|', 9, /put a space after METRICS_INFO/],
  ['FROM a | FOO(x)', 'FOO(x)', 9, /Unknown command 'FOO\(x\)'/],
  // Development-only commands (documented for 9.6).
  ['FROM a | HIGHLIGHT "fox" ON content', 'HIGHLIGHT', 9, /not in a released Elasticsearch version/],
  ['FROM a | DENSE_VECTOR x', 'DENSE_VECTOR', 9, /not in a released Elasticsearch version/],
  ['FROM a | DEDUP', 'DEDUP', 9, /snapshot builds/],
  // URI_PARTS and REGISTERED_DOMAIN take no options; USER_AGENT and IP_LOCATION need `prefix = expression`.
  ['FROM a | REGISTERED_DOMAIN d = x WITH {"a": 1}', 'WITH', 33, /Unexpected 'WITH'/],
  ['FROM a | URI_PARTS p = url WITH {"a": 1}', 'WITH', 27, /Unexpected 'WITH'/],
  ['FROM a | USER_AGENT ua', '', 22, /Expected '='/],
  ['FROM a | IP_LOCATION g', '', 22, /Expected '='/],
];

describe('invalid queries', () => {
  it.each(invalid)('%s', (q, text, start, message) => {
    const { diagnostics } = parse(q);
    expect(diagnostics.length).toBeGreaterThan(0);
    const d = diagnostics[0];
    // Refusals with a code of their own; every other is a syntax error.
    expect(d.code).toBe(/METADATA _foo/.test(q) ? 'unknown-metadata-field' : 'syntax-error');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(message);
    expect(d.span.start).toBe(start);
    expect(q.slice(d.span.start, d.span.end)).toBe(text);
  });
});

describe('snapshot-only syntax', () => {
  it.each([
    'FROM a | LEFT JOIN b ON c',
    'FROM a | RIGHT JOIN b ON c',
    'EXPLAIN (FROM a | KEEP b)',
    'FROM a | LIMIT 10 BY b',
    'FROM a | DEDUP',
  ])('%s: rejected by default, accepted with { snapshot: true }', (q) => {
    expect(parse(q).diagnostics.map((d) => d.message).join()).toMatch(/snapshot/);
    expect(parse(q, { snapshot: true }).diagnostics).toEqual([]);
  });
});

describe('AST shape', () => {
  const cmd = (q: string, k = 1) => parse(q).ast.commands[k];
  it('FROM sources', () => {
    const ast: Query = parse('FROM c1:logs-*::failures, "x y", <d-{now/d}> METADATA _id').ast;
    const from = ast.commands[0];
    expect(from.type).toBe('FromCommand');
    if (from.type !== 'FromCommand') return;
    expect(from.sources.map((s) => [s.cluster, s.index, s.selector, s.quoted])).toEqual([
      ['c1', 'logs-*', 'failures', false],
      [undefined, 'x y', undefined, true],
      [undefined, '<d-{now/d}>', undefined, false],
    ]);
    expect(from.metadata.map((m) => m.name)).toEqual(['_id']);
  });
  it('STATS aggregates and groups', () => {
    const s = cmd('FROM a | STATS n = count(*) WHERE x > 1, max(b) BY h = bucket(t, 1 hour), host.name');
    expect(s.type).toBe('StatsCommand');
    if (s.type !== 'StatsCommand') return;
    expect(s.aggregates.map((a) => [a.name?.name, a.expression?.type, a.where?.type])).toEqual([
      ['n', 'FunctionCall', 'BinaryExpression'],
      [undefined, 'FunctionCall', undefined],
    ]);
    expect(s.by.map((b) => [b.name?.name, b.expression?.type])).toEqual([
      ['h', 'FunctionCall'],
      [undefined, 'Column'],
    ]);
  });
  it('precedence: AND binds tighter than OR, * tighter than +, NOT tighter than AND', () => {
    const w = cmd('FROM a | WHERE NOT a OR b AND c + d * e > 1');
    if (w.type !== 'WhereCommand') throw new Error();
    expect(print({ type: 'Query', span: w.span, settings: [], commands: [w] })).toBe('WHERE NOT a OR b AND c + d * e > 1');
    const c = w.condition!;
    expect(c.type === 'BinaryExpression' && c.operator).toBe('or');
    if (c.type !== 'BinaryExpression') return;
    expect(c.left?.type).toBe('UnaryExpression');
    expect(c.right?.type === 'BinaryExpression' && c.right.operator).toBe('and');
  });
  it('literals', () => {
    const r = cmd('ROW a = 1, b = 1.5, c = "x\\ty", d = true, e = null, f = 2 hours, g = ?p, h = """r\\aw"""', 0);
    if (r.type !== 'RowCommand') throw new Error();
    expect(r.assignments.map((a) => stripSpans(a.expression))).toEqual([
      { type: 'Literal', literalType: 'integer', value: '1' },
      { type: 'Literal', literalType: 'decimal', value: '1.5' },
      { type: 'Literal', literalType: 'string', value: 'x\ty', tripleQuoted: false },
      { type: 'Literal', literalType: 'boolean', value: true },
      { type: 'Literal', literalType: 'null', value: null },
      { type: 'Literal', literalType: 'timespan', value: '2', unit: 'hours' },
      { type: 'Literal', literalType: 'param', paramKind: 'named', value: 'p' },
      { type: 'Literal', literalType: 'string', value: 'r\\aw', tripleQuoted: true },
    ]);
  });
  it('function calls carry name and name span', () => {
    const q = 'FROM a | EVAL x = Mv_Count(b)';
    const e = cmd(q);
    if (e.type !== 'EvalCommand') throw new Error();
    const f = e.assignments[0].expression!;
    if (f.type !== 'FunctionCall') throw new Error();
    expect(f.name).toBe('Mv_Count');
    expect(q.slice(f.nameSpan.start, f.nameSpan.end)).toBe('Mv_Count');
  });
  it('quoted names are unquoted and joined', () => {
    const e = cmd('FROM a | EVAL `host`.`na``me` = 1');
    if (e.type !== 'EvalCommand') throw new Error();
    expect(e.assignments[0].name?.name).toBe('host.na`me');
    expect(e.assignments[0].name?.parts).toEqual(['host', 'na`me']);
  });
  it('casts', () => {
    const e = cmd('FROM a | EVAL x = a::INTEGER');
    if (e.type !== 'EvalCommand') throw new Error();
    expect(stripSpans(e.assignments[0].expression)).toEqual({
      type: 'Cast',
      expr: { type: 'Column', name: 'a', parts: ['a'] },
      targetType: 'integer',
    });
  });
});
