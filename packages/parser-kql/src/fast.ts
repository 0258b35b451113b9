/**
 * The fast path of `parse` for queries without any error: a hand-written recursive-descent parser over the
 * compact scan (scan.ts `scanCompact`: token kinds and offsets in typed arrays, no token objects) that
 * builds the AST as it goes. It takes the decisions of the grammar (parser.ts) on the same tokens: `or` and
 * `and` in one repetition per level (`and` binds tighter), `not` / group / term in one rule.
 *
 * The contract: it either gives up (undefined: any syntax error, deep nesting) or gives the AST body that
 * parser.ts + build.ts give. parse.ts calls it only when the compact scan found the text clean.
 * test/kql-fast-path.test.ts and test/kql-fast-diff.test.ts compare both paths.
 */
import type { IToken } from 'chevrotain';
import type { Field, Literal, QueryExpression, RangeOperator, ValueExpression } from './ast.js';
import { fieldOf, literalOf, unescapeQuoted } from './build.js';
import { allTokens, UnquotedLiteral, type LiteralPayload } from './lexer.js';
import {
  F_QUOTED_ESCAPED,
  F_UNQUOTED_SPECIAL,
  K_AND,
  K_COLON,
  K_END,
  K_GT,
  K_GTE,
  K_LBRACE,
  K_LPAREN,
  K_LT,
  K_LTE,
  K_NOT,
  K_OR,
  K_QUOTED,
  K_RBRACE,
  K_RPAREN,
  K_UNQUOTED,
  MAX_NESTING,
  scanned,
} from './scan.js';

/**
 * Nesting (rules on the stack, as Chevrotain counted them for the former fast parser: query 0, orQuery 1,
 * notQuery 2, ...; two per `(` or `{` of a query, one per `(` of a value list) beyond which it gives up:
 * past anything the compact scan lets through (scan.ts MAX_NESTING), so that it parses every clean text
 * up to the limit (~0.5 KB of stack per level in interpreted frames: 500 levels in ~250 KB).
 */
const MAX_RULE_DEPTH = 2 * MAX_NESTING + 4;
/** Thrown to abandon the fast path at once. */
const BAIL = { bail: true };

const OPERATORS: Record<number, RangeOperator> = { [K_LT]: '<', [K_LTE]: '<=', [K_GT]: '>', [K_GTE]: '>=' };
const matchUnquoted = (UnquotedLiteral.PATTERN as { exec: (text: string, offset: number, tokens: IToken[]) => { payload?: unknown } | null }).exec;
const NO_TOKENS: IToken[] = [];

// The input being parsed: the compact scan's arrays, and the text (or, for `fastQuery`, the token objects).
let kinds: Uint8Array = scanned.kinds;
let starts: Int32Array = scanned.starts;
let ends: Int32Array = scanned.ends;
let flags: Uint8Array = scanned.flags;
let src = '';
let tokenObjects: IToken[] | undefined;
let pos = 0;

const isLiteral = (k: number): boolean => k === K_UNQUOTED || k === K_QUOTED;

/** Value, raw text and wildcard flag of the literal token `i` (build.ts tokenInfo). */
function info(i: number): { value: string; raw: string; quoted: boolean; wildcard: boolean } {
  const raw = src.slice(starts[i], ends[i]);
  if (kinds[i] === K_QUOTED) {
    const content = raw.slice(1, -1);
    return { value: flags[i] & F_QUOTED_ESCAPED ? unescapeQuoted(content) : content, raw, quoted: true, wildcard: false };
  }
  if (flags[i] & F_UNQUOTED_SPECIAL) {
    const p = matchUnquoted(src, starts[i], NO_TOKENS)!.payload as LiteralPayload;
    return { value: p.value, raw, quoted: false, wildcard: p.wildcard };
  }
  return { value: raw.trim(), raw, quoted: false, wildcard: false };
}

function literalAt(i: number): Literal {
  if (tokenObjects) return literalOf(tokenObjects[i]);
  const l = info(i);
  return { type: 'Literal', span: { start: starts[i], end: ends[i] }, value: l.value, raw: l.raw, quoted: l.quoted, wildcard: l.wildcard };
}

function fieldAt(i: number): Field {
  if (tokenObjects) return fieldOf(tokenObjects[i]);
  const l = info(i);
  return { type: 'Field', span: { start: starts[i], end: ends[i] }, name: l.value, raw: l.raw, quoted: l.quoted, wildcard: l.wildcard };
}

/** `andQuery ('or' andQuery)*` at rule depth `d` (build.ts `chain`: one operand is itself). */
function orQuery(d: number): QueryExpression {
  if (d > MAX_RULE_DEPTH) throw BAIL;
  const first = andQuery(d);
  if (kinds[pos] !== K_OR) return first;
  const operands = [first];
  while (kinds[pos] === K_OR) {
    pos++;
    operands.push(andQuery(d));
  }
  return { type: 'OrQuery', span: { start: first.span.start, end: operands[operands.length - 1].span.end }, operands };
}

function andQuery(d: number): QueryExpression {
  const first = notQuery(d + 1);
  if (kinds[pos] !== K_AND) return first;
  const operands = [first];
  while (kinds[pos] === K_AND) {
    pos++;
    operands.push(notQuery(d + 1));
  }
  return { type: 'AndQuery', span: { start: first.span.start, end: operands[operands.length - 1].span.end }, operands };
}

/** `'not'? ( '(' orQuery ')' | literal ( ':' ( '{' orQuery '}' | values ) | rangeOp literal )? )` */
function notQuery(d: number): QueryExpression {
  let notStart = -1;
  if (kinds[pos] === K_NOT) notStart = starts[pos++];
  const k = kinds[pos];
  let operand: QueryExpression;
  if (k === K_LPAREN) {
    const start = starts[pos++];
    const body = orQuery(d + 1);
    if (kinds[pos] !== K_RPAREN) throw BAIL;
    operand = { type: 'GroupQuery', span: { start, end: ends[pos++] }, body };
  } else if (isLiteral(k)) {
    const lit = pos++;
    const next = kinds[pos];
    if (next === K_COLON) {
      pos++;
      if (kinds[pos] === K_LBRACE) {
        pos++;
        const body = orQuery(d + 1);
        if (kinds[pos] !== K_RBRACE) throw BAIL;
        const field = fieldAt(lit);
        operand = { type: 'NestedQuery', span: { start: field.span.start, end: ends[pos++] }, field, body };
      } else {
        const value = values(d + 1);
        const field = fieldAt(lit);
        operand = { type: 'MatchQuery', span: { start: field.span.start, end: value.span.end }, field, value };
      }
    } else if (next === K_LT || next === K_LTE || next === K_GT || next === K_GTE) {
      pos++;
      if (!isLiteral(kinds[pos])) throw BAIL;
      const field = fieldAt(lit);
      const value = literalAt(pos++);
      operand = { type: 'RangeQuery', span: { start: field.span.start, end: value.span.end }, field, operator: OPERATORS[next], value };
    } else {
      const value = literalAt(lit);
      operand = { type: 'TermQuery', span: value.span, value };
    }
  } else throw BAIL;
  return notStart < 0 ? operand : { type: 'NotQuery', span: { start: notStart, end: operand.span.end }, operand };
}

/** `listOfValues := '(' orList ')' | literal` */
function values(d: number): ValueExpression {
  if (d > MAX_RULE_DEPTH) throw BAIL;
  const k = kinds[pos];
  if (isLiteral(k)) return literalAt(pos++);
  if (k !== K_LPAREN) throw BAIL;
  const start = starts[pos++];
  const body = orValues(d);
  if (kinds[pos] !== K_RPAREN) throw BAIL;
  return { type: 'GroupValues', span: { start, end: ends[pos++] }, body };
}

function orValues(d: number): ValueExpression {
  const first = andValues(d);
  if (kinds[pos] !== K_OR) return first;
  const operands = [first];
  while (kinds[pos] === K_OR) {
    pos++;
    operands.push(andValues(d));
  }
  return { type: 'OrValues', span: { start: first.span.start, end: operands[operands.length - 1].span.end }, operands };
}

function andValues(d: number): ValueExpression {
  const first = notValue(d);
  if (kinds[pos] !== K_AND) return first;
  const operands = [first];
  while (kinds[pos] === K_AND) {
    pos++;
    operands.push(notValue(d));
  }
  return { type: 'AndValues', span: { start: first.span.start, end: operands[operands.length - 1].span.end }, operands };
}

/** `'not'? values` inside a value group. */
function notValue(d: number): ValueExpression {
  if (kinds[pos] !== K_NOT) return values(d + 1);
  const start = starts[pos++];
  const operand = values(d + 1);
  return { type: 'NotValue', span: { start, end: operand.span.end }, operand };
}

/** `query := orQuery?`, then the end: the body, null for an empty query, undefined to give up. */
function query(): QueryExpression | null | undefined {
  pos = 0;
  overflowed = false;
  try {
    if (kinds[0] === K_END) return null;
    const body = orQuery(1);
    return kinds[pos] === K_END ? body : undefined;
  } catch (e) {
    overflowed = e instanceof RangeError;
    if (e === BAIL) return undefined;
    // A fault of this path (not expected), or the host's stack ran out: the main path decides.
    return undefined;
  }
}

let overflowed = false;

/**
 * Where the last `fastParseScanned` gave up: the index of the token of its first syntax error, and
 * whether it ran out of stack instead (only when the host left it less than ~300 KB, see MAX_RULE_DEPTH).
 */
export function bailedAt(): { token: number; overflowed: boolean } {
  return { token: pos, overflowed };
}

/** The AST body of the text that `scanCompact` last scanned cleanly (see `query`). */
export function fastParseScanned(text: string): QueryExpression | null | undefined {
  kinds = scanned.kinds;
  starts = scanned.starts;
  ends = scanned.ends;
  flags = scanned.flags;
  src = text;
  tokenObjects = undefined;
  const body = query();
  src = '';
  return body;
}

const KIND_OF = new Map(allTokens.map((t, i) => [t, i]));
let tokenKinds = new Uint8Array(64);
let tokenStarts = new Int32Array(64);
let tokenEnds = new Int32Array(64);

/**
 * The AST body of an error-free token list, `null` for an empty query, or undefined when the main path
 * must parse it (the same parser, over the token objects of `scan`).
 */
export function fastQuery(tokens: IToken[]): QueryExpression | null | undefined {
  if (tokens.length + 1 > tokenKinds.length) {
    const size = Math.max(tokens.length + 1, tokenKinds.length * 2);
    tokenKinds = new Uint8Array(size);
    tokenStarts = new Int32Array(size);
    tokenEnds = new Int32Array(size);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    // Kinds the grammar never accepts (unterminated strings, invalid escapes) make it give up.
    tokenKinds[i] = KIND_OF.get(t.tokenType) ?? K_END;
    if (tokenKinds[i] === K_END) return undefined;
    tokenStarts[i] = t.startOffset;
    tokenEnds[i] = t.startOffset + t.image.length;
  }
  tokenKinds[tokens.length] = K_END;
  kinds = tokenKinds;
  starts = tokenStarts;
  ends = tokenEnds;
  tokenObjects = tokens;
  const body = query();
  tokenObjects = undefined;
  return body;
}
