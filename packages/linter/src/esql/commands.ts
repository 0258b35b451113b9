/**
 * The ES|QL command table: one entry per command, with what each part of it accepts, what it does to
 * the columns of the pipeline, the columns it always creates, and the function that follows it in the
 * analysis. `analyzeEsql` dispatches on this table; completion, hover and signature help read it too.
 * Plain data plus small functions; the shared types are in model.ts.
 */
import { diagnostic } from '@esql-lint/core';
import type * as esql from '@esql-lint/parser-esql';
import type { CommandContext, CommandSpec, ExprContext } from './model.js';
import { Scope } from './columns.js';
import { family, isOpenType, UNKNOWN, type EsqlType } from './types.js';
import { checkSortKey, UNSORTABLE_TYPES, wildcardNotAllowed } from './verifier.js';

type Spec<T extends esql.Command['type']> = CommandSpec<Extract<esql.Command, { type: T }>>;

function aType(t: string): string {
  return `${/^[aeiou]/i.test(t) ? 'an' : 'a'} ${t}`;
}

/** The type GROK gives a `%{SYNTAX:name:type}` field, from the text after its name. */
function grokType(cx: CommandContext, f: esql.PatternField): EsqlType {
  const m = /^:(\w+)\}/.exec(cx.text({ start: f.span.end, end: f.span.end + 12 }));
  switch (m?.[1]) {
    case 'int':
      return 'integer';
    case 'long':
      return 'long';
    case 'float':
    case 'double':
      return 'double';
    case 'boolean':
      return 'boolean';
    default:
      return 'keyword';
  }
}

function parseCommand(c: esql.DissectCommand | esql.GrokCommand, cx: CommandContext, row: ExprContext): void {
  const t = cx.typeOf(c.input, row);
  if (c.input && !isOpenType(t) && family(t) !== 'string') {
    cx.report(diagnostic('incompatible-types', 'error', `${c.type === 'GrokCommand' ? 'GROK' : 'DISSECT'} parses strings, but ${cx.text(c.input.span)} is ${aType(t)} value: convert it with TO_STRING() first.`, c.input.span));
  }
  for (const f of c.fields) cx.define(f.name, c.type === 'GrokCommand' ? grokType(cx, f) : 'keyword', f.span);
}

/** Commands whose columns we cannot know (they come from elsewhere): any column exists after them. */
function opaqueSource(_c: esql.Command, cx: CommandContext): void {
  cx.scope = new Scope();
  cx.scope.open = true;
}

/** Commands that create `prefix.*` columns whose names depend on the data. */
function prefixColumns(c: { expression: esql.Expression | undefined }, cx: CommandContext, row: ExprContext): void {
  cx.typeOf(c.expression, row);
  cx.scope.open = true;
}

const nothing = (): void => undefined;

const from: Spec<'FromCommand'> = {
  type: 'FromCommand', name: 'FROM', kind: 'source', columns: 'source',
  summary: 'Reads documents from indices, aliases or data streams.',
  parts: [
    { field: 'sources', role: 'index', list: true, wildcards: true },
    { field: 'metadata', role: 'metadata', keyword: 'METADATA', list: true },
    { field: 'subqueries', role: 'pipeline', list: true },
  ],
  analyze: (c, cx) => cx.source(c),
};

const ts: Spec<'TsCommand'> = {
  ...(from as unknown as Spec<'TsCommand'>), type: 'TsCommand', name: 'TS',
  summary: 'Reads time series data streams (for time-series aggregations).',
};

/** The ES|QL commands, by AST node type. */
export const COMMANDS: { readonly [T in esql.Command['type']]: Spec<T> } = {
  FromCommand: from,
  TsCommand: ts,
  RowCommand: {
    type: 'RowCommand', name: 'ROW', kind: 'source', columns: 'source',
    summary: 'Produces one row of the given columns.',
    parts: [{ field: 'assignments', role: 'value', list: true }],
    analyze(c, cx, row) {
      cx.scope = new Scope();
      cx.assignments(c.assignments, row);
    },
  },
  ShowCommand: {
    type: 'ShowCommand', name: 'SHOW', kind: 'source', columns: 'source',
    summary: 'Shows information about the deployment (SHOW INFO).',
    parts: [],
    produces: [{ name: 'version', type: 'keyword' }, { name: 'date', type: 'keyword' }, { name: 'hash', type: 'keyword' }],
    analyze(_c, cx) {
      cx.scope = new Scope();
      for (const p of COMMANDS.ShowCommand.produces ?? []) cx.define(p.name, p.type, undefined);
    },
  },
  PromqlCommand: {
    type: 'PromqlCommand', name: 'PROMQL', kind: 'source', columns: 'open',
    summary: 'Runs a PromQL query.', parts: [], analyze: opaqueSource,
  },
  ExplainCommand: {
    type: 'ExplainCommand', name: 'EXPLAIN', definition: 'explain', kind: 'source', columns: 'open',
    summary: 'Shows the plans of a query.', parts: [{ field: 'commands', role: 'pipeline' }], analyze: opaqueSource,
  },
  ExternalCommand: {
    type: 'ExternalCommand', name: 'EXTERNAL', kind: 'source', columns: 'open',
    summary: 'Reads an external data source.', parts: [{ field: 'source', role: 'literal' }, { field: 'options', role: 'options' }], analyze: opaqueSource,
  },
  MetricsInfoCommand: {
    type: 'MetricsInfoCommand', name: 'METRICS_INFO', definition: 'metrics_info', kind: 'processing', columns: 'open',
    summary: 'Describes the metrics of a time series source.', parts: [], analyze: opaqueSource,
  },
  TsInfoCommand: {
    type: 'TsInfoCommand', name: 'TS_INFO', definition: 'ts_info', kind: 'processing', columns: 'open',
    summary: 'Describes the time series of a source.', parts: [], analyze: opaqueSource,
  },
  ErrorCommand: {
    type: 'ErrorCommand', name: '', kind: 'unknown', columns: 'open', summary: 'A command that does not parse.', parts: [],
    analyze(_c, cx) {
      cx.scope.open = true;
      cx.markUncertain();
    },
  },
  WhereCommand: {
    type: 'WhereCommand', name: 'WHERE', kind: 'processing', columns: 'none', fullText: true,
    summary: 'Keeps the rows for which a condition is true.',
    parts: [{ field: 'condition', role: 'condition' }],
    analyze: (c, cx, row) => cx.expectBoolean(c.condition, cx.typeOf(c.condition, row), 'WHERE'),
  },
  EvalCommand: {
    type: 'EvalCommand', name: 'EVAL', definition: 'eval', kind: 'processing', columns: 'add',
    summary: 'Adds columns computed from expressions (or replaces columns of the same name).',
    parts: [{ field: 'assignments', role: 'value', list: true }],
    analyze: (c, cx, row) => cx.assignments(c.assignments, row),
  },
  StatsCommand: {
    type: 'StatsCommand', name: 'STATS', definition: 'stats', kind: 'processing', columns: 'replace', fullText: true,
    summary: 'Aggregates the rows, optionally by groups: the output has only the aggregates and the BY groups.',
    parts: [{ field: 'aggregates', role: 'aggregate', list: true }, { field: 'by', role: 'grouping', keyword: 'BY', list: true }],
    analyze: (c, cx) => cx.stats(c),
  },
  InlineStatsCommand: {
    type: 'InlineStatsCommand', name: 'INLINE STATS', definition: 'inline_stats', kind: 'processing', columns: 'add', fullText: true,
    summary: 'Aggregates like STATS but adds the aggregates to every row, keeping the other columns.',
    parts: [{ field: 'aggregates', role: 'aggregate', list: true }, { field: 'by', role: 'grouping', keyword: 'BY', list: true }],
    analyze: (c, cx) => cx.stats(c),
  },
  KeepCommand: {
    type: 'KeepCommand', name: 'KEEP', definition: 'keep', kind: 'processing', columns: 'keep',
    summary: 'Keeps only the listed columns, in that order.',
    parts: [{ field: 'columns', role: 'column-pattern', list: true, wildcards: true }],
    analyze: (c, cx) => cx.keep(c),
  },
  DropCommand: {
    type: 'DropCommand', name: 'DROP', definition: 'drop', kind: 'processing', columns: 'drop',
    summary: 'Removes the listed columns.',
    parts: [{ field: 'columns', role: 'column-pattern', list: true, wildcards: true }],
    analyze: (c, cx) => cx.drop(c),
  },
  RenameCommand: {
    type: 'RenameCommand', name: 'RENAME', definition: 'rename', kind: 'processing', columns: 'rename',
    summary: 'Renames columns (old AS new, or new = old).',
    parts: [{ field: 'renames', role: 'column', list: true }],
    analyze: (c, cx) => cx.rename(c),
  },
  SortCommand: {
    type: 'SortCommand', name: 'SORT', definition: 'sort', kind: 'processing', columns: 'none',
    summary: 'Sorts the rows by expressions.',
    parts: [{ field: 'orders', role: 'sort-key', list: true, refusedTypes: UNSORTABLE_TYPES }],
    analyze(c, cx, row) {
      for (const o of c.orders) checkSortKey(cx, o, cx.typeOf(o.expression, row));
    },
  },
  LimitCommand: {
    type: 'LimitCommand', name: 'LIMIT', definition: 'limit', kind: 'processing', columns: 'none',
    summary: 'Keeps the first rows.',
    parts: [{ field: 'count', role: 'literal', literalType: 'integer' }, { field: 'by', role: 'grouping', keyword: 'BY', list: true }],
    analyze(c, cx, row) {
      for (const a of c.by ?? []) cx.typeOf(a.expression, row);
    },
  },
  SampleCommand: {
    type: 'SampleCommand', name: 'SAMPLE', definition: 'sample', kind: 'processing', columns: 'none',
    summary: 'Keeps a random sample of the rows.',
    parts: [{ field: 'probability', role: 'literal', literalType: 'double' }],
    analyze: nothing,
  },
  DissectCommand: {
    type: 'DissectCommand', name: 'DISSECT', definition: 'dissect', kind: 'processing', columns: 'add',
    summary: 'Extracts columns from a string with a dissect pattern.',
    parts: [{ field: 'input', role: 'value' }, { field: 'pattern', role: 'literal', literalType: 'keyword' }, { field: 'options', role: 'options' }],
    analyze: parseCommand,
  },
  GrokCommand: {
    type: 'GrokCommand', name: 'GROK', definition: 'grok', kind: 'processing', columns: 'add',
    summary: 'Extracts columns from a string with grok patterns.',
    parts: [{ field: 'input', role: 'value' }, { field: 'patterns', role: 'literal', list: true, literalType: 'keyword' }],
    analyze: parseCommand,
  },
  EnrichCommand: {
    type: 'EnrichCommand', name: 'ENRICH', definition: 'enrich', kind: 'processing', columns: 'add',
    summary: 'Adds columns of an enrich policy, matched on a column.',
    parts: [
      { field: 'policy', role: 'policy' },
      { field: 'on', role: 'column', keyword: 'ON' },
      { field: 'with', role: 'new-column', keyword: 'WITH', list: true },
    ],
    analyze(c, cx) {
      if (c.policy && c.policy.name.includes('*') && !c.policy.quoted) wildcardNotAllowed(cx, 'ENRICH policy name', c.policy);
      if (c.on?.wildcard) wildcardNotAllowed(cx, 'ENRICH ON', c.on);
      else if (c.on) cx.read(c.on.name, c.on.span, c.on.parameterized);
      for (const w of c.with) {
        const target = w.newName ?? w.field;
        for (const p of [w.newName, w.field]) if (p?.wildcard) wildcardNotAllowed(cx, 'ENRICH WITH', p);
        if (target && !target.wildcard) cx.define(target.name, UNKNOWN, target.span);
      }
      // Without WITH, every enrich field of the policy is added: we don't know them.
      if (c.with.length === 0) cx.scope.open = true;
    },
  },
  MvExpandCommand: {
    type: 'MvExpandCommand', name: 'MV_EXPAND', definition: 'mv_expand', kind: 'processing', columns: 'none',
    summary: 'Expands a multivalued column into one row per value.',
    parts: [{ field: 'column', role: 'column' }],
    analyze(c, cx) {
      if (c.column) cx.read(c.column.name, c.column.span, c.column.parameterized);
    },
  },
  JoinCommand: {
    type: 'JoinCommand', name: 'LOOKUP JOIN', definition: 'lookup_join', kind: 'processing', columns: 'open',
    summary: 'Adds the columns of a lookup index, matched on key columns.',
    parts: [{ field: 'target', role: 'index' }, { field: 'conditions', role: 'column', keyword: 'ON', list: true }],
    analyze(c, cx, row) {
      for (const cond of c.conditions) if (cond.type === 'Column') cx.typeOf(cond, row);
      // The lookup index's fields are unknown to us: any column may exist from here on.
      cx.scope.open = true;
    },
  },
  ChangePointCommand: {
    type: 'ChangePointCommand', name: 'CHANGE_POINT', definition: 'change_point', kind: 'processing', columns: 'add',
    summary: 'Detects spikes, dips and change points in a metric.',
    parts: [{ field: 'value', role: 'column' }, { field: 'key', role: 'column', keyword: 'ON' }, { field: 'typeName', role: 'new-column', keyword: 'AS' }, { field: 'pvalueName', role: 'new-column' }],
    produces: [{ name: 'type', type: 'keyword', renamedBy: 'typeName' }, { name: 'pvalue', type: 'double', renamedBy: 'pvalueName' }],
    analyze(c, cx, row) {
      cx.typeOf(c.value, row);
      cx.typeOf(c.key, row);
      cx.define(c.typeName?.name ?? 'type', 'keyword', c.typeName?.span);
      cx.define(c.pvalueName?.name ?? 'pvalue', 'double', c.pvalueName?.span);
    },
  },
  CompletionCommand: {
    type: 'CompletionCommand', name: 'COMPLETION', kind: 'processing', columns: 'add',
    summary: 'Sends a prompt to an inference endpoint and adds its answer.',
    parts: [{ field: 'target', role: 'new-column' }, { field: 'prompt', role: 'value' }, { field: 'options', role: 'options', keyword: 'WITH' }],
    produces: [{ name: 'completion', type: 'keyword', renamedBy: 'target' }],
    analyze(c, cx, row) {
      cx.typeOf(c.prompt, row);
      cx.define(c.target?.name ?? 'completion', 'keyword', c.target?.span);
    },
  },
  RerankCommand: {
    type: 'RerankCommand', name: 'RERANK', definition: 'rerank', kind: 'processing', columns: 'add',
    summary: 'Scores the rows against a query with an inference endpoint.',
    parts: [{ field: 'target', role: 'new-column' }, { field: 'query', role: 'literal' }, { field: 'fields', role: 'value', keyword: 'ON', list: true }, { field: 'options', role: 'options', keyword: 'WITH' }],
    produces: [{ name: '_score', type: 'double', renamedBy: 'target' }],
    analyze(c, cx, row) {
      for (const a of c.fields) cx.typeOf(a.expression, row);
      cx.define(c.target?.name ?? '_score', 'double', c.target?.span);
    },
  },
  ForkCommand: {
    type: 'ForkCommand', name: 'FORK', definition: 'fork', kind: 'processing', columns: 'union',
    summary: 'Runs several branches over the same rows and unites their results.',
    parts: [{ field: 'branches', role: 'pipeline', list: true }],
    produces: [{ name: '_fork', type: 'keyword' }],
    analyze: (c, cx) => cx.fork(c),
  },
  FuseCommand: {
    type: 'FuseCommand', name: 'FUSE', kind: 'processing', columns: 'none',
    summary: 'Merges the scored results of FORK branches.',
    parts: [{ field: 'method', role: 'literal' }, { field: 'score', role: 'column', keyword: 'SCORE BY' }, { field: 'key', role: 'column', keyword: 'KEY BY', list: true }, { field: 'group', role: 'column', keyword: 'GROUP BY' }, { field: 'options', role: 'options', keyword: 'WITH' }],
    analyze(c, cx, row) {
      for (const col of [c.score, ...c.key, c.group]) cx.typeOf(col, row);
    },
  },
  UriPartsCommand: {
    type: 'UriPartsCommand', name: 'URI_PARTS', definition: 'uri_parts', kind: 'processing', columns: 'open',
    summary: 'Adds prefix.* columns with the parts of a URI.', parts: [{ field: 'target', role: 'new-column' }, { field: 'expression', role: 'value' }], analyze: prefixColumns,
  },
  RegisteredDomainCommand: {
    type: 'RegisteredDomainCommand', name: 'REGISTERED_DOMAIN', definition: 'registered_domain', kind: 'processing', columns: 'open',
    summary: 'Adds prefix.* columns with the registered domain of a host name.', parts: [{ field: 'target', role: 'new-column' }, { field: 'expression', role: 'value' }], analyze: prefixColumns,
  },
  UserAgentCommand: {
    type: 'UserAgentCommand', name: 'USER_AGENT', definition: 'user_agent', kind: 'processing', columns: 'open',
    summary: 'Adds prefix.* columns parsed from a user agent string.', parts: [{ field: 'target', role: 'new-column' }, { field: 'expression', role: 'value' }, { field: 'options', role: 'options', keyword: 'WITH' }], analyze: prefixColumns,
  },
  IpLocationCommand: {
    type: 'IpLocationCommand', name: 'IP_LOCATION', definition: 'ip_location', kind: 'processing', columns: 'open',
    summary: 'Adds prefix.* columns with the location of an IP address.', parts: [{ field: 'target', role: 'new-column' }, { field: 'expression', role: 'value' }, { field: 'options', role: 'options', keyword: 'WITH' }], analyze: prefixColumns,
  },
  TsCollapseCommand: {
    type: 'TsCollapseCommand', name: 'TS_COLLAPSE', kind: 'processing', columns: 'none', summary: 'Collapses time series rows.', parts: [], analyze: nothing,
  },
  DedupCommand: {
    type: 'DedupCommand', name: 'DEDUP', definition: 'dedup', kind: 'processing', columns: 'none', summary: 'Removes duplicate rows.', parts: [], analyze: nothing,
  },
  MmrCommand: {
    type: 'MmrCommand', name: 'MMR', definition: 'mmr', kind: 'processing', columns: 'none',
    summary: 'Re-ranks rows for diversity (maximal marginal relevance).',
    parts: [{ field: 'queryVector', role: 'value' }, { field: 'on', role: 'column', keyword: 'ON' }, { field: 'limit', role: 'literal', keyword: 'LIMIT', literalType: 'integer' }, { field: 'options', role: 'options', keyword: 'WITH' }],
    analyze(c, cx, row) {
      cx.typeOf(c.queryVector, row);
      cx.typeOf(c.on, row);
    },
  },
};

/** The table entry of a command node. */
export function commandSpec<C extends esql.Command>(c: C): CommandSpec<C> {
  return COMMANDS[c.type] as unknown as CommandSpec<C>;
}

/** The table entry of a command by its name as written (`stats`, `INLINE STATS`, `lookup join`), case-insensitive. */
export function commandByName(name: string): CommandSpec | undefined {
  const n = name.trim().replace(/\s+/g, ' ').toUpperCase();
  return (Object.values(COMMANDS) as CommandSpec[]).find((s) => s.name === n || (s.definition && s.definition.toUpperCase() === n.replace(/ /g, '_')));
}
