import type * as A from './ast.js';

/**
 * Prints an AST back to ES|QL source. Parsing the result gives the same AST (spans aside): names are
 * backquoted when needed, strings re-escaped, and parentheses added where precedence requires them.
 */
export function print(ast: A.Query): string {
  const parts = ast.settings.map((s) => `SET ${s.name ? name(s.name.name) : ''} = ${s.value ? expr(s.value) : ''};`);
  const cmds = ast.commands.map(command).join('\n| ');
  return [...parts, cmds].filter((s) => s !== '').join('\n');
}

const RESERVED = new Set([
  'and', 'or', 'not', 'in', 'is', 'like', 'rlike', 'null', 'true', 'false', 'asc', 'desc', 'nulls', 'first', 'last',
  'by', 'on', 'with', 'where',
]);

/** One name part, backquoted unless it is a plain identifier. */
function name(part: string): string {
  if (/^([a-z][a-z0-9_]*|[_@][a-z0-9_]+)$/i.test(part) && !RESERVED.has(part.toLowerCase())) return part;
  if (/^\?{1,2}[a-z0-9_]*$/i.test(part)) return part;
  return '`' + part.replace(/`/g, '``') + '`';
}

function column(c: A.Column | undefined): string {
  if (!c) return '';
  return c.parts.map((p) => (c.parameterized && p.startsWith('?') ? p : name(p))).join('.');
}

function pattern(p: A.ColumnPattern | undefined): string {
  if (!p) return '';
  return p.parts
    .map((part) => {
      if (p.parameterized && part.startsWith('?')) return part;
      // No unquoted `*`: a `*` in the name is a character of it (KEEP `*` keeps the column named *).
      if (!p.wildcard) return name(part);
      if (/^([a-z*][a-z0-9_*]*|[_@][a-z0-9_*]+)$/i.test(part)) return part;
      // Keep wildcards unquoted, quote the rest piece by piece.
      return part
        .split(/(\*)/)
        .filter((s) => s !== '')
        .map((s) => (s === '*' ? '*' : '`' + s.replace(/`/g, '``') + '`'))
        .join('');
    })
    .join('.');
}

export function string(value: string): string {
  return '"' + value.replace(/[\\"\t\n\r]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) + '"';
}

function literal(l: A.Literal): string {
  switch (l.literalType) {
    case 'string':
      return l.tripleQuoted && !/"""|[\r\n]/.test(l.value) ? `"""${l.value}"""` : string(l.value);
    case 'integer':
    case 'decimal':
      return l.value;
    case 'timespan':
      return `${l.value} ${l.unit}`;
    case 'boolean':
      return l.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'param':
      return '?' + (l.value ?? '');
  }
}

function precedence(e: A.Expression): number {
  switch (e.type) {
    case 'BinaryExpression':
      switch (e.operator) {
        case 'or': return 1;
        case 'and': return 2;
        case '==': case '!=': case '<': case '<=': case '>': case '>=': return 4;
        case '+': case '-': return 6;
        default: return 7;
      }
    case 'UnaryExpression':
      return e.operator === 'not' ? 3 : 8;
    case 'InExpression':
    case 'LikeExpression':
    case 'IsNullExpression':
    case 'MatchExpression':
      return 3.5;
    case 'Literal':
      // A negative number literal prints with its sign: treat it like a unary expression.
      return (e.literalType === 'integer' || e.literalType === 'decimal' || e.literalType === 'timespan') && e.value.startsWith('-') ? 8 : 10;
    default:
      return 10;
  }
}

/** Prints `e`, parenthesized when its precedence is below `min`. */
function sub(e: A.Expression | undefined, min: number): string {
  if (!e) return '';
  const s = expr(e);
  return precedence(e) < min ? `(${s})` : s;
}

export function expr(e: A.Expression | A.ListLiteral | A.MapExpression): string {
  switch (e.type) {
    case 'Literal':
      return literal(e);
    case 'ListLiteral':
      return '[' + e.elements.map(literal).join(', ') + ']';
    case 'Column':
      return column(e);
    case 'FunctionCall': {
      const args = e.star ? ['*'] : e.args.map((a) => expr(a));
      if (e.options) args.push(expr(e.options));
      const fname = /^(first|last)$/i.test(e.name) ? e.name : name(e.name);
      return `${fname}(${args.join(', ')})`;
    }
    case 'BinaryExpression': {
      const p = precedence(e);
      // Comparisons are not associative: both sides must be tighter.
      const leftMin = p === 4 ? 5 : p;
      return `${sub(e.left, leftMin)} ${e.operator.toUpperCase()} ${sub(e.right, p + 1)}`;
    }
    case 'UnaryExpression':
      return e.operator === 'not' ? `NOT ${sub(e.operand, 3)}` : `${e.operator}${sub(e.operand, 8)}`;
    case 'InExpression':
      return `${sub(e.expression, 4)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map((x) => sub(x, 4)).join(', ')})`;
    case 'LikeExpression': {
      const pats = e.patterns.map(literal);
      const rhs = e.list ? `(${pats.join(', ')})` : pats[0] ?? '""';
      return `${sub(e.expression, 4)} ${e.negated ? 'NOT ' : ''}${e.operator.toUpperCase()} ${rhs}`;
    }
    case 'IsNullExpression':
      return `${sub(e.expression, 4)} IS ${e.negated ? 'NOT ' : ''}NULL`;
    case 'MatchExpression':
      return `${column(e.field)}${e.fieldType ? '::' + e.fieldType.name : ''} : ${e.query ? literal(e.query) : ''}`;
    case 'Cast':
      return `${sub(e.expr, 10)}::${e.targetType}`;
    case 'MapExpression':
      return '{' + e.entries.map((en) => `${literal(en.key)}: ${en.value ? expr(en.value) : ''}`).join(', ') + '}';
  }
}

function assignment(a: A.Assignment): string {
  return (a.name ? column(a.name) + ' = ' : '') + (a.expression ? expr(a.expression) : '');
}

function aggregate(a: A.Aggregate): string {
  return (a.name ? column(a.name) + ' = ' : '') + (a.expression ? expr(a.expression) : '') + (a.where ? ' WHERE ' + expr(a.where) : '');
}

function source(s: A.IndexSource): string {
  if (s.quoted) return string(s.index);
  return (s.cluster !== undefined ? s.cluster + ':' : '') + s.index + (s.selector !== undefined ? '::' + s.selector : '');
}

function options(m: A.MapExpression | undefined): string {
  return m ? ' WITH ' + expr(m) : '';
}

function statsBody(aggregates: A.Aggregate[], by: A.Assignment[]): string {
  const aggs = aggregates.map(aggregate).join(', ');
  return (aggs ? ' ' + aggs : '') + (by.length ? ' BY ' + by.map(assignment).join(', ') : '');
}

/** Prints a primary expression position (DISSECT/GROK input, COMPLETION prompt): parenthesized unless atomic. */
function primary(e: A.Expression | undefined): string {
  return sub(e, 10);
}

export function command(c: A.Command): string {
  switch (c.type) {
    case 'FromCommand':
    case 'TsCommand': {
      const kw = c.type === 'FromCommand' ? 'FROM' : 'TS';
      const srcs = [
        ...c.sources.map(source),
        ...c.subqueries.map((s) => '(' + s.commands.map(command).join(' | ') + ')'),
      ];
      return `${kw} ${srcs.join(', ')}${c.metadata.length ? ' METADATA ' + c.metadata.map((m) => m.name).join(', ') : ''}`;
    }
    case 'RowCommand':
      return 'ROW ' + c.assignments.map(assignment).join(', ');
    case 'ShowCommand':
      return 'SHOW INFO';
    case 'PromqlCommand':
      return 'PROMQL ' + c.text;
    case 'ExplainCommand':
      return 'EXPLAIN (' + c.commands.map(command).join(' | ') + ')';
    case 'ExternalCommand':
      return 'EXTERNAL ' + (c.source ? literal(c.source) : '') + options(c.options);
    case 'WhereCommand':
      return 'WHERE ' + (c.condition ? expr(c.condition) : '');
    case 'EvalCommand':
      return 'EVAL ' + c.assignments.map(assignment).join(', ');
    case 'StatsCommand':
      return 'STATS' + statsBody(c.aggregates, c.by);
    case 'InlineStatsCommand':
      return (c.syntax === 'inlinestats' ? 'INLINESTATS' : 'INLINE STATS') + statsBody(c.aggregates, c.by);
    case 'KeepCommand':
      return 'KEEP ' + c.columns.map(pattern).join(', ');
    case 'DropCommand':
      return 'DROP ' + c.columns.map(pattern).join(', ');
    case 'RenameCommand':
      return (
        'RENAME ' +
        c.renames.map((r) => (r.syntax === 'as' ? `${pattern(r.oldName)} AS ${pattern(r.newName)}` : `${pattern(r.newName)} = ${pattern(r.oldName)}`)).join(', ')
      );
    case 'SortCommand':
      return (
        'SORT ' +
        c.orders
          .map((o) => (o.expression ? expr(o.expression) : '') + (o.direction ? ' ' + o.direction.toUpperCase() : '') + (o.nulls ? ' NULLS ' + o.nulls.toUpperCase() : ''))
          .join(', ')
      );
    case 'LimitCommand':
      return 'LIMIT ' + (c.count ? literal(c.count) : '') + (c.by ? ' BY ' + c.by.map(assignment).join(', ') : '');
    case 'DissectCommand':
      return (
        `DISSECT ${primary(c.input)} ${c.pattern ? literal(c.pattern) : ''}` +
        c.options.map((o, k) => (k ? ', ' : ' ') + `${name(o.name.name)} = ${o.value ? expr(o.value) : ''}`).join('')
      );
    case 'GrokCommand':
      return `GROK ${primary(c.input)} ${c.patterns.map(literal).join(', ')}`;
    case 'EnrichCommand': {
      const policy = c.policy ? (c.policy.quoted ? string(c.policy.name) : c.policy.name) : '';
      return (
        `ENRICH ${policy}` +
        (c.on ? ' ON ' + pattern(c.on) : '') +
        (c.with.length ? ' WITH ' + c.with.map((w) => (w.newName ? pattern(w.newName) + ' = ' : '') + pattern(w.field)).join(', ') : '')
      );
    }
    case 'MvExpandCommand':
      return 'MV_EXPAND ' + column(c.column);
    case 'JoinCommand':
      return `${c.joinType.toUpperCase()} JOIN ${c.target ? source(c.target) : ''} ON ${c.conditions.map((e) => expr(e)).join(', ')}`;
    case 'ChangePointCommand':
      return (
        'CHANGE_POINT ' +
        column(c.value) +
        (c.key ? ' ON ' + column(c.key) : '') +
        (c.typeName ? ` AS ${column(c.typeName)}, ${column(c.pvalueName)}` : '')
      );
    case 'CompletionCommand':
      return 'COMPLETION ' + (c.target ? column(c.target) + ' = ' : '') + primary(c.prompt) + options(c.options);
    case 'RerankCommand':
      return (
        'RERANK ' + (c.target ? column(c.target) + ' = ' : '') + (c.query ? expr(c.query) : '') + ' ON ' + c.fields.map(assignment).join(', ') + options(c.options)
      );
    case 'SampleCommand':
      return 'SAMPLE ' + (c.probability ? literal(c.probability) : '');
    case 'ForkCommand':
      return 'FORK ' + c.branches.map((b) => '(' + b.commands.map(command).join(' | ') + ')').join(' ');
    case 'FuseCommand':
      return (
        'FUSE' +
        (c.method ? ' ' + name(c.method.name) : '') +
        (c.score ? ' SCORE BY ' + column(c.score) : '') +
        (c.key.length ? ' KEY BY ' + c.key.map(column).join(', ') : '') +
        (c.group ? ' GROUP BY ' + column(c.group) : '') +
        options(c.options)
      );
    case 'UriPartsCommand':
    case 'RegisteredDomainCommand':
      return `${c.type === 'UriPartsCommand' ? 'URI_PARTS' : 'REGISTERED_DOMAIN'} ${column(c.target)} = ${primary(c.expression)}`;
    case 'UserAgentCommand':
    case 'IpLocationCommand':
      return `${c.type === 'UserAgentCommand' ? 'USER_AGENT' : 'IP_LOCATION'} ${column(c.target)} = ${primary(c.expression)}${options(c.options)}`;
    case 'TsCollapseCommand':
      return 'TS_COLLAPSE';
    case 'DedupCommand':
      return 'DEDUP';
    case 'MetricsInfoCommand':
      return 'METRICS_INFO';
    case 'TsInfoCommand':
      return 'TS_INFO';
    case 'MmrCommand':
      return (
        'MMR' + (c.queryVector ? ' ' + primary(c.queryVector) : '') + ' ON ' + column(c.on) + ' LIMIT ' + (c.limit ? literal(c.limit) : '') + options(c.options)
      );
    case 'ErrorCommand':
      return c.name ?? '';
  }
}

/** A dotted column name as ES|QL source: each part backquoted unless it is a plain identifier. */
export function columnName(dotted: string): string {
  return dotted.split('.').map(name).join('.');
}
