import type { Node } from './ast.js';

export interface Visitor {
  /** Return false to skip the node's children (and its `leave`). */
  enter?(node: Node, parent?: Node): void | false;
  leave?(node: Node, parent?: Node): void;
}

/** The children of a node, in source order. */
export function children(node: Node): Node[] {
  const out: (Node | undefined)[] = [];
  switch (node.type) {
    case 'Query':
      out.push(node.body, ...node.errors);
      break;
    case 'OrQuery':
    case 'AndQuery':
    case 'OrValues':
    case 'AndValues':
      out.push(...node.operands);
      break;
    case 'NotQuery':
    case 'NotValue':
      out.push(node.operand);
      break;
    case 'GroupQuery':
    case 'GroupValues':
      out.push(node.body);
      break;
    case 'NestedQuery':
      out.push(node.field, node.body);
      break;
    case 'MatchQuery':
    case 'RangeQuery':
      out.push(node.field, node.value);
      break;
    case 'TermQuery':
      out.push(node.value);
      break;
    case 'Literal':
    case 'Field':
    case 'Error':
      break;
  }
  return out.filter((n): n is Node => n !== undefined);
}

/** Depth-first walk in source order. When `enter` returns false, the children and `leave` are skipped. */
export function walk(node: Node, visitor: Visitor, parent?: Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const c of children(node)) walk(c, visitor, node);
  visitor.leave?.(node, parent);
}
