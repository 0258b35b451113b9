/** CST → AST. Copes with the partial trees that error recovery leaves (missing children stay undefined). */
import type { CstNode, IToken } from 'chevrotain';
import type { Span } from '@esql-lint/core';
import type {
  Field,
  Literal,
  QueryExpression,
  RangeOperator,
  ValueExpression,
} from './ast.js';
import type { LiteralPayload } from './lexer.js';

type Part = Span | IToken | undefined;

function isToken(p: Span | IToken): p is IToken {
  return (p as IToken).image !== undefined;
}

/** The smallest span covering the parts that have a real position (recovery inserts tokens without one). */
export function spanOf(parts: Part[], fallback: number): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const p of parts) {
    if (!p) continue;
    let s: number;
    let e: number;
    if (isToken(p)) {
      if (p.isInsertedInRecovery || Number.isNaN(p.startOffset)) continue;
      s = p.startOffset;
      e = p.startOffset + p.image.length;
    } else {
      s = p.start;
      e = p.end;
    }
    if (s < start) start = s;
    if (e > end) end = e;
  }
  return start === Infinity ? { start: fallback, end: fallback } : { start, end };
}

const NONE: never[] = [];
const nodes = (n: CstNode | undefined, key: string): CstNode[] => (n?.children[key] as CstNode[] | undefined) ?? NONE;
/** The tokens named `key` that the input has (recovery inserts tokens without a position). Read-only. */
function tokens(n: CstNode | undefined, key: string): IToken[] {
  const list = n?.children[key] as IToken[] | undefined;
  if (list === undefined) return NONE;
  for (const t of list) if (t.isInsertedInRecovery) return list.filter((t) => !t.isInsertedInRecovery);
  return list;
}
const first = (n: CstNode | undefined, key: string): CstNode | undefined => nodes(n, key)[0];
function tok(n: CstNode | undefined, key: string): IToken | undefined {
  const list = n?.children[key] as IToken[] | undefined;
  if (list !== undefined) for (const t of list) if (!t.isInsertedInRecovery) return t;
  return undefined;
}

/** The value of a quoted string's content (between the quotes), as Kibana reads it. */
export function unescapeQuoted(content: string): string {
  return content.replace(/\\(?:([trn])|u([0-9a-fA-F]{4})|([\\"]))/g, (_m, ws: string, hex: string, ch: string) => {
    if (ws) return ws === 't' ? '\t' : ws === 'r' ? '\r' : '\n';
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ch;
  });
}

interface LiteralInfo {
  span: Span;
  value: string;
  raw: string;
  quoted: boolean;
  wildcard: boolean;
}

function literalInfo(cst: CstNode | undefined): LiteralInfo | undefined {
  const t = tok(cst, 'QuotedString') ?? tok(cst, 'UnquotedLiteral') ?? tok(cst, 'UnterminatedString');
  return t && tokenInfo(t);
}

function tokenInfo(t: IToken): LiteralInfo {
  const span = { start: t.startOffset, end: t.startOffset + t.image.length };
  const name = t.tokenType.name;
  if (name === 'UnquotedLiteral') {
    const p = t.payload as LiteralPayload;
    return { span, value: p.value, raw: t.image, quoted: false, wildcard: p.wildcard };
  }
  const content = name === 'QuotedString' ? t.image.slice(1, -1) : t.image.slice(1);
  return { span, value: unescapeQuoted(content), raw: t.image, quoted: true, wildcard: false };
}

function literal(cst: CstNode | undefined): Literal | undefined {
  const i = literalInfo(cst);
  return i && { type: 'Literal', span: i.span, value: i.value, raw: i.raw, quoted: i.quoted, wildcard: i.wildcard };
}

function field(cst: CstNode | undefined): Field | undefined {
  const i = literalInfo(cst);
  return i && { type: 'Field', span: i.span, name: i.value, raw: i.raw, quoted: i.quoted, wildcard: i.wildcard };
}

/** The literal of a literal token (as `literal` builds it from its CST node), for the fast path. */
export function literalOf(t: IToken): Literal {
  const i = tokenInfo(t);
  return { type: 'Literal', span: i.span, value: i.value, raw: i.raw, quoted: i.quoted, wildcard: i.wildcard };
}

/** The field of a literal token (as `field` builds it), for the fast path. */
export function fieldOf(t: IToken): Field {
  const i = tokenInfo(t);
  return { type: 'Field', span: i.span, name: i.value, raw: i.raw, quoted: i.quoted, wildcard: i.wildcard };
}

/** Builds `a op b op c` (or its single operand) for both query and value levels. */
function chain<T extends { span: Span }, K extends string>(
  type: K,
  operands: (T | undefined)[],
  ops: IToken[],
  fallback: number,
): T | { type: K; span: Span; operands: T[] } | undefined {
  if (ops.length === 0) {
    for (const o of operands) if (o !== undefined) return o;
    return undefined;
  }
  const present = operands.filter((o): o is T => o !== undefined);
  return { type, span: spanOf([...present.map((o) => o.span), ...ops], fallback), operands: present };
}

export class AstBuilder {
  /** Offset used for nodes that recovery left without any real token. */
  constructor(private readonly end: number) {}

  query(cst: CstNode): QueryExpression | undefined {
    return this.orQuery(first(cst, 'orQuery'));
  }

  private orQuery(cst: CstNode | undefined): QueryExpression | undefined {
    const parts = nodes(cst, 'andQuery').map((n) => this.andQuery(n));
    return chain('OrQuery', parts, tokens(cst, 'Or'), this.end) as QueryExpression | undefined;
  }

  private andQuery(cst: CstNode | undefined): QueryExpression | undefined {
    const parts = nodes(cst, 'notQuery').map((n) => this.notQuery(n));
    return chain('AndQuery', parts, tokens(cst, 'And'), this.end) as QueryExpression | undefined;
  }

  private notQuery(cst: CstNode | undefined): QueryExpression | undefined {
    const operand = this.subQuery(first(cst, 'subQuery'));
    const not = tok(cst, 'Not');
    if (!not) return operand;
    return { type: 'NotQuery', span: spanOf([not, operand?.span], this.end), operand };
  }

  private subQuery(cst: CstNode | undefined): QueryExpression | undefined {
    const lp = tok(cst, 'LParen');
    if (lp) {
      const body = this.orQuery(first(cst, 'orQuery'));
      return { type: 'GroupQuery', span: spanOf([lp, body?.span, tok(cst, 'RParen')], this.end), body };
    }
    return this.expression(first(cst, 'expression'));
  }

  private expression(cst: CstNode | undefined): QueryExpression | undefined {
    const lit = first(cst, 'field');
    const colon = tok(cst, 'Colon');
    const op = tok(cst, 'RangeOp');
    if (!colon && !op) {
      const value = literal(lit);
      return value && { type: 'TermQuery', span: value.span, value };
    }
    const f = field(lit);
    if (!f) return undefined;
    if (op) {
      const value = literal(first(cst, 'rangeValue'));
      const operator = op.image as RangeOperator;
      return { type: 'RangeQuery', span: spanOf([f.span, op, value?.span], this.end), field: f, operator, value };
    }
    const lb = tok(cst, 'LBrace');
    if (lb || cst?.children.LBrace) {
      const body = this.orQuery(first(cst, 'orQuery'));
      return { type: 'NestedQuery', span: spanOf([f.span, colon, lb, body?.span, tok(cst, 'RBrace')], this.end), field: f, body };
    }
    const value = this.listOfValues(first(cst, 'listOfValues'));
    return { type: 'MatchQuery', span: spanOf([f.span, colon, value?.span], this.end), field: f, value };
  }

  private listOfValues(cst: CstNode | undefined): ValueExpression | undefined {
    const lp = tok(cst, 'LParen');
    if (lp) {
      const body = this.orList(first(cst, 'orList'));
      return { type: 'GroupValues', span: spanOf([lp, body?.span, tok(cst, 'RParen')], this.end), body };
    }
    return literal(first(cst, 'literal'));
  }

  private orList(cst: CstNode | undefined): ValueExpression | undefined {
    const parts = nodes(cst, 'andList').map((n) => this.andList(n));
    return chain('OrValues', parts, tokens(cst, 'Or'), this.end) as ValueExpression | undefined;
  }

  private andList(cst: CstNode | undefined): ValueExpression | undefined {
    const parts = nodes(cst, 'notList').map((n) => this.notList(n));
    return chain('AndValues', parts, tokens(cst, 'And'), this.end) as ValueExpression | undefined;
  }

  private notList(cst: CstNode | undefined): ValueExpression | undefined {
    const operand = this.listOfValues(first(cst, 'listOfValues'));
    const not = tok(cst, 'Not');
    if (!not) return operand;
    return { type: 'NotValue', span: spanOf([not, operand?.span], this.end), operand };
  }
}
