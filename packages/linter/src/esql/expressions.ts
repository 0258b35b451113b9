/** Helpers over ES|QL expression trees, shared by the analysis and the verifier checks. */
import * as esql from '@esql-lint/parser-esql';
import { functionDefinition } from './functions.js';

const EXPRESSION_TYPES = new Set([
  'Literal', 'ListLiteral', 'Column', 'FunctionCall', 'BinaryExpression', 'UnaryExpression', 'InExpression', 'LikeExpression',
  'IsNullExpression', 'MatchExpression', 'Cast', 'MapExpression',
]);

export function isExpression(n: esql.Node): n is esql.Expression {
  return EXPRESSION_TYPES.has(n.type);
}

/** Whether some node under `e` (itself included) passes the test. */
export function someNode(e: esql.Node, test: (n: esql.Node) => boolean): boolean {
  if (test(e)) return true;
  return esql.children(e).some((c) => someNode(c, test));
}

export function isAggregateCall(n: esql.Node): boolean {
  if (n.type !== 'FunctionCall') return false;
  const kind = functionDefinition(n.name)?.type;
  return kind === 'agg' || kind === 'time_series_agg';
}

export function containsAggregate(e: esql.Expression): boolean {
  return someNode(e, isAggregateCall);
}

/** A constant: no column and no aggregate or grouping function (Elasticsearch folds it). */
export function isFoldable(e: esql.Expression): boolean {
  return !someNode(e, (n) => n.type === 'Column' || (n.type === 'Literal' && n.literalType === 'param') || isAggregateCall(n) || (n.type === 'FunctionCall' && functionDefinition(n.name)?.type === 'grouping'));
}

/** Whether the expression calls a function that Elasticsearch does not know (reported already: dependent checks stay quiet). */
export function callsUnknownFunction(e: esql.Expression, snapshot: boolean): boolean {
  return someNode(e, (n) => {
    if (n.type !== 'FunctionCall') return false;
    const def = functionDefinition(n.name);
    return !def || (def.snapshotOnly && !snapshot);
  });
}

export function columnNames(e: esql.Expression): Set<string> {
  const out = new Set<string>();
  someNode(e, (n) => {
    if (n.type === 'Column') out.add(n.name);
    return false;
  });
  return out;
}

/** "a keyword value", "an integer value": the type with its article. */
export function aType(t: string): string {
  return `${/^[aeiou]/i.test(t) ? 'an' : 'a'} ${t}`;
}

/** 1 -> "first", 2 -> "second"... (argument positions in messages). */
export function ordinal(i: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'][i - 1] ?? `${i}th`;
}
