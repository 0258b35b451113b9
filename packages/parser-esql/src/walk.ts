import type { Node } from './ast.js';

export interface Visitor {
  /** Return false to skip the node's children. */
  enter?(node: Node, parent?: Node): void | false;
  leave?(node: Node, parent?: Node): void;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Node).type === 'string' && 'span' in v;
}

/** The child nodes of a node, in source order. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) out.push(v);
    } else if (isNode(value)) out.push(value);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Depth-first walk over the AST. */
export function walk(node: Node, visitor: Visitor, parent?: Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const c of children(node)) walk(c, visitor, node);
  visitor.leave?.(node, parent);
}
