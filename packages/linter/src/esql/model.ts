/**
 * Types shared by the ES|QL analysis modules: the analysis (analyze.ts), the per-command table
 * (commands.ts) and the verifier checks import them from here, so that none of them imports another
 * in a circle. Types only: no code.
 */
import type { Diagnostic, Span } from '@esql-lint/core';
import type * as esql from '@esql-lint/parser-esql';
import type { EsqlColumn, Scope } from './columns.js';
import type { EsqlType } from './types.js';

/** Where an expression is, for the aggregate rules: a row command, a STATS aggregate, a BY group, or the WHERE of an aggregate. */
export type Mode = 'row' | 'agg' | 'by' | 'filter';

export interface ExprContext {
  mode: Mode;
  /** Inside the arguments of an aggregate function. */
  inAggregate: boolean;
  /** Inside the arguments of a grouping function (of a BY group). */
  inGrouping?: boolean;
  /** Texts of the grouping functions of the BY clause (an aggregate may repeat them). */
  groupings?: Set<string>;
  /** The command, for messages ("EVAL"). */
  command?: string;
  /** The command accepts full-text search here (the `:` operator, MATCH, QSTR, KQL...): WHERE and STATS. */
  fullText?: boolean;
}

/** What a part of a command accepts. */
export type PartRole =
  /** A boolean expression (WHERE, the WHERE of a STATS aggregate, a JOIN condition). */
  | 'condition'
  /** Any expression, optionally `name = expression` (EVAL, ROW). */
  | 'value'
  /** `[name =] aggregate expression [WHERE condition]` (STATS). */
  | 'aggregate'
  /** `[name =] expression` of a BY clause: columns and grouping functions (BUCKET, CATEGORIZE...). */
  | 'grouping'
  /** An expression to sort by, with ASC/DESC and NULLS FIRST/LAST. */
  | 'sort-key'
  /** One existing column (no wildcard). */
  | 'column'
  /** A column name or a pattern with `*`. */
  | 'column-pattern'
  /** The name of a column the command creates. */
  | 'new-column'
  /** Index names or patterns (FROM, TS, LOOKUP JOIN). */
  | 'index'
  /** An enrich policy name. */
  | 'policy'
  /** A METADATA field (`_id`, `_index`...). */
  | 'metadata'
  /** A literal (LIMIT's count, SAMPLE's probability, a GROK pattern...). */
  | 'literal'
  /** `{ "name": value }` named options. */
  | 'options'
  /** A sub-pipeline (FORK branch, FROM subquery, EXPLAIN). */
  | 'pipeline';

/** One part of a command: the AST property that holds it, and what it accepts. */
export interface CommandPart {
  /** The property of the command's AST node. */
  field: string;
  role: PartRole;
  /** The keyword that introduces the part (`BY`, `ON`, `WITH`, `AS`, `METADATA`). */
  keyword?: string;
  /** It is a comma-separated list. */
  list?: boolean;
  /** Column patterns with `*` are accepted. */
  wildcards?: boolean;
  /** Types that Elasticsearch refuses there (`SORT` on spatial types...). */
  refusedTypes?: readonly EsqlType[];
  /** A literal type the part must be (`integer` for LIMIT...). */
  literalType?: EsqlType;
}

/** What a command does to the columns of the pipeline. */
export type ColumnEffect =
  /** Starts a pipeline: the columns are the source's (FROM, ROW, SHOW...). */
  | 'source'
  /** Adds (or replaces) columns, keeps the rest (EVAL, DISSECT, GROK, ENRICH...). */
  | 'add'
  /** Only the listed columns remain (KEEP). */
  | 'keep'
  /** Removes the listed columns (DROP). */
  | 'drop'
  /** Renames columns (RENAME). */
  | 'rename'
  /** Replaces every column with its own (STATS). */
  | 'replace'
  /** Leaves the columns as they are (WHERE, SORT, LIMIT...). */
  | 'none'
  /** Adds columns that depend on data or cluster state (LOOKUP JOIN, the parsing commands): any name may exist after it. */
  | 'open'
  /** Unites the columns of its branches (FORK). */
  | 'union';

/** A column a command always creates (named by default, or by the part `renamedBy` when it is given). */
export interface ProducedColumn {
  name: string;
  type: EsqlType;
  renamedBy?: string;
}

/**
 * What the command analyzers of the table see of the analysis: the current columns, and the
 * operations that read, type, define and report.
 */
export interface CommandContext {
  /** The columns at this point (commands may replace it). */
  scope: Scope;
  readonly snapshot: boolean;
  text(span: Span): string;
  report(d: Diagnostic): void;
  /** Types an expression, reporting what is wrong inside it. */
  typeOf(e: esql.Expression | undefined, ctx: ExprContext): EsqlType;
  /** Resolves a column read, reporting it when it does not exist. */
  read(name: string, span: Span, parameterized?: boolean): EsqlColumn | undefined;
  /** Creates (or replaces) a column of the current scope. */
  define(name: string | undefined, type: EsqlType, span: Span | undefined): void;
  expectBoolean(e: esql.Expression | undefined, t: EsqlType, what: string): void;
  /** EVAL/ROW assignments: types each and defines its column. */
  assignments(as: esql.Assignment[], ctx: ExprContext): void;
  /** A source command's columns: index fields and METADATA fields. */
  source(c: esql.FromCommand | esql.TsCommand): void;
  stats(c: esql.StatsCommand | esql.InlineStatsCommand): void;
  keep(c: esql.KeepCommand): void;
  drop(c: esql.DropCommand): void;
  rename(c: esql.RenameCommand): void;
  fork(c: esql.ForkCommand): void;
  /** The command cannot be understood: later errors would be echoes. */
  markUncertain(): void;
}

/** One entry of the ES|QL command table. */
export interface CommandSpec<C extends esql.Command = esql.Command> {
  /** The AST node type (`StatsCommand`). */
  type: C['type'];
  /** The command as written in queries, upper-cased (`INLINE STATS`). */
  name: string;
  /** The name in @elastic/esql-definitions' command list (`inline_stats`), when it has one. */
  definition?: string;
  kind: 'source' | 'processing' | 'unknown';
  /** One line on what it does (our words). */
  summary: string;
  parts: readonly CommandPart[];
  columns: ColumnEffect;
  produces?: readonly ProducedColumn[];
  /** Full-text search (`:`, MATCH, QSTR, KQL) is accepted in its expressions (WHERE, STATS). */
  fullText?: boolean;
  /** Follows the command: types its expressions, reads and defines its columns, reports what is wrong. */
  analyze(c: C, cx: CommandContext, row: ExprContext): void;
}
