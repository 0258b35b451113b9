import { describe, expect, it } from 'vitest';
import type { CstNode, IToken } from '../src/chevrotain.js';
import { corpusQueries } from '../../../test/support/corpus.js';
import { parse } from '../src/index.js';
import { lex } from '../src/lexer.js';
import { EsqlParser, getParser } from '../src/parser.js';

// Production parsers skip Chevrotain's grammar validations and compute lookahead functions lazily
// (start-up time). Here the grammar goes through the full self-analysis, and both parsers must take
// the same decisions on valid and broken input.

function dump(node: CstNode | IToken): unknown {
  if ('tokenType' in node) return [node.tokenType.name, node.image, node.startOffset, node.isInsertedInRecovery === true];
  const children = Object.keys(node.children).sort().map((k) => [k, node.children[k].map(dump)]);
  return [node.name, node.location?.startOffset, node.location?.endOffset, node.recoveredNode === true, children];
}

function run(parser: EsqlParser, text: string) {
  parser.input = lex(text).tokens;
  const cst = parser.statements();
  return { cst: dump(cst), errors: parser.errors.map((e) => [e.name, e.message, e.token.startOffset]) };
}

const QUERIES = [
  'FROM logs-* | WHERE a > 1 | KEEP a',
  'SET a = 1; FROM a METADATA _id | EVAL x = a + 1, y = CASE(a > 1, "b", "c") | STATS c = COUNT(*) BY h = host.name',
  'FROM a | WHERE NOT a IN (1, 2) AND b LIKE "x*" OR c IS NOT NULL | SORT a DESC NULLS LAST | LIMIT 10',
  'ROW a = [1, 2], b = 1::keyword | MV_EXPAND a | RENAME a AS b | DROP c* | ENRICH p ON a WITH b = c',
  'FROM a | DISSECT m "%{a} %{b}" APPEND_SEPARATOR = "-" | GROK m "%{IP:ip}" | LOOKUP JOIN l ON a',
  'FROM a | FORK (WHERE a > 1) (STATS COUNT(*)) | INLINE STATS m = MAX(a) WHERE a > 1 BY b',
  'FROM a | WHERE (a | EVAL x = 1', 'FROM a | EVAL x = | SORT b', 'FROM a | STATS | LIMIT 1', 'FROM a | | KEEP b',
  'WHERE a | KEEP b', 'FROM a | WHERE a = 1', 'FROM', 'SET', 'SET a', 'FROM a | WHERE a : "x" AND f(a, {"k": 1})',
];

describe('the ES|QL grammar', () => {
  it('passes Chevrotain\'s grammar validations', () => {
    // Chevrotain throws on any definition error (ambiguity, left recursion, empty alternative...).
    expect(() => new EsqlParser({ validate: true })).not.toThrow();
  });

  it('takes the same decisions with lazy lookahead functions as with all computed up front', () => {
    const full = new EsqlParser({ validate: true });
    const production = getParser();
    const inputs = [...QUERIES];
    for (const q of [...QUERIES, ...corpusQueries('esql').slice(0, 20).map((c) => c.query)]) {
      for (let i = 1; i < q.length; i += Math.max(1, Math.floor(q.length / 12))) inputs.push(q.slice(0, i));
      inputs.push(q.replace(/\|/g, '| |'), q.replace(/==/g, '='));
    }
    let differ = 0;
    for (const text of inputs) {
      const a = JSON.stringify(run(production, text));
      const b = JSON.stringify(run(full, text));
      if (a !== b) {
        differ++;
        expect(a, text).toBe(b);
      }
    }
    expect(differ).toBe(0);
    expect(inputs.length).toBeGreaterThan(300);
  });
});

describe('keyword tables', () => {
  it('read names that are Object.prototype members as plain names', () => {
    // The lexer's keyword tables have no prototype: `constructor` is a column, not a keyword.
    const { ast, diagnostics } = parse('FROM a | WHERE constructor > 1 AND toString == "x" | KEEP valueOf');
    expect(diagnostics).toEqual([]);
    expect(ast.commands.map((c) => c.type)).toEqual(['FromCommand', 'WhereCommand', 'KeepCommand']);
    expect(parse('FROM a | constructor').diagnostics.map((d) => d.message)).toEqual([expect.stringContaining("Unknown command 'constructor'")]);
  });
});
