import type { Node, Query } from './ast.js';

/**
 * Whether a field printed before ` < ` would change meaning: a name ending in `␣or`, `␣and` or `not` would
 * then be read as a keyword (names like that are only valid when a special character follows directly).
 */
const KEYWORD_END = /(?:[ \t\r\n\u00A0](?:or|and)|not)$/i;

function printNode(node: Node | undefined): string {
  if (!node) return '';
  switch (node.type) {
    case 'Query':
      return printNode(node.body);
    case 'OrQuery':
    case 'OrValues':
      return node.operands.map(printNode).join(' or ');
    case 'AndQuery':
    case 'AndValues':
      return node.operands.map(printNode).join(' and ');
    case 'NotQuery':
    case 'NotValue':
      return 'not ' + printNode(node.operand);
    // No space inside brackets: a value ending in `␣or` (valid before `)`) would otherwise become a keyword.
    case 'GroupQuery':
    case 'GroupValues':
      return '(' + printNode(node.body) + ')';
    case 'NestedQuery':
      return node.field.raw + ':{' + printNode(node.body) + '}';
    case 'MatchQuery':
      return node.field.raw + ':' + printNode(node.value);
    case 'RangeQuery': {
      const sep = KEYWORD_END.test(node.field.raw) ? '' : ' ';
      return node.field.raw + sep + node.operator + ' ' + printNode(node.value);
    }
    case 'TermQuery':
      return node.value.raw;
    case 'Literal':
    case 'Field':
      return node.raw;
    case 'Error':
      return '';
  }
}

/**
 * Prints a query in a canonical layout: lower-case keywords, single spaces around `and`/`or`, `field:value`,
 * `field < value`, no spaces inside brackets; values keep their source text (escapes and quotes).
 * `parse(print(ast))` gives the same tree modulo spans.
 */
export function print(ast: Query): string {
  return printNode(ast);
}
