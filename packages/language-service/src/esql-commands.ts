/**
 * What the editor features add to the linter's ES|QL command table (`COMMANDS` in
 * linter/src/esql/commands.ts: names, kinds, parts and their roles): whether only snapshot builds accept
 * a command, its documentation (written for esql-lint from the facts of Elastic's ES|QL reference;
 * @elastic/esql-definitions publishes no command docs), its syntax line, example and completion snippet.
 * What a command's arguments are (`args`) and whether it is a source command come from the linter's
 * table. Completion, hover and signature help all read this.
 */
import { commandByName, type CommandSpec } from '@esql-lint/linter';


/** What the arguments of a command are, for completion. */
export type CommandArgs =
  | 'sources' // FROM, TS: index patterns, then METADATA
  | 'assignments' // EVAL, ROW: `name = expression`, or an expression
  | 'condition' // WHERE: a boolean expression
  | 'aggregates' // STATS, INLINE STATS: aggregates, then BY groups
  | 'sort' // SORT: expressions with ASC/DESC and NULLS FIRST/LAST
  | 'columns' // KEEP, DROP: column names or patterns
  | 'column' // MV_EXPAND: one column
  | 'rename' // RENAME: old AS new, or new = old
  | 'number' // LIMIT, SAMPLE
  | 'pattern' // DISSECT, GROK: a column, then a pattern string
  | 'enrich' // ENRICH: policy ON column WITH ...
  | 'join' // LOOKUP JOIN: index ON condition
  | 'none';

export interface EsqlCommandInfo {
  /** As the docs write it: `STATS`, `LOOKUP JOIN`. */
  name: string;
  source: boolean;
  args: CommandArgs;
  /** Only snapshot (development) builds of Elasticsearch accept it. */
  snapshotOnly?: boolean;
  /** One or two sentences. */
  doc: string;
  syntax: string;
  example?: string;
  /** Snippet inserted by completion after the command name (LSP snippet syntax). */
  snippet?: string;
  /** Page of Elastic's ES|QL reference. */
  url: string;
}

const REF = 'https://www.elastic.co/docs/reference/query-languages/esql/commands';

/** What completion offers in a command's arguments, from the roles of its parts in the linter's table. */
export function argsOf(spec: CommandSpec): CommandArgs {
  const roles = spec.parts.map((p) => p.role);
  if (spec.name === 'RENAME') return 'rename';
  if (spec.kind === 'source' && roles[0] === 'index') return 'sources';
  if (roles[0] === 'index') return 'join';
  if (roles[0] === 'policy') return 'enrich';
  if (roles[0] === 'aggregate') return 'aggregates';
  if (roles[0] === 'condition') return 'condition';
  if (roles[0] === 'sort-key') return 'sort';
  if (roles[0] === 'column-pattern') return 'columns';
  if (roles[0] === 'value' && roles[1] === 'literal') return 'pattern';
  if (roles[0] === 'value' && roles.length === 1) return 'assignments';
  if (roles[0] === 'column' && roles.length === 1) return 'column';
  if (roles[0] === 'literal' && (roles.length === 1 || spec.name === 'LIMIT')) return 'number';
  return 'none';
}

function cmd(name: string, _source: boolean, _args: CommandArgs, doc: string, syntax: string, extra: Partial<EsqlCommandInfo> = {}): EsqlCommandInfo {
  const slug = name.toLowerCase().replace(/ /g, '-').replace(/_/g, '-');
  // Kind and arguments: the linter's table when it has the command (the two-word joins are JOIN there).
  const spec = commandByName(name) ?? (/ JOIN$/.test(name) ? commandByName('LOOKUP JOIN') : undefined);
  const source = spec ? spec.kind === 'source' : _source;
  const args = spec ? argsOf(spec) : _args;
  return { name, source, args, doc, syntax, url: `${REF}/${slug}`, ...extra };
}

let list: EsqlCommandInfo[] | undefined;
/** The commands, built on first use: the table reads the linter's command specs (issue 19, start-up). */
function commandList(): EsqlCommandInfo[] {
  return (list ??= [
    cmd('FROM', true, 'sources', 'Reads documents from one or more indices, data streams or aliases; each document becomes a row. `METADATA` adds metadata fields such as `_id` and `_index` as columns.', 'FROM index_pattern [, ...] [METADATA field [, ...]]', { example: 'FROM logs-aws.cloudtrail-* METADATA _id, _index', snippet: 'FROM ${1:logs-*}' }),
    cmd('TS', true, 'sources', 'Reads time series data streams, like FROM, and enables time series aggregations in STATS.', 'TS index_pattern [, ...]', { example: 'TS metrics-*\n| STATS SUM(RATE(requests)) BY host', snippet: 'TS ${1:metrics-*}' }),
    cmd('ROW', true, 'assignments', 'Produces a single row with the columns given: useful to try expressions without reading an index.', 'ROW column = value [, ...]', { example: 'ROW a = 1, b = "two"', snippet: 'ROW ${1:a} = ${2:1}' }),
    cmd('SHOW', true, 'none', 'Returns information about the deployment (`SHOW INFO`: version, build date and hash).', 'SHOW INFO', { example: 'SHOW INFO', snippet: 'SHOW INFO' }),
    cmd('EXPLAIN', true, 'none', 'Shows how Elasticsearch plans to run a query.', 'EXPLAIN (query)', { snapshotOnly: true }),
    cmd('EXTERNAL', true, 'none', 'Reads data from an external source (files in object storage) rather than an index.', 'EXTERNAL "path" [WITH {options}]', { snapshotOnly: true }),
    cmd('PROMQL', true, 'none', 'Runs a PromQL expression over time series data.', 'PROMQL [params] (expression)', { snapshotOnly: true }),
    cmd('WHERE', false, 'condition', 'Keeps only the rows for which the condition is true.', 'WHERE condition', { example: 'FROM logs-*\n| WHERE event.category == "process" AND process.name LIKE "*.exe"' }),
    cmd('EVAL', false, 'assignments', 'Computes new columns from expressions (or replaces columns of the same name); the other columns stay.', 'EVAL [column =] expression [, ...]', { example: 'FROM logs-*\n| EVAL Esql.day = DATE_TRUNC(1 day, @timestamp)' }),
    cmd('STATS', false, 'aggregates', 'Groups rows and computes aggregates per group. Only the aggregate and group columns remain afterwards.', 'STATS [column =] aggregate [WHERE condition] [, ...] [BY [column =] grouping [, ...]]', { example: 'FROM logs-*\n| STATS Esql.event_count = COUNT(*) BY host.name', snippet: 'STATS ${1:Esql.count} = ${2:COUNT(*)} BY ${3:host.name}' }),
    cmd('INLINE STATS', false, 'aggregates', 'Computes aggregates per group like STATS but keeps every row, adding the aggregates as columns.', 'INLINE STATS [column =] aggregate [, ...] [BY grouping [, ...]]', { example: 'FROM logs-*\n| INLINE STATS Esql.host_events = COUNT(*) BY host.name', snippet: 'INLINE STATS ${1:Esql.count} = ${2:COUNT(*)} BY ${3:host.name}', url: `${REF}/inlinestats-by` }),
    cmd('INLINESTATS', false, 'aggregates', 'Former spelling of INLINE STATS.', 'INLINESTATS aggregate [, ...] [BY grouping [, ...]]', { url: `${REF}/inlinestats-by` }),
    cmd('KEEP', false, 'columns', 'Keeps only the columns named (wildcards allowed), in that order.', 'KEEP column [, ...]', { example: 'FROM logs-*\n| KEEP @timestamp, host.*, user.name' }),
    cmd('DROP', false, 'columns', 'Removes the columns named (wildcards allowed).', 'DROP column [, ...]', { example: 'FROM logs-*\n| DROP agent.*' }),
    cmd('RENAME', false, 'rename', 'Renames columns.', 'RENAME old AS new [, ...]  or  RENAME new = old [, ...]', { example: 'FROM logs-*\n| RENAME user.name AS Esql.user', snippet: 'RENAME ${1:old} AS ${2:new}' }),
    cmd('SORT', false, 'sort', 'Sorts rows by one or more expressions, ascending unless DESC; nulls come last in ascending order unless NULLS FIRST.', 'SORT expression [ASC | DESC] [NULLS FIRST | NULLS LAST] [, ...]', { example: 'FROM logs-*\n| SORT @timestamp DESC' }),
    cmd('LIMIT', false, 'number', 'Returns at most this many rows.', 'LIMIT max_rows', { example: 'FROM logs-*\n| LIMIT 100', snippet: 'LIMIT ${1:100}' }),
    cmd('DISSECT', false, 'pattern', 'Extracts columns from a string with a delimiter pattern (`%{name}` keys).', 'DISSECT column "pattern" [APPEND_SEPARATOR = "sep"]', { example: 'ROW a = "2023-01-23T12:15:00.000Z - some text"\n| DISSECT a "%{date} - %{msg}"', snippet: 'DISSECT ${1:message} "${2:%{a\\} %{b\\}}"' }),
    cmd('GROK', false, 'pattern', 'Extracts columns from a string with a grok pattern (`%{SYNTAX:name}`), as ingest pipelines do.', 'GROK column "pattern"', { example: 'FROM logs-*\n| GROK message "%{IP:Esql.ip} %{WORD:Esql.verb}"', snippet: 'GROK ${1:message} "${2:%{IP:ip\\}}"' }),
    cmd('ENRICH', false, 'enrich', 'Adds columns from an enrich policy, matching a column against the policy\'s match field.', 'ENRICH policy [ON column] [WITH [new =] field [, ...]]', { example: 'ROW ip = "1.1.1.1"\n| ENRICH ip_policy ON ip WITH country' }),
    cmd('MV_EXPAND', false, 'column', 'Turns a multivalued column into one row per value.', 'MV_EXPAND column', { example: 'FROM logs-*\n| MV_EXPAND process.args' }),
    cmd('LOOKUP JOIN', false, 'join', 'Adds the columns of the matching documents of a lookup index (index mode `lookup`), joined on one or more fields.', 'LOOKUP JOIN lookup_index ON field [, ...]', { example: 'FROM logs-*\n| LOOKUP JOIN threat_list ON source.ip', snippet: 'LOOKUP JOIN ${1:lookup_index} ON ${2:field}', url: `${REF}/lookup-join` }),
    cmd('LEFT JOIN', false, 'join', 'Joins another index, keeping every row of the query.', 'LEFT JOIN index ON condition', { snapshotOnly: true }),
    cmd('RIGHT JOIN', false, 'join', 'Joins another index, keeping every row of the other side.', 'RIGHT JOIN index ON condition', { snapshotOnly: true }),
    cmd('FULL JOIN', false, 'join', 'Joins another index, keeping the rows of both sides.', 'FULL JOIN index ON condition', { snapshotOnly: true }),
    cmd('CHANGE_POINT', false, 'none', 'Detects spikes, dips and change points in a numeric column, adding the change type and p-value columns.', 'CHANGE_POINT value [ON key] [AS type_name, pvalue_name]', { example: 'FROM logs-*\n| STATS c = COUNT(*) BY t = BUCKET(@timestamp, 1 hour)\n| CHANGE_POINT c ON t' }),
    cmd('COMPLETION', false, 'none', 'Sends a prompt to an inference endpoint (a large language model) and adds its answer as a column.', 'COMPLETION [column =] prompt WITH {"inference_id": "..."}'),
    cmd('RERANK', false, 'none', 'Re-scores rows by semantic relevance to a query text with an inference endpoint.', 'RERANK "query" ON field [, ...] WITH {"inference_id": "..."}'),
    cmd('SAMPLE', false, 'number', 'Keeps a random sample of the rows, each with the given probability.', 'SAMPLE probability', { example: 'FROM logs-*\n| SAMPLE 0.05', snippet: 'SAMPLE ${1:0.1}' }),
    cmd('FORK', false, 'none', 'Runs several branches of processing over the same input and combines their rows, adding a `_fork` column.', 'FORK (commands) (commands) [...]', { example: 'FROM logs-*\n| FORK (WHERE a > 1) (WHERE b < 2)' }),
    cmd('FUSE', false, 'none', 'Merges the rows of FORK branches into one ranking (reciprocal rank fusion by default).', 'FUSE [method] [SCORE BY col] [KEY BY cols] [GROUP BY col]'),
    cmd('URI_PARTS', false, 'none', 'Splits a URI into columns (scheme, domain, path, query...) under a prefix.', 'URI_PARTS prefix = expression'),
    cmd('REGISTERED_DOMAIN', false, 'none', 'Splits a host name into its registered domain, top-level domain and subdomain, under a prefix.', 'REGISTERED_DOMAIN prefix = expression'),
    cmd('USER_AGENT', false, 'none', 'Parses a user agent string into columns (name, version, OS, device) under a prefix.', 'USER_AGENT prefix = expression'),
    cmd('IP_LOCATION', false, 'none', 'Looks up the geographic location of an IP address in a GeoIP database, adding columns under a prefix.', 'IP_LOCATION prefix = expression'),
    cmd('TS_COLLAPSE', false, 'none', 'Collapses the output of a time series query.', 'TS_COLLAPSE'),
    cmd('DEDUP', false, 'none', 'Removes duplicate rows.', 'DEDUP [columns]', { snapshotOnly: true }),
    cmd('METRICS_INFO', false, 'none', 'Describes the metrics of time series data streams.', 'METRICS_INFO'),
    cmd('TS_INFO', false, 'none', 'Describes the time series of time series data streams.', 'TS_INFO', { snapshotOnly: true }),
    cmd('MMR', false, 'none', 'Reorders rows by maximal marginal relevance over a vector field.', 'MMR [query_vector] ON field LIMIT n', { snapshotOnly: true }),
    cmd('SET', true, 'none', 'Sets a query setting for the query that follows; ends with `;`.', 'SET setting = value;'),
  ]);
}

let byName: Map<string, EsqlCommandInfo> | undefined;

/** The info of a command by its name (any case; `inline stats`, `lookup join`). */
export function esqlCommand(name: string): EsqlCommandInfo | undefined {
  byName ??= new Map(commandList().map((c) => [c.name, c]));
  return byName.get(name.toUpperCase().replace(/\s+/g, ' '));
}

export function esqlCommands(): readonly EsqlCommandInfo[] {
  return commandList();
}

/** Words that start a multi-word command, and the command they start. */
export const COMMAND_PREFIXES: Record<string, string> = { INLINE: 'INLINE STATS', LOOKUP: 'LOOKUP JOIN', LEFT: 'LEFT JOIN', RIGHT: 'RIGHT JOIN', FULL: 'FULL JOIN' };

/** Documentation of ES|QL keywords and operators that are not functions (written for esql-lint). */
export interface KeywordDoc {
  doc: string;
  example?: string;
  url?: string;
}

const OPS = 'https://www.elastic.co/docs/reference/query-languages/esql/functions-operators/operators';

export const ESQL_KEYWORDS: Record<string, KeywordDoc> = {
  BY: { doc: 'In STATS: the columns or expressions to group by. Each group gets one row.', example: 'STATS c = COUNT(*) BY host.name' },
  AS: { doc: 'In RENAME: the new name of a column. In CHANGE_POINT: the names of the output columns.', example: 'RENAME user.name AS Esql.user' },
  ON: { doc: 'In ENRICH and LOOKUP JOIN: the column matched against the other side.', example: 'LOOKUP JOIN threat_list ON source.ip' },
  WITH: { doc: 'In ENRICH: the policy fields to add (optionally renamed). In COMPLETION and RERANK: the options.', example: 'ENRICH hosts ON host.name WITH host.owner' },
  METADATA: { doc: 'In FROM: metadata fields to add as columns (`_id`, `_index`, `_version`, `_score`...). Detection rules that do not aggregate need `_id`, `_version` and `_index` for alert deduplication.', example: 'FROM logs-* METADATA _id, _version, _index' },
  ASC: { doc: 'In SORT: ascending order (the default).', example: 'SORT @timestamp ASC' },
  DESC: { doc: 'In SORT: descending order.', example: 'SORT @timestamp DESC' },
  'NULLS FIRST': { doc: 'In SORT: rows whose value is null come first.', example: 'SORT user.name NULLS FIRST' },
  'NULLS LAST': { doc: 'In SORT: rows whose value is null come last (the default in ascending order).', example: 'SORT user.name DESC NULLS LAST' },
  NULLS: { doc: 'In SORT: where null values go (`NULLS FIRST` or `NULLS LAST`).' },
  FIRST: { doc: 'In SORT: `NULLS FIRST` puts null values first.' },
  LAST: { doc: 'In SORT: `NULLS LAST` puts null values last.' },
  AND: { doc: 'Logical and: true when both sides are true.', example: 'WHERE a > 1 AND b < 2', url: `${OPS}#esql-logical-operators` },
  OR: { doc: 'Logical or: true when either side is true.', example: 'WHERE a > 1 OR b < 2', url: `${OPS}#esql-logical-operators` },
  NOT: { doc: 'Logical negation; also `NOT IN`, `NOT LIKE`, `NOT RLIKE`, `IS NOT NULL`.', example: 'WHERE NOT process.name IN ("a", "b")', url: `${OPS}#esql-logical-operators` },
  'IS NULL': { doc: 'True when the value is null (the field is missing or empty). Comparisons with `== null` are never true: use IS NULL.', example: 'WHERE user.name IS NULL', url: `${OPS}#esql-is_null` },
  'IS NOT NULL': { doc: 'True when the value is not null.', example: 'WHERE source.ip IS NOT NULL', url: `${OPS}#esql-is_not_null` },
  IS: { doc: '`IS NULL` / `IS NOT NULL`: tests whether a value is null.', url: `${OPS}#esql-is_null` },
  IN: { doc: 'True when the value equals one of the values of the list.', example: 'WHERE event.action IN ("CreateUser", "DeleteUser")', url: `${OPS}#esql-in-operator` },
  'IN (': { doc: 'True when the value equals one of the values of the list.', example: 'WHERE event.action IN ("CreateUser", "DeleteUser")', url: `${OPS}#esql-in-operator` },
  'NOT IN (': { doc: 'True when the value equals none of the values of the list.', example: 'WHERE event.action NOT IN ("a", "b")', url: `${OPS}#esql-in-operator` },
  LIKE: { doc: 'Matches a string against a wildcard pattern: `*` any characters, `?` one character. Case-sensitive.', example: 'WHERE process.name LIKE "*.exe"', url: `${OPS}#esql-like` },
  'NOT LIKE': { doc: 'True when the string does not match the wildcard pattern.', example: 'WHERE process.name NOT LIKE "*.exe"', url: `${OPS}#esql-like` },
  RLIKE: { doc: 'Matches a string against a regular expression (the whole string must match). Case-sensitive.', example: 'WHERE url.path RLIKE ".*/admin/.*"', url: `${OPS}#esql-rlike` },
  'NOT RLIKE': { doc: 'True when the string does not match the regular expression.', example: 'WHERE url.path NOT RLIKE ".*/admin/.*"', url: `${OPS}#esql-rlike` },
  NULL: { doc: 'The null value: no value.' },
  TRUE: { doc: 'The boolean true.' },
  FALSE: { doc: 'The boolean false.' },
  INFO: { doc: 'In SHOW: information about the deployment.' },
  JOIN: { doc: 'In LOOKUP JOIN: joins a lookup index.' },
  APPEND_SEPARATOR: { doc: 'In DISSECT: the separator put between the values of an appended key.' },
  '::': { doc: 'Inline cast: converts a value to a type (`"1.2.3.4"::ip`), like the matching `TO_*` function.', example: 'EVAL n = pid::long', url: `${OPS}#esql-cast-operator` },
  ':': { doc: 'Full text match: true when the field matches the query text (like the MATCH function).', example: 'WHERE message: "error"', url: `${OPS}#esql-match-operator` },
  '|': { doc: 'Pipe: passes the rows to the next command.' },
  ',': { doc: 'Separates the items of a list.' },
  '==': { doc: 'Equality. `=~` compares strings case-insensitively.', url: `${OPS}#esql-binary-operators` },
  '!=': { doc: 'Inequality.', url: `${OPS}#esql-binary-operators` },
  '=~': { doc: 'Case-insensitive string equality.', url: `${OPS}#esql-binary-operators` },
  '<': { doc: 'Less than.', url: `${OPS}#esql-binary-operators` },
  '<=': { doc: 'Less than or equal.', url: `${OPS}#esql-binary-operators` },
  '>': { doc: 'Greater than.', url: `${OPS}#esql-binary-operators` },
  '>=': { doc: 'Greater than or equal.', url: `${OPS}#esql-binary-operators` },
  '+': { doc: 'Addition (numbers; a date plus a time span).', url: `${OPS}#esql-binary-operators` },
  '-': { doc: 'Subtraction (numbers; a date minus a time span); also negation.', url: `${OPS}#esql-binary-operators` },
  '*': { doc: 'Multiplication.', url: `${OPS}#esql-binary-operators` },
  '/': { doc: 'Division (integer division for integers).', url: `${OPS}#esql-binary-operators` },
  '%': { doc: 'Remainder of a division.', url: `${OPS}#esql-binary-operators` },
  '=': { doc: 'Names the column an expression creates (`EVAL name = expression`).' },
};
