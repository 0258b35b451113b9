import type { Span } from '@esql-lint/core';

/** A whole KQL query. An empty (or all-whitespace) query is valid: Kibana reads it as "match all". */
export interface Query {
  type: 'Query';
  span: Span;
  body: QueryExpression | undefined;
  /** Input the parser skipped while recovering from errors. */
  errors: ErrorNode[];
}

export type QueryExpression =
  | OrQuery
  | AndQuery
  | NotQuery
  | GroupQuery
  | NestedQuery
  | MatchQuery
  | RangeQuery
  | TermQuery;

/** `a or b or c` (flat: same-level operands are not nested). */
export interface OrQuery {
  type: 'OrQuery';
  span: Span;
  operands: QueryExpression[];
}

/** `a and b and c`; binds tighter than `or`. */
export interface AndQuery {
  type: 'AndQuery';
  span: Span;
  operands: QueryExpression[];
}

/** `not q`. Kibana allows a single `not` (no `not not q`). */
export interface NotQuery {
  type: 'NotQuery';
  span: Span;
  operand: QueryExpression | undefined;
}

/** `( q )` */
export interface GroupQuery {
  type: 'GroupQuery';
  span: Span;
  body: QueryExpression | undefined;
}

/** `path:{ q }`: fields inside `q` are relative to `path` (full name `path.field`). */
export interface NestedQuery {
  type: 'NestedQuery';
  span: Span;
  field: Field;
  body: QueryExpression | undefined;
}

/** `field:value`, `field:"phrase"`, `field:*`, `field:(a or b)`. */
export interface MatchQuery {
  type: 'MatchQuery';
  span: Span;
  field: Field;
  value: ValueExpression | undefined;
}

export type RangeOperator = '<' | '<=' | '>' | '>=';

/** `field < value` (and `<=`, `>`, `>=`). */
export interface RangeQuery {
  type: 'RangeQuery';
  span: Span;
  field: Field;
  operator: RangeOperator;
  value: Literal | undefined;
}

/** A value without a field: free text searched in the default fields. */
export interface TermQuery {
  type: 'TermQuery';
  span: Span;
  value: Literal;
}

export type ValueExpression = OrValues | AndValues | NotValue | GroupValues | Literal;

/** `a or b` inside `field:( ... )`. */
export interface OrValues {
  type: 'OrValues';
  span: Span;
  operands: ValueExpression[];
}

/** `a and b` inside `field:( ... )`. */
export interface AndValues {
  type: 'AndValues';
  span: Span;
  operands: ValueExpression[];
}

/** `not a` inside `field:( ... )`. */
export interface NotValue {
  type: 'NotValue';
  span: Span;
  operand: ValueExpression | undefined;
}

/** `( ... )` in value position: `field:( ... )` and any inner group. */
export interface GroupValues {
  type: 'GroupValues';
  span: Span;
  body: ValueExpression | undefined;
}

/** A value: quoted (`"..."`, a phrase) or unquoted (runs on across words; may hold `*` wildcards). */
export interface Literal {
  type: 'Literal';
  span: Span;
  /** The value as Kibana reads it: escapes resolved; unquoted values trimmed. */
  value: string;
  /** The source text, quotes included. */
  raw: string;
  quoted: boolean;
  /** Unquoted with an unescaped `*`. */
  wildcard: boolean;
}

/** A field name: a literal before `:`, `<`, `<=`, `>`, `>=`. */
export interface Field {
  type: 'Field';
  span: Span;
  /** The name as Kibana reads it (escapes resolved, trimmed). */
  name: string;
  raw: string;
  quoted: boolean;
  /** An unquoted name with an unescaped `*`: a pattern over field names (`process.*`). */
  wildcard: boolean;
}

/** Input that could not be parsed. */
export interface ErrorNode {
  type: 'Error';
  span: Span;
}

export type Node = Query | QueryExpression | ValueExpression | Field | ErrorNode;
