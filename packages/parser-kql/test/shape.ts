import type { Node } from '../src/index.js';

/**
 * A compact text form of an AST, for tables: `and(f:v, not(g:"p"))`, `or(...)`, `(...)` for groups,
 * `f:{...}` for nested, `f<5` for ranges, `v` for free text. Literal values are shown unescaped, in
 * JSON quotes when quoted, with a `~` suffix when they are wildcard patterns.
 */
export function shape(node: Node | undefined): string {
  if (!node) return '?';
  switch (node.type) {
    case 'Query':
      return shape(node.body);
    case 'OrQuery':
    case 'OrValues':
      return `or(${node.operands.map(shape).join(', ')})`;
    case 'AndQuery':
    case 'AndValues':
      return `and(${node.operands.map(shape).join(', ')})`;
    case 'NotQuery':
    case 'NotValue':
      return `not(${shape(node.operand)})`;
    case 'GroupQuery':
    case 'GroupValues':
      return `(${shape(node.body)})`;
    case 'NestedQuery':
      return `${shape(node.field)}:{${shape(node.body)}}`;
    case 'MatchQuery':
      return `${shape(node.field)}:${shape(node.value)}`;
    case 'RangeQuery':
      return `${shape(node.field)}${node.operator}${shape(node.value)}`;
    case 'TermQuery':
      return shape(node.value);
    case 'Literal':
      return (node.quoted ? JSON.stringify(node.value) : `[${node.value}]`) + (node.wildcard ? '~' : '');
    case 'Field':
      return (node.quoted ? JSON.stringify(node.name) : node.name) + (node.wildcard ? '~' : '');
    case 'Error':
      return '!';
  }
}
