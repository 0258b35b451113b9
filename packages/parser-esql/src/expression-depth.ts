/**
 * Elasticsearch's second expression-depth check (issue 15): the depth of the tree its builder makes.
 *
 * Before parsing, Elasticsearch pre-scans the tokens (lexer.ts MAX_EXPRESSION_DEPTH). Then, while its
 * ExpressionBuilder turns the parse tree into expressions, it counts the nested calls of its
 * `expression(...)` method and refuses the query past MAX_EXPRESSION_DEPTH ("exceeded the maximum
 * expression depth allowed (400)"). By our reading of the builder (facts, not code), one level is:
 * - each operand of AND / OR, of a comparison, of an arithmetic operator (a chain of N terms is a tree N
 *   deep: `a OR b OR c ...` nests to the left), the operand of NOT and of a sign (but `-1`, a sign on a
 *   number, is one constant), the operand of IN / LIKE / RLIKE / IS NULL / `:` and each IN element;
 * - each primary expression under an operator position (a name, a constant, a call, a parenthesis);
 * - a parenthesis: two levels (the primary expression and the parenthesized expression);
 * - the operand of an inline cast `x::type`, and a function's named-parameter map;
 * - the expression of a command (WHERE, EVAL, STATS, SORT...): one.
 * Function arguments are visited without a level of their own.
 *
 * The AST has no node for parentheses (a node's span leaves out its own): they are found in the lexer's
 * token arrays (`scanned`) around each node, matched pairs only.
 */
import type { Span } from '@esql-lint/core';
import type * as A from './ast.js';
import { MAX_EXPRESSION_DEPTH, scanned } from './lexer.js';
import * as T from './tokens.js';

const LP = T.LP.tokenTypeIdx!;
const RP = T.RP.tokenTypeIdx!;

// The level of the grammar at which a node is visited.
const BOOLEAN = 0;
const VALUE = 1;
const OPERATOR = 2;
const PRIMARY = 3;

const STOP = { stop: true };
let hit: Span | undefined;
/** For each `(` token (index), the index of its `)`, and for each `)` that of its `(`; -1 when unmatched. */
let match = new Int32Array(0);

function matchParens(): void {
  const { count, kinds } = scanned;
  if (match.length < count) match = new Int32Array(count);
  const open: number[] = [];
  for (let k = 0; k < count; k++) {
    match[k] = -1;
    if (kinds[k] === LP) open.push(k);
    else if (kinds[k] === RP && open.length) {
      const o = open.pop()!;
      match[o] = k;
      match[k] = o;
    }
  }
}

/** The index of the token starting at `offset` (-1: none). */
function tokenAt(offset: number, array: Int32Array): number {
  let lo = 0;
  let hi = scanned.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < scanned.count && array[lo] === offset ? lo : -1;
}

/**
 * How many matched pairs of parentheses enclose the node of `span` directly; `first` is then the
 * outermost `(`. A node's span leaves out its own parentheses and covers those of its operands
 * (`((a) + (b))` spans `(a) + (b)`).
 */
function parensAround(span: Span): { count: number; first: number } {
  let i = tokenAt(span.start, scanned.starts);
  let j = tokenAt(span.end, scanned.ends);
  let count = 0;
  if (i < 0 || j < 0) return { count, first: -1 };
  const { kinds } = scanned;
  while (i > 0 && j + 1 < scanned.count && kinds[i - 1] === LP && kinds[j + 1] === RP && match[i - 1] === j + 1) {
    i--;
    j++;
    count++;
  }
  return { count, first: i };
}

/** One more level at `d` (the node's span `at`): stops the check past the limit. */
function level(d: number, at: Span): number {
  if (++d > MAX_EXPRESSION_DEPTH) {
    hit = at;
    throw STOP;
  }
  return d;
}

const tokenSpan = (k: number): Span => ({ start: scanned.starts[k], end: scanned.ends[k] });

/**
 * Visits `e` at grammar level `at` with `d` levels active; `skip`: parentheses around it that belong
 * to the construct above (a call's or an IN list's own, around its only element).
 */
function visit(e: A.Expression | undefined, at: number, d: number, skip = 0): void {
  if (!e) return;
  const { count, first } = parensAround(e.span);
  let parens = count - skip;
  let open = first + skip;
  while (parens > 0) {
    // The primary expression (under an operator position), then the parenthesized expression.
    const paren = tokenSpan(open);
    if (at !== PRIMARY) d = level(d, paren);
    d = level(d, paren);
    at = BOOLEAN;
    parens--;
    open++;
  }
  node(e, at, d);
}

function node(e: A.Expression, at: number, d: number): void {
  switch (e.type) {
    case 'BinaryExpression': {
      const op = e.operator;
      const logical = op === 'and' || op === 'or';
      const comparison = !logical && op !== '+' && op !== '-' && op !== '*' && op !== '/' && op !== '%';
      const natural = logical ? BOOLEAN : comparison ? VALUE : OPERATOR;
      if (at > natural) return parenthesized(e, at, d);
      const inner = level(d, e.operatorSpan);
      const operands = logical ? BOOLEAN : OPERATOR;
      visit(e.left, operands, inner);
      visit(e.right, operands, inner);
      return;
    }
    case 'UnaryExpression': {
      const opSpan = { start: e.span.start, end: e.span.start + e.operator.length };
      if (e.operator === 'not') {
        if (at > BOOLEAN) return parenthesized(e, at, d);
        return visit(e.operand, BOOLEAN, level(d, opSpan));
      }
      // A sign on a number is part of the constant (`-1`), unless the number is in parentheses.
      const o = e.operand;
      if (o && o.type === 'Literal' && (o.literalType === 'integer' || o.literalType === 'decimal' || o.literalType === 'timespan') && parensAround(o.span).count === 0) {
        return leaf(e, at, d);
      }
      if (at > OPERATOR) return parenthesized(e, at, d);
      return visit(o, OPERATOR, level(d, opSpan));
    }
    case 'InExpression':
    case 'LikeExpression':
    case 'IsNullExpression':
    case 'MatchExpression': {
      if (at > BOOLEAN) return parenthesized(e, at, d);
      const inner = level(d, e.span);
      if (e.type === 'MatchExpression') return;
      visit(e.expression, VALUE, inner);
      if (e.type === 'InExpression') for (const x of e.list) visit(x, VALUE, inner, e.list.length === 1 ? 1 : 0);
      return;
    }
    case 'FunctionCall': {
      if (at !== PRIMARY) d = level(d, e.nameSpan);
      for (const x of e.args) visit(x, BOOLEAN, d, e.args.length === 1 && !e.options && !e.star ? 1 : 0);
      if (e.options) level(d, e.options.span);
      return;
    }
    case 'Cast':
      if (at !== PRIMARY) d = level(d, e.span);
      return visit(e.expr, PRIMARY, level(d, e.targetTypeSpan));
    default:
      return leaf(e, at, d);
  }
}

/** A constant or a name: a primary expression (one level under an operator position). */
function leaf(e: A.Expression, at: number, d: number): void {
  if (at !== PRIMARY) level(d, e.span);
}

/** A node below its grammar level without parentheses around it (only in a tree built by recovery). */
function parenthesized(e: A.Expression, at: number, d: number): void {
  if (at !== PRIMARY) d = level(d, e.span);
  node(e, BOOLEAN, level(d, e.span));
}

const EXPRESSION_TYPES = new Set([
  'Literal', 'ListLiteral', 'Column', 'FunctionCall', 'BinaryExpression', 'UnaryExpression', 'InExpression', 'LikeExpression',
  'IsNullExpression', 'MatchExpression', 'Cast', 'MapExpression',
]);
/** Commands whose expression is a primary expression in Elasticsearch's grammar. */
const PRIMARY_INPUT = new Set(['DissectCommand', 'GrokCommand', 'CompletionCommand']);

/** The expressions of a command (and of the commands inside it), each from one level. */
function command(c: object, primary: boolean): void {
  for (const [key, value] of Object.entries(c)) {
    if (key === 'span' || key === 'type' || key === 'name' || value === null || typeof value !== 'object') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (!v || typeof v !== 'object' || typeof v.type !== 'string') continue;
      if (EXPRESSION_TYPES.has(v.type)) visit(v as A.Expression, primary ? PRIMARY : BOOLEAN, 1);
      else command(v, PRIMARY_INPUT.has(v.type));
    }
  }
}

/** Token kinds that may add a level: operators, prefix operators, suffixes, casts (`(` counts two, `{` one). */
const ADDS_LEVEL = new Uint8Array(256);
for (const t of [
  T.AND, T.OR, T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ, T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT, T.NOT, T.IN,
  T.LIKE, T.RLIKE, T.IS, T.COLON, T.CAST_OP, T.LEFT_BRACES,
]) ADDS_LEVEL[t.tokenTypeIdx!] = 1;
ADDS_LEVEL[LP] = 2;

/**
 * Whether tokens `first..last` (a command) could make a tree deeper than the limit: along any path of
 * the tree each level comes from a token of its own (a parenthesis two, from its `(`), but for the
 * command's one and the leaf's one.
 */
function mayBeTooDeep(first: number, last: number): boolean {
  if (last - first + 1 < MAX_EXPRESSION_DEPTH - 2) return false;
  const { kinds } = scanned;
  let bound = 2;
  for (let k = first; k <= last; k++) if ((bound += ADDS_LEVEL[kinds[k]]) > MAX_EXPRESSION_DEPTH) return true;
  return false;
}

/**
 * Where Elasticsearch's builder goes past MAX_EXPRESSION_DEPTH in the query the lexer scanned last
 * (`ast` its tree): the span of the node (or parenthesis) one level too deep, or undefined.
 */
export function treeTooDeep(ast: A.Query): Span | undefined {
  // Each level needs a token of its own (a parenthesis pair makes two of two): a short query cannot get there.
  if (scanned.count < MAX_EXPRESSION_DEPTH - 2) return undefined;
  hit = undefined;
  let matched = false;
  try {
    for (const c of ast.commands) {
      // The same bound per command (its tokens, FORK branches and subqueries included).
      const first = tokenAt(c.span.start, scanned.starts);
      const last = tokenAt(c.span.end, scanned.ends);
      if (first >= 0 && last >= 0 && !mayBeTooDeep(first, last)) continue;
      if (!matched) matchParens();
      matched = true;
      command(c, PRIMARY_INPUT.has(c.type));
    }
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return hit;
}
