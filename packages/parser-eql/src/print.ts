/** Prints an AST back to EQL source; `parse(print(ast))` gives the same AST modulo spans. */
import type * as A from './ast.js';
import { KEYWORDS } from './lexer.js';
import { encodeString } from './strings.js';

const PLAIN_NAME = /^[A-Za-z_@][A-Za-z0-9_]*$/;

/** Binding strength of an expression's top operator (higher binds tighter). */
function precedence(e: A.Expression): number {
  switch (e.type) {
    case 'LogicalExpression':
      return e.operator === 'or' ? 1 : 2;
    case 'NotExpression':
    case 'ProcessRelationship':
      return 3;
    case 'Comparison':
      return 4;
    case 'BinaryArithmetic':
      return e.operator === '+' || e.operator === '-' ? 5 : 6;
    case 'UnaryArithmetic':
      return 7;
    case 'InExpression':
    case 'MatchExpression':
      return 8;
    default:
      return 9;
  }
}

function nameText(segment: string): string {
  return PLAIN_NAME.test(segment) && !KEYWORDS.has(segment) ? segment : '`' + segment.replace(/`/g, '``') + '`';
}

function categoryText(c: A.EventCategory | undefined): string {
  if (!c) return '';
  if (c.any) return 'any';
  if (c.quoted || !PLAIN_NAME.test(c.name) || KEYWORDS.has(c.name)) return encodeString(c.name, false);
  return c.name;
}

export function printExpression(e: A.Expression | undefined, min = 0): string {
  if (!e) return '';
  const text = printBare(e);
  return precedence(e) < min ? `(${text})` : text;
}

function printBare(e: A.Expression): string {
  const p = precedence(e);
  switch (e.type) {
    case 'LogicalExpression':
      return `${printExpression(e.left, p)} ${e.operator} ${printExpression(e.right, p + 1)}`;
    case 'NotExpression':
      return `not ${printExpression(e.operand, p)}`;
    case 'Comparison':
      return `${printExpression(e.left, p + 1)} ${e.operator} ${printExpression(e.right, p + 1)}`;
    case 'BinaryArithmetic':
      return `${printExpression(e.left, p)} ${e.operator} ${printExpression(e.right, p + 1)}`;
    case 'UnaryArithmetic': {
      const operand = printExpression(e.operand, p);
      return `${e.operator}${operand.startsWith('-') || operand.startsWith('+') ? ' ' : ''}${operand}`;
    }
    case 'InExpression':
      return `${printExpression(e.value, 9)} ${e.negated ? 'not ' : ''}${e.caseInsensitive ? 'in~' : 'in'} (${e.list.map((x) => printExpression(x)).join(', ')})`;
    case 'MatchExpression': {
      const patterns = e.patterns.map((x) => printExpression(x, 9)).join(', ');
      return `${printExpression(e.value, 9)} ${e.operator} ${e.list || e.patterns.length !== 1 ? `(${patterns})` : patterns}`;
    }
    case 'FunctionCall':
      return `${e.name}${e.caseInsensitive ? '~' : ''}(${e.args.map((x) => printExpression(x)).join(', ')})`;
    case 'Field':
      return (e.optional ? '?' : '') + e.path.map(nameText).join('.');
    case 'String':
      return encodeString(e.value, e.raw);
    case 'Number':
      return e.text;
    case 'Boolean':
      return e.value ? 'true' : 'false';
    case 'Null':
      return 'null';
    case 'Paren':
      return `(${printExpression(e.expression)})`;
    case 'ProcessRelationship':
      return `${e.relation} of ${printTerm(e.term)}`;
    case 'Error':
      return '';
  }
}

function printBy(by: A.ByClause | undefined): string {
  return by ? ` by ${by.keys.map((k) => printExpression(k)).join(', ')}` : '';
}

function printEventQuery(q: A.EventQuery | undefined): string {
  if (!q) return '';
  return `${categoryText(q.category)} where ${printExpression(q.condition)}`;
}

function printTerm(t: A.EventTerm | undefined): string {
  if (!t) return '';
  const runs = t.runs ? ` with ${t.runs.key}=${t.runs.value}` : '';
  return `${t.missing ? '!' : ''}[${printEventQuery(t.query)}]${printBy(t.by)}${runs}`;
}

function printTerms(terms: A.EventTerm[], until: A.EventTerm | undefined): string {
  let out = terms.map((t) => `\n  ${printTerm(t)}`).join('');
  if (until) out += `\nuntil ${printTerm(until)}`;
  return out;
}

function printBody(b: A.QueryBody | undefined): string {
  if (!b) return '';
  switch (b.type) {
    case 'EventQuery':
      return printEventQuery(b);
    case 'SequenceQuery': {
      const maxspan = b.maxspan ? ` with maxspan=${b.maxspan.value}${b.maxspan.unit ?? ''}` : '';
      return `sequence${printBy(b.by)}${maxspan}${printTerms(b.terms, b.until)}`;
    }
    case 'SampleQuery':
      return `sample${printBy(b.by)}${printTerms(b.terms, b.until)}`;
    case 'JoinQuery':
      return `join${printBy(b.by)}${printTerms(b.terms, b.until)}`;
    case 'Error':
      return '';
  }
}

export function print(ast: A.Query): string {
  const pipes = ast.pipes.map((p) => ` | ${p.name}${p.args.length ? ' ' + p.args.map((a) => printExpression(a)).join(', ') : ''}`);
  return printBody(ast.body) + pipes.join('');
}
