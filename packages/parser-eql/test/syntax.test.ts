import { describe, expect, it } from 'vitest';
import { parse, print, type Expression, type Query } from '../src/index.js';
import { withoutSpans } from './support.js';

/** Queries Elasticsearch EQL accepts, per construct. */
const valid: Record<string, string[]> = {
  'event queries': [
    'process where true',
    'any where true',
    '"process" where true',
    'process where process.name == "cmd.exe"',
    'process where @timestamp > 0',
    'network where destination.port in (80, 443) and not source.ip == null',
  ],
  comparisons: [
    'process where a == 1',
    'process where a != 1',
    'process where a < 1 and b <= 2 and c > 3 and d >= 4',
    // A constant on the left is moved to the right by Elasticsearch's optimizer.
    'process where 1 < a',
    // A missing optional field becomes null, so whether this compares two fields depends on the mapping.
    'process where ?a == b',
    'process where (a == 1 or b == 2) and not c == 3',
    'process where not not a',
  ],
  'string matching': [
    'process where a : "cmd*"',
    'process where a : ("a*", "b", "?c")',
    'process where a like "x*"',
    'process where a like~ ("x*", "y")',
    'process where a regex "[a-z]+"',
    'process where a regex~ """.*\\.exe"""',
    'process where a in ("a", "b")',
    'process where a in~ ("a", "b")',
    'process where a not in ("a", "b")',
    'process where a not in~ ("a")',
    'process where a in (1, "c", null)',
    'process where a in (1, ?b)',
  ],
  arithmetic: [
    'process where a + 1 * 2 - 3 / 4 % 5 > 0',
    'process where -a == -1',
    'process where +a == 1',
    'process where (a + b) * c == 2',
  ],
  functions: [
    'process where add(a, 1) == 2',
    'process where between(a, "x", "y") == "z"',
    'process where between(a, "x", "y", true) == "z"',
    'process where between~(a, "x", "y") == "z"',
    'process where cidrMatch(ip, "10.0.0.0/8")',
    'process where cidrmatch(ip, "10.0.0.0/8", "192.168.0.0/16")',
    'process where concat(a, "b", c) == "x"',
    'process where divide(a, 2) == 1',
    'process where endsWith(a, ".exe")',
    'process where endsWith~(a, ".EXE")',
    'process where indexOf(a, "x") == 0',
    'process where indexOf~(a, "x", 2) == 0',
    'process where length(a) > 3',
    'process where modulo(a, 2) == 0',
    'process where multiply(a, 2) == 4',
    'process where number(a) == 1',
    'process where number(a, 16) == 1',
    'process where startsWith(a, "x")',
    'process where startsWith~(a, "x")',
    'process where STARTSWITH(a, "x")',
    'process where string(a) == "1"',
    'process where stringContains(a, "x")',
    'process where stringContains~(a, "x")',
    'process where substring(a, 1) == "x"',
    'process where substring(a, 1, 3) == "x"',
    'process where subtract(a, 1) == 0',
  ],
  fields: [
    'process where ?user.id == "x"',
    'process where `odd name`.x == 1',
    'process where `a``b` == 1',
    'process where process.parent.name == "x"',
  ],
  literals: [
    'process where a == "tab\\tquote\\"backslash\\\\"',
    'process where a == "\\u{202E}"',
    'process where a == """C:\\Windows\\*"""',
    'process where a == """say "hi" """',
    'process where a == 1.5 or a == .5 or a == 1e3 or a == 2.',
    'process where a == true or a == false or a == null',
  ],
  comments: ['process where /* inline */ a == 1 // trailing', '/* a /* nested */ comment */ process where true'],
  sequences: [
    'sequence [process where true] [file where true]',
    'sequence by host.id [process where true] [file where true]',
    'sequence by host.id, user.id with maxspan=30s [process where true] [file where true]',
    'sequence with maxspan=1h [process where true] by a [file where true] by b',
    'sequence with maxspan=5m [process where true] [file where true] until [process where false]',
    'sequence [process where true] with runs=2',
    'sequence [process where true] with runs=1 [file where true] with runs=100',
    'sequence by host.id [process where true] with runs=3 [file where true]',
    'sequence with maxspan=1d [process where true] ![file where true]',
    'sequence with maxspan=500ms ![process where true] [file where true]',
    'sequence by a [process where true] by b [file where true] by c',
    // Elasticsearch ignores the '!' of a missing 'until' query (elastic/elasticsearch#132787, open).
    'sequence [process where true] [file where true] until ![network where true]',
    // 'with runs' on 'until' repeats it before the last copy is taken as 'until' (2 queries + until).
    'sequence [process where true] until [file where true] with runs=2',
  ],
  samples: [
    'sample by host.id [process where true] [file where true]',
    'sample [process where true] by a [file where true] by b',
    'sample by a [process where true] [file where true] [network where true]',
  ],
  pipes: [
    'process where true | head 5',
    'process where true | tail 1',
    'process where true | head 0',
    'process where true | head 1 + 1',
    'sequence [process where true] [file where true] | tail 3',
  ],
};

/**
 * Queries Elasticsearch EQL rejects: [query, message fragment, the text the diagnostic's span covers, code].
 * The code is `syntax-error` (the default) for what the grammar refuses, the cause's own code for what
 * Elasticsearch's parse-tree builder or verifier refuses.
 */
const invalid: Record<string, Array<[string, string, string, string?]>> = {
  strings: [
    ["process where a == 'x'", 'use double quotes', "'x'"],
    ['process where a == ?"x"', 'raw string', '?"x"'],
    ['process where a == "x\\q"', "escape sequence '\\q'", '\\q'],
    ['process where a == "x', 'Unterminated string', '"x'],
    ['process where a == """x', 'Unterminated raw string', '"""x'],
    ['process where a == "\\u{1}"', '2 to 8 hex digits', '\\u{1}'],
    ['process where a == "\\u{D800}"', 'Invalid unicode', '\\u{D800}'],
    ['process where a == """x\ny"""', 'raw strings cannot span lines', '"""x'],
    ['process where a ==\u00a01', 'no-break space', '\u00a0'],
  ],
  operators: [
    ['process where a = 1', "Expected '==' but found '='", '='],
    ['process where a == 1 && b == 2', "use 'and'", '&&'],
    ['process where a == 1 || b == 2', "use 'or'", '||'],
    ['process where !a', "negates with 'not'", '!'],
    ['process where a not like "x"', 'negate the whole condition', 'like'],
    ['process where a : b', "right side of ':' must be a constant", 'b', 'non-constant-value'],
    ['process where a == b == c', 'after the end of the query', '=='],
    // Elasticsearch only compares a field with a constant ("Comparisons against fields are not supported").
    ['process where opcode == pid', 'cannot compare a field with another field', 'pid', 'field-comparison'],
    ['process where a != (b)', 'cannot compare a field with another field', '(b)', 'field-comparison'],
    ['process where add(a, 1) >= length(b)', 'cannot compare a field with another field', 'length(b)', 'field-comparison'],
    ['process where a in (1, b, "c")', "values of 'in' must be constants", 'b', 'non-constant-value'],
    ['process where a not in~ ("x", b.c)', "values of 'in~' must be constants", 'b.c', 'non-constant-value'],
  ],
  'unsupported features': [
    ['process where descendant of [process where true]', 'Process relationships', 'descendant of', 'unsupported-eql'],
    ['process where child of [process where true]', 'Process relationships', 'child of', 'unsupported-eql'],
    ['process where event of [process where true]', 'Process relationships', 'event of', 'unsupported-eql'],
    ['process where a[0] == 1', 'Array indexes', '[0]', 'unsupported-eql'],
    ['join [process where true] [file where true]', "'join' queries are not supported", 'join', 'unsupported-eql'],
  ],
  functions: [
    ['process where foo(a)', "Unknown function 'foo'", 'foo', 'unknown-function'],
    ['process where startWith(a, "x")', "did you mean 'startsWith'", 'startWith', 'unknown-function'],
    ['process where startsWith(a)', 'expects exactly 2 arguments but got 1', 'startsWith(a)', 'wrong-argument-count'],
    ['process where length(a, b)', 'expects exactly 1 argument but got 2', 'length(a, b)', 'wrong-argument-count'],
    ['process where cidrMatch(a)', 'at least 2 arguments', 'cidrMatch(a)', 'wrong-argument-count'],
    ['process where between(a, "b")', '3 to 4 arguments', 'between(a, "b")', 'wrong-argument-count'],
    ['process where length~(a) > 1', "no case-insensitive variant", 'length~', 'unknown-function'],
    ['process where cidrMatch~(a, "x")', "no case-insensitive variant", 'cidrMatch~', 'unknown-function'],
  ],
  keywords: [
    // Keywords are lowercase only: Elasticsearch's lexer has lowercase literals and no case-insensitive stream.
    ['SEQUENCE [process where true] [file where true]', "Expected 'where'", '['],
    ['process where a == 1 OR b == 1', 'after the end of the query', 'OR'],
    ['process WHERE true', "write 'where'", 'WHERE'],
    ['process where a == 1 AND b == 1', "after the end of the query", 'AND'],
    ['where a == 1', 'but found', 'where'],
  ],
  sequences: [
    ['sequence with maxspan=5m by a [process where true] [file where true]', "'by' before 'with'", 'by a'],
    ['sequence [process where true]', 'minimum of 2 queries, found [1]', 'sequence', 'invalid-sequence'],
    ['sequence [process where true] until [file where true]', "not counting the 'until' query", 'sequence', 'invalid-sequence'],
    ['sequence [process where true] with runs=1 until [file where true] with runs=1', "not counting the 'until' query", 'sequence', 'invalid-sequence'],
    ['sequence [process where true] by a [file where true]', 'Inconsistent number of join keys', '[file where true]', 'invalid-sequence'],
    ['sequence [process where true] by a [file where true] by b, c', 'Inconsistent number of join keys', 'by b, c', 'invalid-sequence'],
    ['sequence with maxspan=5 [process where true] [file where true]', 'No time unit', '5', 'invalid-sequence'],
    ['sequence with maxspan=5y [process where true] [file where true]', 'Unrecognized time unit [y]', 'y', 'invalid-sequence'],
    ['sequence with maxspan=0s [process where true] [file where true]', 'positive maxspan', '0', 'invalid-sequence'],
    ['sequence with maxspan=1.5m [process where true] [file where true]', 'Decimal time interval', '1.5', 'invalid-sequence'],
    ['sequence with maxspan==5m [process where true] [file where true]', "Expected '=' but found '=='", '=='],
    ['sequence [process where true] with runs=0 [file where true]', 'positive runs value', 'with runs=0', 'invalid-sequence'],
    ['sequence [process where true] with runs=101', 'more than 100', 'with runs=101', 'invalid-sequence'],
    ['sequence [process where true] with runs==2', "Expected '=' but found '=='", '=='],
    ['sequence [process where true] with runs=2.5', 'positive integer', 'with runs=2.5', 'invalid-sequence'],
    ['sequence ![process where true] ![file where true] with maxspan=1m', 'goes in the sequence header', 'maxspan'],
    ['sequence with maxspan=1m ![process where true] with runs=2', 'at least one positive event', 'sequence', 'invalid-sequence'],
    ['sequence [process where true] [file where true] until [network where true] with runs=2 ![x where true]', 'after the end of the query', '!['],
    ['sequence [process where true] with count=2', "Unknown option 'count'", 'with count=2', 'invalid-sequence'],
    ['sequence ![process where true] ![file where true]', 'at least one positive event', 'sequence', 'invalid-sequence'],
    ['sequence [process where true] ![file where true]', "requires 'with maxspan", 'sequence', 'invalid-sequence'],
    // The missing events left once 'until' is taken off need a maxspan.
    ['sequence [process where true] until ![file where true] with runs=2', "requires 'with maxspan", 'sequence', 'invalid-sequence'],
    ['sequence [process where true', "Unexpected end of the query: expected ']'", ''],
    ['sequence by length(a) [process where true] [file where true]', 'Unsupported join key', 'length(a)', 'invalid-sequence'],
    ['sequence [process where true] by a == 1 [file where true] by b', 'Unsupported join key', 'a == 1', 'invalid-sequence'],
  ],
  samples: [
    ['sample by a [process where true]', 'minimum of 2 queries, found [1]', 'sample', 'invalid-sequence'],
    ['sample [process where true] by a [file where true]', 'Inconsistent number of join keys', '[file where true]', 'invalid-sequence'],
    ['sample by a [process where true] [file where true] until [network where true]', "does not support 'until'", 'until [network where true]', 'invalid-sequence'],
    ['sample by a [process where true] ![file where true]', 'only supported in sequences', '![file where true]', 'invalid-sequence'],
    ['sample by a [process where true] with runs=2 [file where true]', "'with runs' is only supported in sequences", 'with runs=2', 'invalid-sequence'],
    // Elasticsearch's grammar has no 'with maxspan' for samples.
    ['sample with maxspan=5m [process where true] [file where true]', "but found 'with'", 'with'],
  ],
  pipes: [
    ['process where true | unique a', "pipe 'unique' is not supported by Elasticsearch EQL", 'unique', 'unsupported-eql'],
    ['process where true | count', "pipe 'count' is not supported by Elasticsearch EQL", 'count', 'unsupported-eql'],
    ['process where true | filter a == 1', "pipe 'filter' is not supported by Elasticsearch EQL", 'filter', 'unsupported-eql'],
    ['process where true | sort a', "pipe 'sort' is not supported by Elasticsearch EQL", 'sort', 'unsupported-eql'],
    ['process where true | unique_count a', "pipe 'unique_count' is not supported", 'unique_count', 'unsupported-eql'],
    ['process where true | hed 5', "did you mean 'head'", 'hed', 'unsupported-eql'],
    ['process where true | head -1', 'expects a positive integer', '-1', 'invalid-pipe-argument'],
    ['process where true | head a', 'expects a positive integer', 'a', 'invalid-pipe-argument'],
    ['process where true | head 2147483648', 'at most 2147483647', '2147483648', 'invalid-pipe-argument'],
    ['process where true | tail 1000000 * 1000000', 'at most 2147483647', '1000000 * 1000000', 'invalid-pipe-argument'],
    ['process where true | head', 'exactly one argument', '| head', 'invalid-pipe-argument'],
    ['process where true | tail 1, 2', 'exactly one argument', '| tail 1, 2', 'invalid-pipe-argument'],
  ],
  'incomplete queries': [
    ['', 'Empty query', ''],
    ['process', "expected 'where'", ''],
    ['process where', 'expected an expression', ''],
    ['process where a ==', 'expected an expression', ''],
    ['process where (a == 1', "expected ')'", ''],
    ['process where a in ("x",', 'expected an expression', ''],
    ['process where a == 1)', "unbalanced ')'", ')'],
    ['process where /* x', 'Unterminated comment', '/*'],
    ['process where `a', 'Unterminated backquoted name', '`a'],
    ['process where a == 99999999999999999999', 'too large', '99999999999999999999', 'number-out-of-range'],
  ],
};

describe('valid EQL', () => {
  for (const [construct, queries] of Object.entries(valid)) {
    describe(construct, () => {
      it.each(queries)('%s', (q) => {
        const { ast, diagnostics } = parse(q);
        expect(diagnostics).toEqual([]);
        const again = parse(print(ast));
        expect(again.diagnostics).toEqual([]);
        expect(withoutSpans(again.ast)).toEqual(withoutSpans(ast));
      });
    });
  }
});

describe('invalid EQL: rejected with a message saying why, at a precise span', () => {
  for (const [construct, cases] of Object.entries(invalid)) {
    describe(construct, () => {
      it.each(cases)('%s', (q, fragment, spanText, code = 'syntax-error') => {
        const { diagnostics } = parse(q);
        const d = diagnostics.find((x) => x.message.includes(fragment));
        expect(d, `diagnostics: ${JSON.stringify(diagnostics)}`).toBeDefined();
        expect(d!.code).toBe(code);
        expect(d!.severity).toBe('error');
        expect(q.slice(d!.span.start, d!.span.end)).toBe(spanText);
        if (spanText === '') expect(d!.span.start).toBe(q.length);
      });
    });
  }
});

function condition(q: string): Expression | undefined {
  const body = parse(q).ast.body;
  return body?.type === 'EventQuery' ? body.condition : undefined;
}

describe('AST shape', () => {
  it('gives not a tighter binding than and, and and than or', () => {
    const e = condition('process where not a and b or c');
    expect(withoutSpans(e)).toMatchObject({
      type: 'LogicalExpression',
      operator: 'or',
      left: { type: 'LogicalExpression', operator: 'and', left: { type: 'NotExpression' } },
    });
  });

  it('gives * a tighter binding than +, and unary minus the tightest', () => {
    expect(withoutSpans(condition('process where -a + b * c == 1'))).toMatchObject({
      type: 'Comparison',
      left: { type: 'BinaryArithmetic', operator: '+', left: { type: 'UnaryArithmetic' }, right: { operator: '*' } },
    });
  });

  it('records optional fields, backquoted names and case-insensitive forms', () => {
    expect(withoutSpans(condition('process where ?`a b`.c in~ ("x")'))).toEqual({
      type: 'InExpression',
      value: { type: 'Field', name: 'a b.c', path: ['a b', 'c'], optional: true },
      negated: false,
      caseInsensitive: true,
      list: [{ type: 'String', value: 'x', raw: false }],
    });
    expect(withoutSpans(condition('process where startsWith~(a, "x")'))).toMatchObject({ type: 'FunctionCall', name: 'startsWith', caseInsensitive: true });
  });

  it('decodes strings as Elasticsearch does', () => {
    expect(condition('process where a == "a\\tb\\u{41}\\"c"')).toMatchObject({ right: { value: 'a\tbA"c', raw: false } });
    expect(condition('process where a == """C:\\x\\n"""')).toMatchObject({ right: { value: 'C:\\x\\n', raw: true } });
  });

  it('builds sequences with header keys, maxspan, per-term keys, runs, missing events and until', () => {
    const q: Query = parse(
      'sequence by h with maxspan=5m [process where true] by a with runs=2 ![file where true] by b until [network where true] by c',
    ).ast;
    expect(withoutSpans(q.body)).toMatchObject({
      type: 'SequenceQuery',
      by: { keys: [{ name: 'h' }] },
      maxspan: { value: '5', unit: 'm' },
      terms: [
        { missing: false, by: { keys: [{ name: 'a' }] }, runs: { key: 'runs', value: '2' }, query: { category: { name: 'process' } } },
        { missing: true, by: { keys: [{ name: 'b' }] } },
      ],
      until: { query: { category: { name: 'network' } } },
    });
  });

  it('keeps parentheses as nodes so that printing is exact', () => {
    expect(print(parse('process where (a or b) and c').ast)).toBe('process where (a or b) and c');
  });

  it('does not mistake the next [term] for an array index after by keys', () => {
    const { ast, diagnostics } = parse('sequence by x [process where true] by y\n[file where true] by z');
    expect(diagnostics).toEqual([]);
    expect(ast.body?.type === 'SequenceQuery' && ast.body.terms.length).toBe(2);
  });
});
