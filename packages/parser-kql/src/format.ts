import { layout, tokenFinder, type FormatOptions, type FormatResult, type LayoutGroup, type Span } from '@esql-lint/core';
import type * as A from './ast.js';
import * as T from './lexer.js';
import { lex, parse } from './parse.js';
import { walk } from './walk.js';

/** Indent of wrapped operands. */
const STEP = 2;

/**
 * Formats a KQL query: long `or` / `and` chains (of queries and of a field's values) wrapped before each
 * operator and indented, blanks normalized. KQL has no comments. `and`, `or`, `not` take the configured
 * case. A query with syntax errors is returned unchanged.
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  const { ast, diagnostics } = parse(text);
  if (diagnostics.some((d) => d.code === 'syntax-error')) return { text, edits: [] };
  const raw = lex(text);
  const tokens = raw.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length, keyword: t.tokenType === T.And || t.tokenType === T.Or || t.tokenType === T.Not }));
  const { at, lastIn } = tokenFinder(tokens);
  const tight = new Set<number>();
  for (let i = 1; i < tokens.length; i++) {
    const prev = raw[i - 1].tokenType;
    const cur = raw[i].tokenType;
    if (prev === T.LParen || prev === T.LBrace || cur === T.RParen || cur === T.RBrace) tight.add(i);
  }
  const groups: LayoutGroup[] = [];
  const chain = (span: Span, operands: Array<{ span: Span }>, fill: boolean) => {
    // The operator follows each operand but the last.
    const breaks = operands.slice(0, -1).map((o) => ({ at: lastIn(o.span.end) + 1, delta: STEP, fill }));
    groups.push({ first: at(span.start), last: lastIn(span.end), breaks });
  };
  walk(ast, {
    enter(node: A.Node) {
      if (node.type === 'OrQuery' || node.type === 'AndQuery') chain(node.span, node.operands, false);
      else if (node.type === 'OrValues' || node.type === 'AndValues') chain(node.span, node.operands, true);
    },
  });
  return layout(text, { tokens, hard: new Map(), groups, tight, spaced: new Set(), continuation: STEP }, options);
}
