/**
 * Value checks of ES|QL: the string values a query compares with an ECS categorisation field (`==`, `!=`,
 * `IN`, `NOT IN`, the `:` match operator) and with `event.dataset` / `data_stream.dataset`, through the
 * same checks as KQL and EQL (allowed-values.ts).
 */
import type { Diagnostic } from '@esql-lint/core';
import * as esql from '@esql-lint/parser-esql';
import type { ResolvedSchema } from '@esql-lint/schema';
import { checkAllowedValue, isValueCheckedField } from '../allowed-values.js';

const quote = (v: string) => JSON.stringify(v);

function stringLiteral(e: esql.Node | undefined): esql.StringLiteral | undefined {
  return e?.type === 'Literal' && e.literalType === 'string' && !e.tripleQuoted ? e : undefined;
}

export function checkEsqlValues(ast: esql.Query, schema: ResolvedSchema, report: (d: Diagnostic) => void): void {
  const field = (e: esql.Node | undefined) => (e?.type === 'Column' && !e.parameterized && isValueCheckedField(e.name) ? e.name : undefined);
  const check = (name: string, lit: esql.StringLiteral | undefined) => {
    if (lit) checkAllowedValue(name, lit.value, lit.span, schema, report, quote);
  };
  esql.walk(ast, {
    enter(n: esql.Node) {
      if (n.type === 'BinaryExpression' && (n.operator === '==' || n.operator === '!=')) {
        const l = field(n.left);
        const r = field(n.right);
        if (l) check(l, stringLiteral(n.right));
        else if (r) check(r, stringLiteral(n.left));
      } else if (n.type === 'InExpression') {
        const f = field(n.expression);
        if (f) for (const v of n.list) check(f, stringLiteral(v));
      } else if (n.type === 'MatchExpression') {
        const f = field(n.field);
        if (f) check(f, stringLiteral(n.query));
      }
    },
  });
}
