/**
 * The fast path of `parse` for queries without any error: a hand-written recursive-descent parser over
 * the compact scan (scan.ts `scanned`: token kinds and offsets in typed arrays, no token objects). The
 * main grammar (parser.ts, Chevrotain) stays the reference and does all the error handling.
 *
 * The contract: `fastParse` either gives up (undefined) or gives the AST and the builder's diagnostics
 * that the main path gives. It gives up on any syntax error (no recovery here), on any sequence of
 * operators the main grammar does not derive (two comparisons in a row), and wherever the main builder
 * reports something inside an expression (the checks below mirror build.ts): those inputs take the main
 * path. Each decision is taken on the tokens on which the main grammar's LL(k) lookahead takes it (the
 * same first sets; `Identifier (` is a call, `Identifier of` a relationship, which gives up).
 *
 * The expression grammar is flattened: one loop for `and`/`or`, one for the comparison and arithmetic
 * operators, precedence and associativity applied to the operands, expressions built as AST directly.
 * The query structure around expressions (sequences, samples, terms, `by`, `with`, pipes) is the main
 * grammar's and is built by the main builder itself from CST-shaped nodes, so its checks and messages
 * are the same code. test/eql-fast-path.test.ts and test/eql-fast-diff.test.ts compare both paths.
 */
import type { Span } from '@esql-lint/core';
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { AstBuilder, hasRequiredField } from './build.js';
import * as K from './kinds.js';
import * as T from './lexer.js';
import { MAX_NESTING, scanned } from './scan.js';
import type { EqlCode } from './codes.js';
import { describeArity, lookupFunction } from './functions.js';
import { decodeString } from './strings.js';

/** A node shaped like Chevrotain's CST node (what the builder reads of one), for the query structure. */
interface Node {
  name: string;
  children: Record<string, Array<Node | IToken>>;
  location: { startOffset: number; endOffset: number };
  /** An expression node carries its AST. */
  ast?: A.Expression;
}

const LONG_MAX = 9223372036854775807n;
/**
 * Nesting (parentheses, calls, `in` lists inside each other) and prefix runs (`not`, signs, read in a
 * loop) beyond which it gives up: past anything the compact scan lets through (scan.ts MAX_NESTING), so
 * that it parses every clean query up to the limit (~1 KB of stack per level in interpreted frames).
 */
const MAX_DEPTH = MAX_NESTING;
const MAX_PREFIXES = MAX_NESTING;

/** Thrown to abandon the fast path (a plain object: no stack trace to build). */
const BAIL = { bail: true };

/** Why the last parse gave up, when it was not at a syntax error of token `pos` (see `bailedAt`). */
let bailInfo: { message: string; span: Span; code: EqlCode } | undefined;
let overflowed = false;

/** Kind tables (indexed by kind). */
const table = (kinds: number[]): Uint8Array => {
  const t = new Uint8Array(64);
  for (const k of kinds) t[k] = 1;
  return t;
};
const CONSTANT = table([K.K_Null, K.K_True, K.K_False, K.K_IntegerLit, K.K_DecimalLit, K.K_DoubleString, K.K_TripleString, K.K_SingleString, K.K_QuestionString]);
const STRING = table([K.K_DoubleString, K.K_TripleString, K.K_SingleString, K.K_QuestionString]);
/** The first set of `expression`. */
const EXPRESSION_START = table([
  K.K_Not,
  K.K_Minus,
  K.K_Plus,
  K.K_LParen,
  K.K_Identifier,
  K.K_TildeIdentifier,
  K.K_QuotedIdentifier,
  K.K_Question,
  K.K_Null,
  K.K_True,
  K.K_False,
  K.K_IntegerLit,
  K.K_DecimalLit,
  K.K_DoubleString,
  K.K_TripleString,
  K.K_SingleString,
  K.K_QuestionString,
]);
/** The first set of `predicate`. */
const PREDICATE_START = table([K.K_Not, K.K_In, K.K_InInsensitive, K.K_Colon, K.K_Like, K.K_LikeInsensitive, K.K_Regex, K.K_RegexInsensitive]);
/** Binary operators of `operation` with their images (1: comparison, 2: additive, 3: multiplicative). */
const OPERATOR = new Uint8Array(64);
const IMAGE: string[] = [];
for (const [k, image, level] of [
  [K.K_Eq, '==', 1],
  [K.K_Neq, '!=', 1],
  [K.K_Lt, '<', 1],
  [K.K_Lte, '<=', 1],
  [K.K_Gt, '>', 1],
  [K.K_Gte, '>=', 1],
  [K.K_Plus, '+', 2],
  [K.K_Minus, '-', 2],
  [K.K_Star, '*', 3],
  [K.K_Slash, '/', 3],
  [K.K_Percent, '%', 3],
  [K.K_Colon, ':', 0],
  [K.K_Like, 'like', 0],
  [K.K_LikeInsensitive, 'like~', 0],
  [K.K_Regex, 'regex', 0],
  [K.K_RegexInsensitive, 'regex~', 0],
] as Array<[number, string, number]>) {
  OPERATOR[k] = level;
  IMAGE[k] = image;
}

// The input, set by fastParseScanned.
let text = '';
let kinds: Uint8Array = scanned.kinds;
let starts: Int32Array = scanned.starts;
let ends: Int32Array = scanned.ends;
let escaped: Uint8Array = scanned.escaped;
let count = 0;
/** The next token. */
let pos = 0;

/** Gives up: at a syntax error of the next token, or (with a message) at a check of the main builder. */
function bail(message?: string, span?: Span, code: EqlCode = 'syntax-error'): never {
  if (message !== undefined && span !== undefined) bailInfo = { message, span, code };
  throw BAIL;
}

function expect(k: number): void {
  if (kinds[pos] !== k) bail();
  pos++;
}

/** The end of the last token consumed. */
const lastEnd = (): number => ends[pos - 1];

const cover = (a: Span, b: Span): Span => ({ start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) });

// ------------------------------------------------------------------ query structure (as parser.ts)

/** Token `i` as the lexer's token object (the builder reads the structure's tokens). */
function tokenAt(i: number): IToken {
  const tokenType = T.allTokens[kinds[i]];
  return { image: text.slice(starts[i], ends[i]), startOffset: starts[i], tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType, endOffset: ends[i] - 1 } as IToken;
}

/** Consumes a token of kind `k` and gives its token object. */
function take(k: number): IToken {
  if (kinds[pos] !== k) bail();
  return tokenAt(pos++);
}

/** A CST-shaped node from token `first` to the last token consumed. */
function node(name: string, children: Node['children'], first: number): Node {
  return { name, children, location: { startOffset: starts[first], endOffset: lastEnd() - 1 } };
}

function exprNode(ast: A.Expression): Node {
  return { name: 'expression', children: {}, location: { startOffset: ast.span.start, endOffset: ast.span.end - 1 }, ast };
}

function statement(): Node {
  const first = pos;
  const query = queryRule();
  const pipes: Node[] = [];
  while (kinds[pos] === K.K_Pipe) pipes.push(pipe());
  if (pos !== count) bail();
  return node('statement', { query: [query], pipe: pipes }, first);
}

function queryRule(): Node {
  const first = pos;
  const children: Node['children'] = {};
  switch (kinds[pos]) {
    case K.K_Sequence:
      children.sequence = [sequence()];
      break;
    case K.K_Sample:
      children.sample = [joinLike(K.K_Sample, 'sample')];
      break;
    case K.K_Join:
      children.join = [joinLike(K.K_Join, 'join')];
      break;
    default:
      children.eventFilter = [eventFilter()];
  }
  return node('query', children, first);
}

function sequence(): Node {
  const first = pos;
  const c: Node['children'] = { Sequence: [take(K.K_Sequence)] };
  if (kinds[pos] === K.K_By) {
    c.by = [joinKeys()];
    if (kinds[pos] === K.K_With) c.sequenceParams = [sequenceParams()];
  } else if (kinds[pos] === K.K_With) {
    c.sequenceParams = [sequenceParams()];
    if (kinds[pos] === K.K_By) c.byAfter = [joinKeys()];
  }
  c.term = terms();
  if (kinds[pos] === K.K_Until) {
    c.Until = [take(K.K_Until)];
    c.until = [term()];
  }
  return node('sequence', c, first);
}

/** `term+`. */
function terms(): Node[] {
  const list: Node[] = [term()];
  while (kinds[pos] === K.K_LBracket || kinds[pos] === K.K_MissingOpen) list.push(term());
  return list;
}

function sequenceParams(): Node {
  const first = pos;
  const c: Node['children'] = { With: [take(K.K_With)], Maxspan: [take(K.K_Maxspan)] };
  if (kinds[pos] === K.K_Assign) c.Assign = [take(K.K_Assign)];
  else c.Eq = [take(K.K_Eq)];
  c.number = [numberNode()];
  if (kinds[pos] === K.K_Identifier) c.unit = [take(K.K_Identifier)];
  return node('sequenceParams', c, first);
}

/** `sample` and `join`: the same productions. */
function joinLike(keyword: number, name: string): Node {
  const first = pos;
  const c: Node['children'] = { [T.allTokens[keyword].name]: [take(keyword)] };
  if (kinds[pos] === K.K_By) c.by = [joinKeys()];
  c.term = terms();
  if (kinds[pos] === K.K_Until) {
    c.Until = [take(K.K_Until)];
    c.until = [term()];
  }
  return node(name, c, first);
}

function pipe(): Node {
  const first = pos;
  const c: Node['children'] = { Pipe: [take(K.K_Pipe)], name: [take(K.K_Identifier)] };
  const args: Node[] = [];
  if (EXPRESSION_START[kinds[pos]] === 1) {
    args.push(exprNode(expression(0)));
    while (kinds[pos] === K.K_Comma) {
      pos++;
      args.push(exprNode(expression(0)));
    }
  }
  c.expression = args;
  return node('pipe', c, first);
}

function joinKeys(): Node {
  const first = pos;
  expect(K.K_By);
  const keys: Node[] = [exprNode(expression(0))];
  while (kinds[pos] === K.K_Comma) {
    pos++;
    keys.push(exprNode(expression(0)));
  }
  return node('joinKeys', { expression: keys }, first);
}

function term(): Node {
  const first = pos;
  const c: Node['children'] = {};
  if (kinds[pos] === K.K_LBracket) c.LBracket = [take(K.K_LBracket)];
  else c.MissingOpen = [take(K.K_MissingOpen)];
  c.eventFilter = [eventFilter()];
  expect(K.K_RBracket);
  if (kinds[pos] === K.K_By) c.by = [joinKeys()];
  if (kinds[pos] === K.K_With) {
    c.With = [take(K.K_With)];
    c.key = [take(K.K_Identifier)];
    if (kinds[pos] === K.K_Assign) c.Assign = [take(K.K_Assign)];
    else c.Eq = [take(K.K_Eq)];
    c.number = [numberNode()];
  }
  return node('term', c, first);
}

function eventFilter(): Node {
  const first = pos;
  const c: Node['children'] = {};
  const k = kinds[pos];
  if (k === K.K_Any) c.Any = [take(K.K_Any)];
  else if (k === K.K_Identifier) c.Identifier = [take(K.K_Identifier)];
  else if (STRING[k] === 1) {
    pos++;
    c.string = [node('string', { [T.allTokens[k].name]: [tokenAt(pos - 1)] }, pos - 1)];
  } else bail();
  expect(K.K_Where);
  c.expression = [exprNode(expression(0))];
  return node('eventFilter', c, first);
}

function numberNode(): Node {
  const k = kinds[pos];
  if (k !== K.K_IntegerLit && k !== K.K_DecimalLit) bail();
  pos++;
  return node('number', { [T.allTokens[k].name]: [tokenAt(pos - 1)] }, pos - 1);
}

// ------------------------------------------------------------------ expressions, flattened

/** `notOperand ((or | and) notOperand)*`: `and` binds tighter, both left-associative. */
function expression(depth: number): A.Expression {
  if (depth > MAX_DEPTH) bail();
  let left = chainOperand(depth);
  let or: A.Expression | undefined;
  for (;;) {
    const k = kinds[pos];
    if (k === K.K_And) {
      pos++;
      const right = chainOperand(depth);
      left = { type: 'LogicalExpression', span: cover(left.span, right.span), operator: 'and', left, right };
    } else if (k === K.K_Or) {
      pos++;
      const right = chainOperand(depth);
      or = or === undefined ? left : { type: 'LogicalExpression', span: cover(or.span, left.span), operator: 'or', left: or, right: left };
      left = right;
    } else break;
  }
  return or === undefined ? left : { type: 'LogicalExpression', span: cover(or.span, left.span), operator: 'or', left: or, right: left };
}

/**
 * Operands of `and` / `or` parsed whole and followed by an operator, for the main path's parse of a text
 * this path gave up on (`completedOperands`): their first token, the token after them, and their AST.
 */
let operandFrom = new Int32Array(64);
let operandTo = new Int32Array(64);
let operandAsts: A.Expression[] = [];
let operandCount = 0;

/** A `notOperand` of a chain; remembered when an operator follows it (it is then complete). */
function chainOperand(depth: number): A.Expression {
  const from = pos;
  const e = notOperand(depth);
  const k = kinds[pos];
  if (k === K.K_And || k === K.K_Or) {
    if (operandCount === operandFrom.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      operandFrom = grow(operandFrom);
      operandTo = grow(operandTo);
    }
    operandFrom[operandCount] = from;
    operandTo[operandCount] = pos;
    operandAsts[operandCount++] = e;
  }
  return e;
}

/** `not* operation` (process relationships, `x of [...]`, are left to the main path: `of` ends the query here, an error). */
function notOperand(depth: number): A.Expression {
  const firstNot = pos;
  while (kinds[pos] === K.K_Not) pos++;
  const nots = pos - firstNot;
  if (nots > MAX_PREFIXES) bail();
  let e = operation(depth);
  if (nots > 0) {
    const end = lastEnd();
    for (let i = firstNot + nots - 1; i >= firstNot; i--) e = { type: 'NotExpression', span: { start: starts[i], end }, operand: e };
  }
  return e;
}

/** `unary (op unary)*` over the comparison and arithmetic operators; at most one comparison (non-associative). */
function operation(depth: number): A.Expression {
  const first = unary(depth);
  const level = OPERATOR[kinds[pos]];
  if (level === 0) return first;
  const op = kinds[pos++];
  const second = unary(depth);
  // One operator (most comparisons): no operand lists.
  if (OPERATOR[kinds[pos]] === 0) {
    if (level !== 1) return arith(op, first, second);
    if (hasRequiredField(first) && hasRequiredField(second)) fieldComparison(second); // field-comparison
    return { type: 'Comparison', span: cover(first.span, second.span), operator: IMAGE[op] as A.ComparisonOperator, left: first, right: second };
  }
  const operands: A.Expression[] = [first, second];
  /** The operators' kinds. */
  const ops: number[] = [op];
  let comparison = level === 1 ? 0 : -1;
  for (let level = OPERATOR[kinds[pos]]; level !== 0; level = OPERATOR[kinds[pos]]) {
    if (level === 1) {
      if (comparison >= 0) bail(); // `a == b == c`: a syntax error of the main grammar
      comparison = ops.length;
    }
    ops.push(kinds[pos++]);
    operands.push(unary(depth));
  }
  if (comparison < 0) return additive(operands, ops, 0, ops.length);
  const left = additive(operands, ops, 0, comparison);
  const right = additive(operands, ops, comparison + 1, ops.length);
  if (hasRequiredField(left) && hasRequiredField(right)) fieldComparison(right); // field-comparison
  return { type: 'Comparison', span: cover(left.span, right.span), operator: IMAGE[ops[comparison]] as A.ComparisonOperator, left, right };
}

function fieldComparison(right: A.Expression): never {
  return bail('Elasticsearch EQL cannot compare a field with another field: compare each one with a constant', right.span, 'field-comparison');
}

const arith = (op: number, left: A.Expression, right: A.Expression): A.Expression => ({
  type: 'BinaryArithmetic',
  span: cover(left.span, right.span),
  operator: IMAGE[op] as A.BinaryArithmetic['operator'],
  left,
  right,
});

/** `operands[from..to]` with `ops[from..to-1]` between them: `+`/`-` chains of `*`/`/`/`%` chains, left-associative. */
function additive(operands: A.Expression[], ops: number[], from: number, to: number): A.Expression {
  let sum: A.Expression | undefined;
  let sumOp = 0;
  let product = operands[from];
  for (let i = from; i < to; i++) {
    const op = ops[i];
    const next = operands[i + 1];
    if (OPERATOR[op] === 3) product = arith(op, product, next);
    else {
      sum = sum === undefined ? product : arith(sumOp, sum, product);
      sumOp = op;
      product = next;
    }
  }
  return sum === undefined ? product : arith(sumOp, sum, product);
}

/** `(- | +)* atom predicate?` */
function unary(depth: number): A.Expression {
  const firstSign = pos;
  while (kinds[pos] === K.K_Minus || kinds[pos] === K.K_Plus) pos++;
  const signs = pos - firstSign;
  if (signs > MAX_PREFIXES) bail();
  let value = atom(depth);
  if (PREDICATE_START[kinds[pos]] === 1) value = predicate(value, depth);
  if (signs > 0) {
    const end = lastEnd();
    for (let i = firstSign + signs - 1; i >= firstSign; i--) {
      value = { type: 'UnaryArithmetic', span: { start: starts[i], end }, operator: kinds[i] === K.K_Minus ? '-' : '+', operand: value };
    }
  }
  return value;
}

function atom(depth: number): A.Expression {
  const k = kinds[pos];
  if (CONSTANT[k] === 1) return constant();
  switch (k) {
    case K.K_Identifier:
      return kinds[pos + 1] === K.K_LParen ? functionCall(depth) : qualifiedName();
    case K.K_TildeIdentifier:
      return functionCall(depth);
    case K.K_QuotedIdentifier:
    case K.K_Question:
      return qualifiedName();
    case K.K_LParen: {
      const open = pos++;
      const expression_ = expression(depth + 1);
      expect(K.K_RParen);
      return { type: 'Paren', span: { start: starts[open], end: lastEnd() }, expression: expression_ };
    }
  }
  return bail();
}

function predicate(value: A.Expression, depth: number): A.Expression {
  const first = pos;
  let k = kinds[pos];
  if (k === K.K_Not || k === K.K_In || k === K.K_InInsensitive) {
    const negated = k === K.K_Not;
    if (negated) k = kinds[++pos];
    if (k !== K.K_In && k !== K.K_InInsensitive) bail();
    pos++;
    expect(K.K_LParen);
    const list = [expression(depth + 1)];
    while (kinds[pos] === K.K_Comma) {
      pos++;
      list.push(expression(depth + 1));
    }
    expect(K.K_RParen);
    for (const e of list) if (hasRequiredField(e)) bail("The values of 'in' must be constants", e.span, 'non-constant-value'); // non-constant-value
    const span = cover(value.span, { start: starts[first], end: lastEnd() });
    return { type: 'InExpression', span, value, negated, caseInsensitive: k === K.K_InInsensitive, list };
  }
  pos++;
  const patterns: A.Expression[] = [];
  let list = false;
  // Fields and calls as patterns are reported by the main builder: not accepted here.
  if (kinds[pos] === K.K_LParen) {
    pos++;
    patterns.push(constant());
    while (kinds[pos] === K.K_Comma) {
      pos++;
      patterns.push(constant());
    }
    expect(K.K_RParen);
    list = true;
  } else patterns.push(constant());
  const span = cover(value.span, { start: starts[first], end: lastEnd() });
  return { type: 'MatchExpression', span, operator: IMAGE[k] as A.MatchOperator, value, patterns, list };
}

function functionCall(depth: number): A.Expression {
  const nameAt = pos++;
  expect(K.K_LParen);
  const args: A.Expression[] = [];
  if (EXPRESSION_START[kinds[pos]] === 1) {
    args.push(expression(depth + 1));
    while (kinds[pos] === K.K_Comma) {
      pos++;
      args.push(expression(depth + 1));
    }
  }
  expect(K.K_RParen);
  const caseInsensitive = kinds[nameAt] === K.K_TildeIdentifier;
  const nameStart = starts[nameAt];
  const nameEnd = ends[nameAt];
  const name = text.slice(nameStart, caseInsensitive ? nameEnd - 1 : nameEnd);
  const info = lookupFunction(name);
  // unknown-function, a `~` the function has not, wrong-argument-count
  const nameSpan = { start: nameStart, end: nameEnd };
  if (!info) bail(`Unknown function '${name}'`, { start: nameStart, end: nameStart + name.length }, 'unknown-function');
  if (caseInsensitive && !info.caseInsensitive) bail(`Function '${info.name}' has no case-insensitive variant: remove the '~'`, nameSpan, 'unknown-function');
  if (args.length < info.minArgs || args.length > info.maxArgs) {
    bail(`Function '${info.name}' expects ${describeArity(info)} but got ${args.length}`, { start: nameStart, end: lastEnd() }, 'wrong-argument-count');
  }
  return { type: 'FunctionCall', span: { start: nameStart, end: lastEnd() }, name, nameSpan, caseInsensitive, args };
}

/** A backquoted name's path element (it gives up on an unterminated one). */
function quotedName(i: number): string {
  const image = text.slice(starts[i], ends[i]);
  const closed = image.length >= 2 && /`*$/.exec(image.slice(1))![0].length % 2 === 1;
  if (!closed) bail("Unterminated backquoted name: add the closing '`'", { start: starts[i], end: ends[i] }); // unterminated backquoted name
  return image.slice(1, -1).replace(/``/g, '`');
}

function qualifiedName(): A.Expression {
  const start = pos;
  const optional = kinds[pos] === K.K_Question;
  if (optional) pos++;
  const firstName = pos;
  let k = kinds[pos];
  if (k !== K.K_Identifier && k !== K.K_QuotedIdentifier) bail();
  let quoted = k === K.K_QuotedIdentifier;
  // Written as one piece (`a.b.c`, no backquotes, no blanks around the dots): the name is its text.
  let contiguous = true;
  pos++;
  for (;;) {
    k = kinds[pos];
    if (k === K.K_Dot) {
      const name = kinds[pos + 1];
      if (name !== K.K_Identifier && name !== K.K_QuotedIdentifier) bail();
      if (name === K.K_QuotedIdentifier) quoted = true;
      if (starts[pos] !== ends[pos - 1] || starts[pos + 1] !== ends[pos]) contiguous = false;
      pos += 2;
    } else if (k === K.K_LBracket && kinds[pos + 1] === K.K_IntegerLit) {
      bail('Array indexes (field[0]) are not supported by Elasticsearch EQL', { start: starts[pos], end: ends[pos + 1] }, 'unsupported-eql'); // unsupported-eql: array indexes
    } else break;
  }
  const last = pos - 1;
  const nameSpan = { start: starts[firstName], end: ends[last] };
  const span = { start: starts[start], end: ends[last] };
  let name: string;
  let path: string[];
  if (last === firstName) {
    name = quoted ? quotedName(firstName) : text.slice(nameSpan.start, nameSpan.end);
    path = [name];
  } else {
    path = [];
    for (let i = firstName; i <= last; i += 2) path.push(kinds[i] === K.K_QuotedIdentifier ? quotedName(i) : text.slice(starts[i], ends[i]));
    name = !quoted && contiguous ? text.slice(nameSpan.start, nameSpan.end) : path.join('.');
  }
  return { type: 'Field', span, name, path, optional, nameSpan };
}

function constant(): A.Expression {
  const i = pos;
  const k = kinds[i];
  const start = starts[i];
  const end = ends[i];
  const span = { start, end };
  switch (k) {
    case K.K_Null:
      pos++;
      return { type: 'Null', span };
    case K.K_True:
      pos++;
      return { type: 'Boolean', span, value: true };
    case K.K_False:
      pos++;
      return { type: 'Boolean', span, value: false };
    case K.K_IntegerLit:
    case K.K_DecimalLit: {
      pos++;
      const integer = k === K.K_IntegerLit;
      const image = text.slice(start, end);
      const value = Number(image);
      // number-out-of-range (an integer of fewer than 19 digits fits in a long)
      if ((integer && image.length >= 19 && BigInt(image) > LONG_MAX) || !Number.isFinite(value)) bail(`Number [${image}] is too large`, span, 'number-out-of-range');
      return { type: 'Number', span, text: image, value, integer };
    }
  }
  if (STRING[k] !== 1) {
    // Where only constants are read (match patterns), a name or a call is the main builder's check.
    if (k === K.K_Identifier || k === K.K_QuotedIdentifier || k === K.K_Question || k === K.K_TildeIdentifier) bail('Match patterns must be constants', span, 'non-constant-value');
    bail();
  }
  pos++;
  // A closed double-quoted string without a backslash is its body (what decodeString gives, faster).
  if (k === K.K_DoubleString && escaped[i] === 0 && end - start >= 2 && text.charCodeAt(end - 1) === 34) {
    return { type: 'String', span, value: text.slice(start + 1, end - 1), raw: false };
  }
  const decoded = decodeString(text.slice(start, end), start);
  if (decoded.problems.length > 0) bail(decoded.problems[0].message, decoded.problems[0].span); // the string's own syntax errors
  return { type: 'String', span, value: decoded.value, raw: decoded.raw };
}

/** The main builder over the CST-shaped nodes: expressions come built. */
class FastBuilder extends AstBuilder {
  override expression(n: CstNode): A.Expression | undefined {
    return (n as unknown as Node).ast;
  }
}

export interface FastResult {
  ast: A.Query;
  diagnostics: AstBuilder['diagnostics'];
}

/**
 * The AST and the builder's diagnostics of the text `scanCompact` last scanned (it lexed cleanly), or
 * undefined when the main path must parse it.
 */
export function fastParseScanned(source: string): FastResult | undefined {
  text = source;
  kinds = scanned.kinds;
  starts = scanned.starts;
  ends = scanned.ends;
  escaped = scanned.escaped;
  count = scanned.count;
  pos = 0;
  bailInfo = undefined;
  overflowed = false;
  operandCount = 0;
  try {
    const root = statement();
    const builder = new FastBuilder(source, false);
    const ast = builder.statement(root as unknown as CstNode);
    if (operandCount > 0) operandAsts = [];
    return { ast, diagnostics: builder.diagnostics };
  } catch (e) {
    // A syntax error or a construct the main path reports (BAIL), or a fault of this path, or the host's
    // stack ran out: the main path decides.
    overflowed = e instanceof RangeError;
    return undefined;
  } finally {
    text = '';
  }
}

/**
 * Where the last `fastParseScanned` gave up: the index of the token of its syntax error, the check of the
 * main builder it stopped at (its message, span and code), or that it ran out of stack (only when the
 * host left it far less than the default stack, see MAX_DEPTH).
 */
export function bailedAt(): { token: number; check?: { message: string; span: Span; code: EqlCode }; overflowed: boolean } {
  return { token: pos, check: bailInfo, overflowed };
}

/**
 * The operands of chains the last `fastParseScanned` completed before it gave up (see `chainOperand`), as
 * disjoint token ranges in order (operands inside a longer one left out): `from[i]` to `to[i]`
 * (exclusive) parsed into `asts[i]`. Each is followed by `and` or `or`, so it ends before the token the
 * parse stopped at.
 */
export function completedOperands(): { count: number; from: Int32Array; to: Int32Array; asts: A.Expression[] } {
  // Recorded when each operand ends: inner ones before the operand holding them, which starts earlier.
  const order = Array.from({ length: operandCount }, (_, i) => i).sort((a, b) => operandFrom[a] - operandFrom[b] || operandTo[b] - operandTo[a]);
  const from = new Int32Array(operandCount);
  const to = new Int32Array(operandCount);
  const asts: A.Expression[] = [];
  let n = 0;
  for (const i of order) {
    if (n > 0 && operandFrom[i] < to[n - 1]) continue;
    from[n] = operandFrom[i];
    to[n] = operandTo[i];
    asts[n++] = operandAsts[i];
  }
  operandAsts = [];
  return { count: n, from, to, asts };
}

/** Kinds by token type (for `fastParse`'s token lists). */
const KIND_OF = new Map(T.allTokens.map((t, i) => [t, i]));

/**
 * `fastParseScanned` over the tokens of an error-free lexing (`lex`): loads them into `scanned` first.
 * (`parse` scans straight into `scanned`, without token objects.)
 */
export function fastParse(source: string, tokens: IToken[]): FastResult | undefined {
  if (tokens.length + 1 > scanned.kinds.length) {
    const size = tokens.length + 1;
    scanned.kinds = new Uint8Array(size);
    scanned.starts = new Int32Array(size);
    scanned.ends = new Int32Array(size);
    scanned.escaped = new Uint8Array(size);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    scanned.kinds[i] = KIND_OF.get(t.tokenType) ?? K.K_EOF;
    scanned.starts[i] = t.startOffset;
    scanned.ends[i] = t.startOffset + t.image.length;
    scanned.escaped[i] = t.image.includes('\\') ? 1 : 0;
  }
  scanned.kinds[tokens.length] = K.K_EOF;
  scanned.starts[tokens.length] = scanned.ends[tokens.length] = source.length;
  scanned.count = tokens.length;
  return fastParseScanned(source);
}
