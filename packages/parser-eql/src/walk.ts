/** Generic traversal of the EQL AST. */
import type * as A from './ast.js';

export interface Visitor {
  /** Return `false` to skip the node's children (and its `leave`). */
  enter?(node: A.Node, parent: A.Node | undefined): void | false;
  leave?(node: A.Node, parent: A.Node | undefined): void;
}

/** The direct children of a node, in source order. */
export function childrenOf(node: A.Node): A.Node[] {
  const out: A.Node[] = [];
  walkChildren(node, { enter: (child) => (out.push(child), false) });
  return out;
}

/**
 * Visits `node` and its descendants, children in source order (`childrenOf`'s). Allocates nothing per
 * node: the language server walks a rule's tree several times after each edit (issue 19).
 */
export function walk(node: A.Node, visitor: Visitor, parent?: A.Node): void {
  if (visitor.enter?.(node, parent) === false) return;
  if (isBinary(node) && node.left !== undefined && isBinary(node.left)) return walkLeftSpine(node, visitor, parent);
  walkChildren(node, visitor);
  visitor.leave?.(node, parent);
}

type Binary = A.LogicalExpression | A.Comparison | A.BinaryArithmetic;

const isBinary = (node: A.Node): node is Binary => node.type === 'LogicalExpression' || node.type === 'Comparison' || node.type === 'BinaryArithmetic';

/**
 * The rest of `walk` for a binary node (entered) whose left operand is one too: a chain `a and b and ...`
 * nests to the left as deep as it is long, so its left spine is walked in a loop, not by recursion (a
 * chain of 20,000 terms overflowed the stack). Same order as the recursion: enters down the spine, then
 * each node's right operand and its leave, from the innermost up.
 */
function walkLeftSpine(node: Binary, visitor: Visitor, parent: A.Node | undefined): void {
  const spine: Binary[] = [node];
  for (;;) {
    const top = spine[spine.length - 1];
    const left = top.left;
    if (left === undefined || !isBinary(left)) {
      walkOne(left, visitor, top);
      break;
    }
    if (visitor.enter?.(left, top) === false) break;
    spine.push(left);
  }
  for (let i = spine.length - 1; i >= 0; i--) {
    const n = spine[i];
    walkOne(n.right, visitor, n);
    visitor.leave?.(n, i > 0 ? spine[i - 1] : parent);
  }
}

function walkOne(child: A.Node | undefined, visitor: Visitor, parent: A.Node): void {
  if (child !== undefined) walk(child, visitor, parent);
}

function walkAll(children: readonly (A.Node | undefined)[], visitor: Visitor, parent: A.Node): void {
  for (let i = 0; i < children.length; i++) walkOne(children[i], visitor, parent);
}

/** Walks each direct child of `node`, in source order (childrenOf's one table). */
function walkChildren(node: A.Node, visitor: Visitor): void {
  switch (node.type) {
    case 'Query':
      walkOne(node.body, visitor, node);
      walkAll(node.pipes, visitor, node);
      break;
    case 'EventQuery':
      walkOne(node.category, visitor, node);
      walkOne(node.condition, visitor, node);
      break;
    case 'SequenceQuery':
      walkOne(node.by, visitor, node);
      walkOne(node.maxspan, visitor, node);
      walkAll(node.terms, visitor, node);
      walkOne(node.until, visitor, node);
      break;
    case 'SampleQuery':
    case 'JoinQuery':
      walkOne(node.by, visitor, node);
      walkAll(node.terms, visitor, node);
      walkOne(node.until, visitor, node);
      break;
    case 'EventTerm':
      walkOne(node.query, visitor, node);
      walkOne(node.by, visitor, node);
      walkOne(node.runs, visitor, node);
      break;
    case 'ByClause':
      walkAll(node.keys, visitor, node);
      break;
    case 'Pipe':
    case 'FunctionCall':
      walkAll(node.args, visitor, node);
      break;
    case 'LogicalExpression':
    case 'Comparison':
    case 'BinaryArithmetic':
      walkOne(node.left, visitor, node);
      walkOne(node.right, visitor, node);
      break;
    case 'NotExpression':
    case 'UnaryArithmetic':
      walkOne(node.operand, visitor, node);
      break;
    case 'InExpression':
      walkOne(node.value, visitor, node);
      walkAll(node.list, visitor, node);
      break;
    case 'MatchExpression':
      walkOne(node.value, visitor, node);
      walkAll(node.patterns, visitor, node);
      break;
    case 'Paren':
      walkOne(node.expression, visitor, node);
      break;
    case 'ProcessRelationship':
      walkOne(node.term, visitor, node);
      break;
    default:
      break;
  }
}
