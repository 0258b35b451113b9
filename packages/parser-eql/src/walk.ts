/** Generic traversal of the EQL AST. */
import type * as A from './ast.js';

export interface Visitor {
  /** Return `false` to skip the node's children (and its `leave`). */
  enter?(node: A.Node, parent: A.Node | undefined): void | false;
  leave?(node: A.Node, parent: A.Node | undefined): void;
}

/** The direct children of a node, in source order. */
export function childrenOf(node: A.Node): A.Node[] {
  const out: Array<A.Node | undefined> = [];
  switch (node.type) {
    case 'Query':
      out.push(node.body, ...node.pipes);
      break;
    case 'EventQuery':
      out.push(node.category, node.condition);
      break;
    case 'SequenceQuery':
      out.push(node.by, node.maxspan, ...node.terms, node.until);
      break;
    case 'SampleQuery':
    case 'JoinQuery':
      out.push(node.by, ...node.terms, node.until);
      break;
    case 'EventTerm':
      out.push(node.query, node.by, node.runs);
      break;
    case 'ByClause':
      out.push(...node.keys);
      break;
    case 'Pipe':
    case 'FunctionCall':
      out.push(...node.args);
      break;
    case 'LogicalExpression':
    case 'Comparison':
    case 'BinaryArithmetic':
      out.push(node.left, node.right);
      break;
    case 'NotExpression':
    case 'UnaryArithmetic':
      out.push(node.operand);
      break;
    case 'InExpression':
      out.push(node.value, ...node.list);
      break;
    case 'MatchExpression':
      out.push(node.value, ...node.patterns);
      break;
    case 'Paren':
      out.push(node.expression);
      break;
    case 'ProcessRelationship':
      out.push(node.term);
      break;
    default:
      break;
  }
  return out.filter((n): n is A.Node => n !== undefined);
}

export function walk(node: A.Node, visitor: Visitor, parent?: A.Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  for (const child of childrenOf(node)) walk(child, visitor, node);
  visitor.leave?.(node, parent);
}
