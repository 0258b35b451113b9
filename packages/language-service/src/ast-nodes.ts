import type { Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import * as kql from '@esql-lint/parser-kql';

/** The spans of the AST nodes of a query that contain `offset`, outermost first (query offsets). */
export function enclosingSpans(language: string, ast: unknown, offset: number): Span[] {
  const out: Span[] = [];
  const enter = (node: { span: Span }) => {
    if (node.span.start > offset || offset > node.span.end) return false;
    out.push(node.span);
    return undefined;
  };
  if (language === 'esql') esql.walk(ast as esql.Query, { enter });
  else if (language === 'eql') eql.walk(ast as eql.Query, { enter });
  else if (language === 'kuery') kql.walk(ast as kql.Node, { enter: (n) => enter(n as { span: Span }) });
  return out;
}
