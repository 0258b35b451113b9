import type { Node } from './ast.js';

export interface Visitor {
  /** Return false to skip the node's children. */
  enter?(node: Node, parent?: Node): void | false;
  leave?(node: Node, parent?: Node): void;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Node).type === 'string' && 'span' in v;
}

/**
 * The keys that can hold child nodes (or lists of them), per node type, as ast.ts declares them. A node
 * type missing here (or a node with a key holding a node that is not listed) is read the generic way;
 * test/walk.test.ts checks the table against ast.ts and against the generic reading on real queries.
 */
const NONE: readonly string[] = [];
export const CHILD_KEYS: Readonly<Record<Node['type'], readonly string[]>> = {
  Query: ['settings', 'commands'],
  Identifier: NONE,
  Column: NONE,
  ColumnPattern: NONE,
  Literal: NONE,
  ListLiteral: ['elements'],
  FunctionCall: ['args', 'options'],
  BinaryExpression: ['left', 'right'],
  UnaryExpression: ['operand'],
  InExpression: ['expression', 'list'],
  LikeExpression: ['expression', 'patterns'],
  IsNullExpression: ['expression'],
  MatchExpression: ['field', 'fieldType', 'query'],
  Cast: ['expr'],
  MapExpression: ['entries'],
  MapEntry: ['key', 'value'],
  Assignment: ['name', 'expression'],
  Aggregate: ['name', 'expression', 'where'],
  IndexSource: NONE,
  Subquery: ['commands'],
  SortOrder: ['expression'],
  RenameClause: ['oldName', 'newName'],
  DissectOption: ['name', 'value'],
  PatternField: NONE,
  EnrichField: ['newName', 'field'],
  ForkBranch: ['commands'],
  FromCommand: ['sources', 'subqueries', 'metadata'],
  TsCommand: ['sources', 'subqueries', 'metadata'],
  RowCommand: ['assignments'],
  ShowCommand: NONE,
  PromqlCommand: NONE,
  ExplainCommand: ['commands'],
  ExternalCommand: ['source', 'options'],
  SetCommand: ['name', 'value'],
  WhereCommand: ['condition'],
  EvalCommand: ['assignments'],
  StatsCommand: ['aggregates', 'by'],
  InlineStatsCommand: ['aggregates', 'by'],
  KeepCommand: ['columns'],
  DropCommand: ['columns'],
  RenameCommand: ['renames'],
  SortCommand: ['orders'],
  LimitCommand: ['count', 'by'],
  DissectCommand: ['input', 'pattern', 'options', 'fields'],
  GrokCommand: ['input', 'patterns', 'fields'],
  EnrichCommand: ['policy', 'on', 'with'],
  MvExpandCommand: ['column'],
  JoinCommand: ['target', 'conditions'],
  ChangePointCommand: ['value', 'key', 'typeName', 'pvalueName'],
  CompletionCommand: ['target', 'prompt', 'options'],
  RerankCommand: ['target', 'query', 'fields', 'options'],
  SampleCommand: ['probability'],
  ForkCommand: ['branches'],
  FuseCommand: ['method', 'score', 'key', 'group', 'options'],
  UriPartsCommand: ['target', 'expression'],
  RegisteredDomainCommand: ['target', 'expression'],
  UserAgentCommand: ['target', 'expression', 'options'],
  IpLocationCommand: ['target', 'expression', 'options'],
  TsCollapseCommand: NONE,
  DedupCommand: NONE,
  MetricsInfoCommand: NONE,
  TsInfoCommand: NONE,
  MmrCommand: ['queryVector', 'on', 'limit', 'options'],
  ErrorCommand: NONE,
};

/** The generic reading: every node-valued own property but `span`, stably sorted by start. */
export function childrenGeneric(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push(v);
    } else if (isNode(value)) out.push(value);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** The child nodes of a node, in source order. */
export function children(node: Node): Node[] {
  const keys = (CHILD_KEYS as Record<string, readonly string[] | undefined>)[node.type];
  if (keys === undefined) return childrenGeneric(node);
  const out: Node[] = [];
  const rec = node as unknown as Record<string, unknown>;
  let sorted = true;
  let last = -Infinity;
  for (let i = 0; i < keys.length; i++) {
    const value = rec[keys[i]];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (let j = 0; j < value.length; j++) {
        const v: unknown = value[j];
        if (isNode(v)) {
          const s = v.span.start;
          if (s <= last) sorted = false;
          last = s;
          out.push(v);
        }
      }
    } else if (isNode(value)) {
      const s = value.span.start;
      if (s <= last) sorted = false;
      last = s;
      out.push(value);
    }
  }
  // Children in strictly increasing start order are the generic reading's order whatever the keys' order.
  // Anything else (two children at one start: their order is the properties' order) is read generically.
  return sorted ? out : childrenGeneric(node);
}

/** Depth-first walk over the AST. */
export function walk(node: Node, visitor: Visitor, parent?: Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const c of children(node)) walk(c, visitor, node);
  visitor.leave?.(node, parent);
}
