import type * as A from './ast.js';
import { walk } from './walk.js';

type Role = A.ColumnReference['role'];

/**
 * Every column reference of a query, in text order, with its role: `read` (the query uses an existing
 * column) or `define` (the query creates or renames a column: the left side of `x = ...` in
 * EVAL/STATS/ROW, RENAME targets, GROK/DISSECT pattern fields, CHANGE_POINT/COMPLETION/RERANK targets,
 * METADATA fields). KEEP/DROP patterns are reads with `wildcard: true` when they contain `*`.
 */
export function fieldReferences(ast: A.Query): A.ColumnReference[] {
  const out: A.ColumnReference[] = [];
  for (const c of ast.commands) commandRefs(c, out);
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function push(
  out: A.ColumnReference[],
  n: A.Column | A.ColumnPattern | A.Identifier | A.PatternField | undefined,
  role: Role,
  command: A.ColumnReference['command'],
) {
  if (!n || !n.name) return;
  const ref: A.ColumnReference = { name: n.name, span: n.span, role, command };
  if (n.type === 'ColumnPattern' && n.wildcard) ref.wildcard = true;
  out.push(ref);
}

function exprRefs(e: A.Node | undefined, out: A.ColumnReference[], command: A.ColumnReference['command']) {
  if (!e) return;
  walk(e, {
    enter(node) {
      if (node.type === 'Column') push(out, node, 'read', command);
    },
  });
}

function commandRefs(c: A.Command, out: A.ColumnReference[]): void {
  const cmd = c.type;
  const read = (e: A.Node | undefined) => exprRefs(e, out, cmd);
  const define = (n: A.Column | A.ColumnPattern | A.Identifier | A.PatternField | undefined) => push(out, n, 'define', cmd);
  const assignments = (as: A.Assignment[]) => {
    for (const a of as) {
      define(a.name);
      read(a.expression);
    }
  };
  switch (c.type) {
    case 'FromCommand':
    case 'TsCommand':
      c.metadata.forEach(define);
      for (const s of c.subqueries) for (const sc of s.commands) commandRefs(sc, out);
      break;
    case 'ExplainCommand':
      for (const sc of c.commands) commandRefs(sc, out);
      break;
    case 'RowCommand':
    case 'EvalCommand':
      assignments(c.assignments);
      break;
    case 'StatsCommand':
    case 'InlineStatsCommand':
      for (const a of c.aggregates) {
        define(a.name);
        read(a.expression);
        read(a.where);
      }
      assignments(c.by);
      break;
    case 'KeepCommand':
    case 'DropCommand':
      for (const p of c.columns) push(out, p, 'read', cmd);
      break;
    case 'RenameCommand':
      for (const r of c.renames) {
        push(out, r.oldName, 'read', cmd);
        define(r.newName);
      }
      break;
    case 'WhereCommand':
      read(c.condition);
      break;
    case 'SortCommand':
      for (const o of c.orders) read(o.expression);
      break;
    case 'LimitCommand':
      if (c.by) assignments(c.by);
      break;
    case 'DissectCommand':
    case 'GrokCommand':
      read(c.input);
      c.fields.forEach(define);
      break;
    case 'EnrichCommand':
      push(out, c.on, 'read', cmd);
      // The policy's enrich fields are not columns of the query: only the created column is reported.
      for (const w of c.with) define(w.newName ?? w.field);
      break;
    case 'MvExpandCommand':
      read(c.column);
      break;
    case 'JoinCommand':
      c.conditions.forEach(read);
      break;
    case 'ChangePointCommand':
      read(c.value);
      read(c.key);
      define(c.typeName);
      define(c.pvalueName);
      break;
    case 'CompletionCommand':
      define(c.target);
      read(c.prompt);
      break;
    case 'RerankCommand':
      define(c.target);
      assignments(c.fields);
      break;
    case 'ForkCommand':
      for (const b of c.branches) for (const bc of b.commands) commandRefs(bc, out);
      break;
    case 'FuseCommand':
      read(c.score);
      c.key.forEach(read);
      read(c.group);
      break;
    case 'UriPartsCommand':
    case 'RegisteredDomainCommand':
    case 'UserAgentCommand':
    case 'IpLocationCommand':
      define(c.target);
      read(c.expression);
      break;
    case 'MmrCommand':
      read(c.queryVector);
      read(c.on);
      break;
    default:
      break;
  }
}
