import { afterEach, describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS } from '../../../test/support/corpus.js';
import { format, parse, setReferenceOnly, syntaxTokens, walk, type Node } from '../src/index.js';

/**
 * Spans around parentheses: a parenthesised expression has the span of the expression inside, and a
 * node's span covers the whole text of its operands, their parentheses included. Both paths.
 */
afterEach(() => setReferenceOnly(false));

const PATHS = [
  ['fast path', false],
  ['reference path', true],
] as const;

/** `type [text]` of every expression node of the query's last command, in walk order. */
function spans(q: string): string[] {
  const { ast, diagnostics } = parse(q);
  expect(diagnostics).toEqual([]);
  const out: string[] = [];
  walk(ast.commands[ast.commands.length - 1], {
    enter(n: Node) {
      if (n.type.endsWith('Command') || n.type === 'Assignment') return;
      out.push(`${n.type} ${q.slice(n.span.start, n.span.end)}`);
    },
  });
  return out;
}

const cases: Array<[string, string[]]> = [
  ['FROM i | WHERE (a > 1) AND b', ['BinaryExpression (a > 1) AND b', 'BinaryExpression a > 1', 'Column a', 'Literal 1', 'Column b']],
  ['FROM i | WHERE a AND (b OR c)', ['BinaryExpression a AND (b OR c)', 'Column a', 'BinaryExpression b OR c', 'Column b', 'Column c']],
  ['FROM i | WHERE (a OR b) OR (c)', ['BinaryExpression (a OR b) OR (c)', 'BinaryExpression a OR b', 'Column a', 'Column b', 'Column c']],
  ['FROM i | WHERE ((a)) == 1', ['BinaryExpression ((a)) == 1', 'Column a', 'Literal 1']],
  ['FROM i | WHERE NOT (a OR b)', ['UnaryExpression NOT (a OR b)', 'BinaryExpression a OR b', 'Column a', 'Column b']],
  ['FROM i | WHERE NOT (a) AND NOT b', ['BinaryExpression NOT (a) AND NOT b', 'UnaryExpression NOT (a)', 'Column a', 'UnaryExpression NOT b', 'Column b']],
  ['FROM i | WHERE (a) IN (1, (2)) AND (b) LIKE "x"', [
    'BinaryExpression (a) IN (1, (2)) AND (b) LIKE "x"', 'InExpression (a) IN (1, (2))', 'Column a', 'Literal 1', 'Literal 2',
    'LikeExpression (b) LIKE "x"', 'Column b', 'Literal "x"',
  ]],
  ['FROM i | WHERE (a + 1) * 2 > (b)', [
    'BinaryExpression (a + 1) * 2 > (b)', 'BinaryExpression (a + 1) * 2', 'BinaryExpression a + 1', 'Column a', 'Literal 1', 'Literal 2', 'Column b',
  ]],
  ['FROM i | WHERE a IN ((b) + 1, 2 * (c))', [
    'InExpression a IN ((b) + 1, 2 * (c))', 'Column a', 'BinaryExpression (b) + 1', 'Column b', 'Literal 1', 'BinaryExpression 2 * (c)', 'Literal 2', 'Column c',
  ]],
  ['FROM i | EVAL x = -(a + b), y = (a)::long, z = -(a)::long', [
    'Column x', 'UnaryExpression -(a + b)', 'BinaryExpression a + b', 'Column a', 'Column b',
    'Column y', 'Cast (a)::long', 'Column a',
    'Column z', 'UnaryExpression -(a)::long', 'Cast (a)::long', 'Column a',
  ]],
  ['FROM i | EVAL x = f((a), (b) + 1, (c))', ['Column x', 'FunctionCall f((a), (b) + 1, (c))', 'Column a', 'BinaryExpression (b) + 1', 'Column b', 'Literal 1', 'Column c']],
  ['FROM i | STATS n = count(*) WHERE (a) AND b BY (c)', [
    'Aggregate n = count(*) WHERE (a) AND b', 'Column n', 'FunctionCall count(*)', 'BinaryExpression (a) AND b', 'Column a', 'Column b', 'Column c',
  ]],
  ['FROM i | SORT (a) + (b) DESC', ['SortOrder (a) + (b) DESC', 'BinaryExpression (a) + (b)', 'Column a', 'Column b']],
];

describe('spans around parentheses', () => {
  for (const [name, reference] of PATHS) {
    it(`cover the operands' parentheses, not the node's own (${name})`, () => {
      setReferenceOnly(reference);
      for (const [q, expected] of cases) expect(spans(q), q).toEqual(expected);
    });
  }

  /** Every node's text has as many `(` as `)` (outside strings and comments), and never more `)` than `(` before. */
  function unbalanced(q: string): string[] {
    const parens = syntaxTokens(q).filter((t) => t.kind === 'punctuation' && (q[t.span.start] === '(' || q[t.span.start] === ')'));
    const out: string[] = [];
    walk(parse(q).ast, {
      enter(n: Node) {
        let depth = 0;
        // The parentheses inside the node: from the first at or after its start.
        let k = 0;
        for (let hi = parens.length; k < hi; ) {
          const mid = (k + hi) >> 1;
          if (parens[mid].span.start < n.span.start) k = mid + 1;
          else hi = mid;
        }
        for (; k < parens.length && parens[k].span.end <= n.span.end; k++) {
          depth += q[parens[k].span.start] === '(' ? 1 : -1;
          if (depth < 0) break;
        }
        if (depth !== 0) out.push(`${n.type} ${JSON.stringify(q.slice(n.span.start, n.span.end))}`);
      },
    });
    return out;
  }

  for (const [name, reference] of PATHS) {
    it(`give every node balanced parentheses (${name})`, () => {
      setReferenceOnly(reference);
      for (const [q] of cases) expect(unbalanced(q), q).toEqual([]);
    });
    it.skipIf(!HAS_CORPUS)(`give every node of the corpus queries balanced parentheses (${name})`, () => {
      setReferenceOnly(reference);
      const failures: string[] = [];
      for (const q of corpusQueries('esql')) for (const u of unbalanced(q.query)) failures.push(`${q.file}: ${u}`);
      expect(failures).toEqual([]);
    });
  }
});

describe('formatting lists whose items are parenthesised', () => {
  const name = 'process.executable';
  it('breaks after the list\'s own parenthesis, before each item\'s', () => {
    expect(format(`from a | eval x = concat((${name}), ${name}, (${name}), ${name}, ${name})`).text).toBe(
      `from a\n| eval x = concat(\n    (${name}), ${name}, (${name}), ${name},\n    ${name}\n  )`,
    );
    expect(format(`from a | where x in ((${name}), ${name}, ${name}, ${name}, ${name}, f(${name}, 1))`).text).toBe(
      `from a\n| where x in (\n    (${name}), ${name}, ${name}, ${name},\n    ${name}, f(${name}, 1)\n  )`,
    );
  });
  it('puts a long parenthesised operand of a boolean chain in the chain\'s group', () => {
    const a = `(${name} == "a" or ${name} == "b")`;
    expect(format(`from a | where ${a} and ${a} and ${name} == "c"`).text).toBe(`from a\n| where ${a}\n    and ${a}\n    and ${name} == "c"`);
  });
});
