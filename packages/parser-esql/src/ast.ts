import type { FieldReference, Span } from '@esql-lint/core';

/**
 * The ES|QL AST. Every node has a `type` (the discriminant) and a half-open `span` in offsets of the
 * query text. Parts that are missing because of a syntax error are `undefined` (or absent from lists);
 * a command that could not be understood at all is an `ErrorCommand`.
 */
export interface BaseNode {
  type: string;
  span: Span;
}

export interface Query extends BaseNode {
  type: 'Query';
  /** `SET name = value;` statements before the query. */
  settings: SetCommand[];
  /** The source command first, then the processing commands, in order. */
  commands: Command[];
}

// ---------------------------------------------------------------- names

/** A plain name: a METADATA field, a DISSECT option, a FUSE method, a SET setting, a cast type... */
export interface Identifier extends BaseNode {
  type: 'Identifier';
  /** Unquoted name (backquotes removed, doubled backquotes unescaped). */
  name: string;
  quoted?: boolean;
}

/** A column (field) name in an expression: `host.name`, `` `host.name` ``, `` a.`b c` ``, `?param`. */
export interface Column extends BaseNode {
  type: 'Column';
  /** The dotted, unquoted name: `` `host`.name `` and `` `host.name` `` both give `host.name`. */
  name: string;
  /** Each dotted part, unquoted. A parameter part is kept as written (`?p`, `??p`). */
  parts: string[];
  /** True when a part is a query parameter (`?name`, `??name`): the real name is only known at run time. */
  parameterized?: boolean;
}

/** A column name pattern of KEEP, DROP, RENAME and ENRICH: `host.*`, `*name`, `` `a b` ``. */
export interface ColumnPattern extends BaseNode {
  type: 'ColumnPattern';
  name: string;
  parts: string[];
  /** The name contains an unquoted `*`. */
  wildcard: boolean;
  parameterized?: boolean;
}

// ---------------------------------------------------------------- expressions

export type Expression =
  | Literal
  | ListLiteral
  | Column
  | FunctionCall
  | BinaryExpression
  | UnaryExpression
  | InExpression
  | LikeExpression
  | IsNullExpression
  | MatchExpression
  | Cast
  | MapExpression;

export type LiteralType = 'integer' | 'decimal' | 'string' | 'boolean' | 'null' | 'timespan' | 'param';

interface LiteralBase extends BaseNode {
  type: 'Literal';
  literalType: LiteralType;
}
export interface IntegerLiteral extends LiteralBase {
  literalType: 'integer';
  /** The value as written (kept as a string so that unsigned longs are exact). */
  value: string;
}
export interface DecimalLiteral extends LiteralBase {
  literalType: 'decimal';
  value: string;
}
export interface StringLiteral extends LiteralBase {
  literalType: 'string';
  /** The decoded value (escapes resolved). */
  value: string;
  tripleQuoted: boolean;
}
export interface BooleanLiteral extends LiteralBase {
  literalType: 'boolean';
  value: boolean;
}
export interface NullLiteral extends LiteralBase {
  literalType: 'null';
  value: null;
}
/** `1 hour`, `7 days`: an integer and a time unit. */
export interface TimespanLiteral extends LiteralBase {
  literalType: 'timespan';
  value: string;
  /** The unit as written, lower-cased (`hour`, `days`, `ms`...). */
  unit: string;
  unitSpan: Span;
}
/** `?`, `?name`, `?1`. */
export interface ParamLiteral extends LiteralBase {
  literalType: 'param';
  paramKind: 'anonymous' | 'named' | 'positional';
  /** The name or position, without `?`; undefined for `?`. */
  value: string | undefined;
}
export type Literal =
  | IntegerLiteral
  | DecimalLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | TimespanLiteral
  | ParamLiteral;

/** `[1, 2, 3]`, `["a", "b"]`, `[true, false]`. */
export interface ListLiteral extends BaseNode {
  type: 'ListLiteral';
  elements: Literal[];
}

export interface FunctionCall extends BaseNode {
  type: 'FunctionCall';
  /** The function name as written (not lower-cased, not validated by the parser). */
  name: string;
  nameSpan: Span;
  args: Expression[];
  /** `COUNT(*)`. */
  star?: boolean;
  /** Trailing named parameters: `f(x, {"key": value})`. */
  options?: MapExpression;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or';

export interface BinaryExpression extends BaseNode {
  type: 'BinaryExpression';
  operator: ArithmeticOperator | ComparisonOperator | LogicalOperator;
  left: Expression | undefined;
  right: Expression | undefined;
  operatorSpan: Span;
}

export interface UnaryExpression extends BaseNode {
  type: 'UnaryExpression';
  operator: '-' | '+' | 'not';
  operand: Expression | undefined;
}

/** `x IN (a, b)`, `x NOT IN (a, b)`. */
export interface InExpression extends BaseNode {
  type: 'InExpression';
  expression: Expression;
  negated: boolean;
  list: Expression[];
}

/** `x LIKE "a*"`, `x NOT RLIKE "a.*"`, `x LIKE ("a*", "b*")`. */
export interface LikeExpression extends BaseNode {
  type: 'LikeExpression';
  operator: 'like' | 'rlike';
  expression: Expression;
  negated: boolean;
  patterns: Literal[];
  /** The list form `LIKE ("a", "b")`. */
  list: boolean;
}

export interface IsNullExpression extends BaseNode {
  type: 'IsNullExpression';
  expression: Expression;
  negated: boolean;
}

/** The match operator `field : "query"` (optionally `field::type : "query"`). */
export interface MatchExpression extends BaseNode {
  type: 'MatchExpression';
  field: Column;
  fieldType?: Identifier;
  query: Literal | undefined;
}

/** The inline cast `expr::type`. */
export interface Cast extends BaseNode {
  type: 'Cast';
  expr: Expression;
  /** Lower-cased type name (`integer`, `ip`, `datetime`...). */
  targetType: string;
  targetTypeSpan: Span;
}

/** `{"key": value, ...}`: named parameters of functions and commands. */
export interface MapExpression extends BaseNode {
  type: 'MapExpression';
  entries: MapEntry[];
}
export interface MapEntry extends BaseNode {
  type: 'MapEntry';
  key: StringLiteral;
  value: Literal | ListLiteral | MapExpression | undefined;
}

// ---------------------------------------------------------------- command parts

/** `name = expression` or a bare `expression` (EVAL, ROW, STATS BY, RERANK ON). */
export interface Assignment extends BaseNode {
  type: 'Assignment';
  name?: Column;
  expression: Expression | undefined;
}

/** One aggregate of STATS: `[name =] expression [WHERE condition]`. */
export interface Aggregate extends BaseNode {
  type: 'Aggregate';
  name?: Column;
  expression: Expression | undefined;
  where?: Expression;
}

export interface IndexSource extends BaseNode {
  type: 'IndexSource';
  cluster?: string;
  /** The index, alias or pattern (unquoted value for `"..."` sources). */
  index: string;
  /** `::data` or `::failures`. */
  selector?: string;
  quoted: boolean;
}

/** A FROM subquery `(FROM ... | ...)` (released as tech preview in 9.4). */
export interface Subquery extends BaseNode {
  type: 'Subquery';
  commands: Command[];
}

export interface SortOrder extends BaseNode {
  type: 'SortOrder';
  expression: Expression | undefined;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export interface RenameClause extends BaseNode {
  type: 'RenameClause';
  oldName: ColumnPattern | undefined;
  newName: ColumnPattern | undefined;
  /** `old AS new` or `new = old`. */
  syntax: 'as' | 'assign';
}

export interface DissectOption extends BaseNode {
  type: 'DissectOption';
  name: Identifier;
  value: Literal | ListLiteral | undefined;
}

/** A field that a GROK or DISSECT pattern creates, with the span of its name inside the pattern string. */
export interface PatternField extends BaseNode {
  type: 'PatternField';
  name: string;
}

export interface EnrichField extends BaseNode {
  type: 'EnrichField';
  /** `newName = field`. */
  newName?: ColumnPattern;
  field: ColumnPattern | undefined;
}

export interface ForkBranch extends BaseNode {
  type: 'ForkBranch';
  commands: Command[];
}

// ---------------------------------------------------------------- commands

interface SourceCommandBase extends BaseNode {
  sources: IndexSource[];
  /** FROM (…) subqueries. */
  subqueries: Subquery[];
  metadata: Identifier[];
}
export interface FromCommand extends SourceCommandBase {
  type: 'FromCommand';
}
export interface TsCommand extends SourceCommandBase {
  type: 'TsCommand';
}
export interface RowCommand extends BaseNode {
  type: 'RowCommand';
  assignments: Assignment[];
}
export interface ShowCommand extends BaseNode {
  type: 'ShowCommand';
  item: 'info' | undefined;
}
export interface PromqlCommand extends BaseNode {
  type: 'PromqlCommand';
  /** Raw text after PROMQL (parameters and query); not parsed further. */
  text: string;
}
export interface ExplainCommand extends BaseNode {
  type: 'ExplainCommand';
  commands: Command[];
}
export interface ExternalCommand extends BaseNode {
  type: 'ExternalCommand';
  source: Literal | undefined;
  options?: MapExpression;
}
export interface SetCommand extends BaseNode {
  type: 'SetCommand';
  name: Identifier | undefined;
  value: Literal | ListLiteral | MapExpression | undefined;
}
export interface WhereCommand extends BaseNode {
  type: 'WhereCommand';
  condition: Expression | undefined;
}
export interface EvalCommand extends BaseNode {
  type: 'EvalCommand';
  assignments: Assignment[];
}
export interface StatsCommand extends BaseNode {
  type: 'StatsCommand';
  aggregates: Aggregate[];
  by: Assignment[];
}
export interface InlineStatsCommand extends BaseNode {
  type: 'InlineStatsCommand';
  aggregates: Aggregate[];
  by: Assignment[];
  /** `INLINE STATS` or the deprecated `INLINESTATS`. */
  syntax: 'inline stats' | 'inlinestats';
}
export interface KeepCommand extends BaseNode {
  type: 'KeepCommand';
  columns: ColumnPattern[];
}
export interface DropCommand extends BaseNode {
  type: 'DropCommand';
  columns: ColumnPattern[];
}
export interface RenameCommand extends BaseNode {
  type: 'RenameCommand';
  renames: RenameClause[];
}
export interface SortCommand extends BaseNode {
  type: 'SortCommand';
  orders: SortOrder[];
}
export interface LimitCommand extends BaseNode {
  type: 'LimitCommand';
  count: Literal | undefined;
  /** `LIMIT n BY ...` (snapshot builds only). */
  by?: Assignment[];
}
export interface DissectCommand extends BaseNode {
  type: 'DissectCommand';
  input: Expression | undefined;
  pattern: StringLiteral | undefined;
  options: DissectOption[];
  fields: PatternField[];
}
export interface GrokCommand extends BaseNode {
  type: 'GrokCommand';
  input: Expression | undefined;
  patterns: StringLiteral[];
  fields: PatternField[];
}
export interface EnrichCommand extends BaseNode {
  type: 'EnrichCommand';
  /** The policy name as written (`policy`, `_remote:policy`, or the value of a quoted name). */
  policy: Identifier | undefined;
  on?: ColumnPattern;
  with: EnrichField[];
}
export interface MvExpandCommand extends BaseNode {
  type: 'MvExpandCommand';
  column: Column | undefined;
}
export interface JoinCommand extends BaseNode {
  type: 'JoinCommand';
  /** `LOOKUP JOIN`; LEFT, RIGHT and FULL joins are snapshot only. */
  joinType: 'lookup' | 'left' | 'right' | 'full';
  target: IndexSource | undefined;
  /** Each ON condition: a column (`ON a, b`) or a boolean expression (`ON a == b`). */
  conditions: Expression[];
}
export interface ChangePointCommand extends BaseNode {
  type: 'ChangePointCommand';
  value: Column | undefined;
  key?: Column;
  /** `AS type_name, pvalue_name`. */
  typeName?: Column;
  pvalueName?: Column;
}
export interface CompletionCommand extends BaseNode {
  type: 'CompletionCommand';
  target?: Column;
  prompt: Expression | undefined;
  options?: MapExpression;
}
export interface RerankCommand extends BaseNode {
  type: 'RerankCommand';
  target?: Column;
  query: Literal | ListLiteral | undefined;
  fields: Assignment[];
  options?: MapExpression;
}
export interface SampleCommand extends BaseNode {
  type: 'SampleCommand';
  probability: Literal | undefined;
}
export interface ForkCommand extends BaseNode {
  type: 'ForkCommand';
  branches: ForkBranch[];
}
export interface FuseCommand extends BaseNode {
  type: 'FuseCommand';
  method?: Identifier;
  score?: Column;
  key: Column[];
  group?: Column;
  options?: MapExpression;
}
export interface UriPartsCommand extends BaseNode {
  type: 'UriPartsCommand';
  /** Prefix of the created columns. */
  target: Column | undefined;
  expression: Expression | undefined;
}
export interface RegisteredDomainCommand extends BaseNode {
  type: 'RegisteredDomainCommand';
  target: Column | undefined;
  expression: Expression | undefined;
}
/** `USER_AGENT prefix = expression [WITH {...}]` (released in 9.4) and `IP_LOCATION ...` (released in 9.5). */
export interface UserAgentCommand extends BaseNode {
  type: 'UserAgentCommand';
  /** Prefix of the created columns. */
  target: Column | undefined;
  expression: Expression | undefined;
  options?: MapExpression;
}
export interface IpLocationCommand extends BaseNode {
  type: 'IpLocationCommand';
  target: Column | undefined;
  expression: Expression | undefined;
  options?: MapExpression;
}
/** `TS_COLLAPSE` (released in 9.5). */
export interface TsCollapseCommand extends BaseNode {
  type: 'TsCollapseCommand';
}
/** `DEDUP` (snapshot builds only). */
export interface DedupCommand extends BaseNode {
  type: 'DedupCommand';
}
export interface MetricsInfoCommand extends BaseNode {
  type: 'MetricsInfoCommand';
}
export interface TsInfoCommand extends BaseNode {
  type: 'TsInfoCommand';
}
export interface MmrCommand extends BaseNode {
  type: 'MmrCommand';
  queryVector?: Expression;
  on: Column | undefined;
  limit: Literal | undefined;
  options?: MapExpression;
}
/** A command that could not be parsed (unknown command word, or input too broken to make a command of). */
export interface ErrorCommand extends BaseNode {
  type: 'ErrorCommand';
  /** The command word, when there is one. */
  name?: string;
}

export type SourceCommand = FromCommand | TsCommand | RowCommand | ShowCommand | PromqlCommand | ExplainCommand | ExternalCommand;
export type ProcessingCommand =
  | WhereCommand | EvalCommand | StatsCommand | InlineStatsCommand | KeepCommand | DropCommand | RenameCommand
  | SortCommand | LimitCommand | DissectCommand | GrokCommand | EnrichCommand | MvExpandCommand | JoinCommand
  | ChangePointCommand | CompletionCommand | RerankCommand | SampleCommand | ForkCommand | FuseCommand
  | UriPartsCommand | RegisteredDomainCommand | UserAgentCommand | IpLocationCommand | MetricsInfoCommand | TsInfoCommand
  | TsCollapseCommand | DedupCommand | MmrCommand;
export type Command = SourceCommand | ProcessingCommand | ErrorCommand;

export type Node =
  | Query | Command | SetCommand | Expression | Identifier | ColumnPattern | MapEntry | Assignment | Aggregate
  | IndexSource | Subquery | SortOrder | RenameClause | DissectOption | PatternField | EnrichField | ForkBranch;

export interface ParseOptions {
  /** Accept what only snapshot (development) builds of Elasticsearch accept. Default false. */
  snapshot?: boolean;
}

/** A field reference with its role: a column read, or a column name the query defines. */
export interface ColumnReference extends FieldReference {
  role: 'read' | 'define';
  /** The `type` of the command the reference is in. */
  command: Command['type'] | 'SetCommand';
}
