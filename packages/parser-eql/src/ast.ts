/** The typed EQL AST. Every node has a half-open `span` in offsets of the query text. */
import type { Span } from '@esql-lint/core';

/** The root: a query and its pipes. */
export interface Query {
  type: 'Query';
  span: Span;
  /** Undefined when nothing parseable was found. */
  body: QueryBody | undefined;
  pipes: Pipe[];
}

export type QueryBody = EventQuery | SequenceQuery | SampleQuery | JoinQuery | ErrorNode;

/** `<category> where <condition>`, also the content of a `[...]` term. */
export interface EventQuery {
  type: 'EventQuery';
  span: Span;
  category: EventCategory | undefined;
  condition: Expression | undefined;
}

export interface EventCategory {
  type: 'EventCategory';
  span: Span;
  /** The category (`process`, `network`, ...; `any` for `any`), unquoted when written as a string. */
  name: string;
  /** `any where`: no category filter. */
  any: boolean;
  /** Written as a string (`"process" where ...`). */
  quoted: boolean;
}

/** `sequence [by keys] [with maxspan=N unit] terms... [until term]`. */
export interface SequenceQuery {
  type: 'SequenceQuery';
  span: Span;
  by: ByClause | undefined;
  maxspan: MaxSpan | undefined;
  terms: EventTerm[];
  until: EventTerm | undefined;
}

/** `sample [by keys] terms...`. */
export interface SampleQuery {
  type: 'SampleQuery';
  span: Span;
  by: ByClause | undefined;
  terms: EventTerm[];
  until: EventTerm | undefined;
}

/** `join [by keys] terms... [until term]` (parsed, rejected: Elasticsearch does not run joins). */
export interface JoinQuery {
  type: 'JoinQuery';
  span: Span;
  by: ByClause | undefined;
  terms: EventTerm[];
  until: EventTerm | undefined;
}

/** `with maxspan=5m`. */
export interface MaxSpan {
  type: 'MaxSpan';
  span: Span;
  /** The number as written (`5`, `1.5`). */
  value: string;
  /** `ms`, `s`, `m`, `h`, `d` (anything else is reported), undefined when missing. */
  unit: string | undefined;
}

/** `[category where condition] [by keys] [with runs=N]`, or `![...]` for a missing event. */
export interface EventTerm {
  type: 'EventTerm';
  span: Span;
  /** `![...]`: an event that must not occur. */
  missing: boolean;
  query: EventQuery | undefined;
  by: ByClause | undefined;
  runs: RunsOption | undefined;
}

/** `with runs=3` after a sequence term. */
export interface RunsOption {
  type: 'RunsOption';
  span: Span;
  /** The option name as written (`runs`; anything else is reported). */
  key: string;
  /** The number as written. */
  value: string;
}

/** `by key, key...`. */
export interface ByClause {
  type: 'ByClause';
  span: Span;
  keys: Expression[];
}

/** `| head 5`. */
export interface Pipe {
  type: 'Pipe';
  span: Span;
  name: string;
  nameSpan: Span;
  args: Expression[];
}

export type Expression =
  | LogicalExpression
  | NotExpression
  | Comparison
  | BinaryArithmetic
  | UnaryArithmetic
  | InExpression
  | MatchExpression
  | FunctionCall
  | Field
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | Paren
  | ProcessRelationship
  | ErrorNode;

export interface LogicalExpression {
  type: 'LogicalExpression';
  span: Span;
  operator: 'and' | 'or';
  left: Expression;
  right: Expression | undefined;
}

export interface NotExpression {
  type: 'NotExpression';
  span: Span;
  operand: Expression | undefined;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Comparison {
  type: 'Comparison';
  span: Span;
  /** `=` (rejected) is recorded as `==`. */
  operator: ComparisonOperator;
  left: Expression;
  right: Expression | undefined;
}

export interface BinaryArithmetic {
  type: 'BinaryArithmetic';
  span: Span;
  operator: '+' | '-' | '*' | '/' | '%';
  left: Expression;
  right: Expression | undefined;
}

export interface UnaryArithmetic {
  type: 'UnaryArithmetic';
  span: Span;
  operator: '-' | '+';
  operand: Expression | undefined;
}

/** `value [not] in (a, b)`, `value in~ (...)`. */
export interface InExpression {
  type: 'InExpression';
  span: Span;
  value: Expression;
  negated: boolean;
  caseInsensitive: boolean;
  list: Expression[];
}

export type MatchOperator = ':' | 'like' | 'like~' | 'regex' | 'regex~';

/** `value : "pattern"`, `value like~ ("a*", "b")`, `value regex "..."`. */
export interface MatchExpression {
  type: 'MatchExpression';
  span: Span;
  operator: MatchOperator;
  value: Expression;
  patterns: Expression[];
  /** Written as a parenthesized list. */
  list: boolean;
}

export interface FunctionCall {
  type: 'FunctionCall';
  span: Span;
  /** As written, without the `~`. */
  name: string;
  nameSpan: Span;
  /** `startsWith~(...)`. */
  caseInsensitive: boolean;
  args: Expression[];
}

/** A field reference: `process.name`, `?user.id`, `` `odd name`.x ``. */
export interface Field {
  type: 'Field';
  span: Span;
  /** The dotted name, backquotes removed. */
  name: string;
  /** The name's segments, backquotes removed. */
  path: string[];
  /** `?field`: the field may be absent. */
  optional: boolean;
  /** The span of the name, without the `?`. */
  nameSpan: Span;
}

export interface StringLiteral {
  type: 'String';
  span: Span;
  /** The value, escapes resolved. */
  value: string;
  /** Written as `"""raw"""`. */
  raw: boolean;
}

export interface NumberLiteral {
  type: 'Number';
  span: Span;
  /** The number as written. */
  text: string;
  value: number;
  integer: boolean;
}

export interface BooleanLiteral {
  type: 'Boolean';
  span: Span;
  value: boolean;
}

export interface NullLiteral {
  type: 'Null';
  span: Span;
}

export interface Paren {
  type: 'Paren';
  span: Span;
  expression: Expression | undefined;
}

/** `descendant of [...]`, `child of [...]`, `event of [...]` (parsed, rejected by Elasticsearch). */
export interface ProcessRelationship {
  type: 'ProcessRelationship';
  span: Span;
  relation: string;
  term: EventTerm | undefined;
}

/** Input that could not be parsed. */
export interface ErrorNode {
  type: 'Error';
  span: Span;
}

export type Node =
  | Query
  | QueryBody
  | EventCategory
  | MaxSpan
  | EventTerm
  | RunsOption
  | ByClause
  | Pipe
  | Expression;

export type NodeType = Node['type'];
