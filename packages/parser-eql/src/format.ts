import { layout, tokenFinder, parenthesizedList, type FormatOptions, type FormatResult, type LayoutGroup, type LayoutPlan, type Span } from '@esql-lint/core';
import type * as A from './ast.js';
import * as T from './lexer.js';
import { lex, parse } from './parse.js';
import { walk } from './walk.js';

/** Indent of sequence steps and of wrapped conditions. */
const STEP = 2;

/**
 * Formats an EQL query: sequence/sample steps one per line (indented), pipes on their own lines, long
 * boolean chains, `in`/`:` lists and argument lists wrapped; comments kept where they are. EQL keywords
 * are case-sensitive, so their case is never changed. A query with syntax errors is returned unchanged.
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  const { ast, diagnostics } = parse(text);
  if (diagnostics.some((d) => d.code === 'syntax-error')) return { text, edits: [] };
  const raw = lex(text).tokens;
  const tokens = raw.map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }));
  const { at, lastIn } = tokenFinder(tokens);
  const type = (i: number) => raw[i]?.tokenType;
  const hard = new Map<number, number>();
  const groups: LayoutGroup[] = [];
  const tight = new Set<number>();
  const spaced = new Set<number>();

  for (let i = 1; i < tokens.length; i++) {
    const prev = type(i - 1);
    const cur = type(i);
    if (prev === T.LParen || prev === T.LBracket || prev === T.MissingOpen || cur === T.RParen || cur === T.RBracket || cur === T.Comma) tight.add(i);
    if (prev === T.Comma || prev === T.Pipe) spaced.add(i);
    if (cur === T.Eq || cur === T.Neq || cur === T.Lt || cur === T.Lte || cur === T.Gt || cur === T.Gte) {
      spaced.add(i);
      spaced.add(i + 1);
    }
  }

  const body = ast.body;
  if (body && (body.type === 'SequenceQuery' || body.type === 'SampleQuery' || body.type === 'JoinQuery')) {
    for (const term of body.terms) hard.set(at(term.span.start), STEP);
    if (body.until) {
      const until = at(body.until.span.start) - 1;
      if (type(until) === T.Until) hard.set(until, STEP);
    }
  }
  for (const p of ast.pipes) hard.set(at(p.span.start), 0);

  const parens = (items: Array<{ span: Span }>, end: number, fill: boolean) => {
    if (items.length === 0) return;
    const open = at(items[0].span.start) - 1;
    const close = lastIn(end);
    if (type(open) !== T.LParen || type(close) !== T.RParen) return;
    groups.push(parenthesizedList(open, close, items.map((it) => at(it.span.start)), STEP, fill));
  };
  walk(ast, {
    enter(node, parent) {
      if (node.type === 'LogicalExpression') {
        if (parent?.type === 'LogicalExpression' && parent.operator === node.operator) return;
        const operators: number[] = [];
        const chain = (e: A.Expression | undefined) => {
          if (e?.type === 'LogicalExpression' && e.operator === node.operator) {
            chain(e.left);
            // The operator is the first token after the left side.
            operators.push(lastIn(e.left.span.end) + 1);
            chain(e.right);
          }
        };
        chain(node);
        groups.push({ first: at(node.span.start), last: lastIn(node.span.end), breaks: operators.map((o) => ({ at: o, delta: STEP })) });
      } else if (node.type === 'InExpression') parens(node.list, node.span.end, true);
      else if (node.type === 'MatchExpression' && node.list) parens(node.patterns, node.span.end, true);
      else if (node.type === 'FunctionCall') parens(node.args, node.span.end, true);
      else if (node.type === 'ByClause' && node.keys.length > 1) {
        groups.push({ first: at(node.keys[0].span.start), last: lastIn(node.span.end), breaks: node.keys.slice(1).map((k) => ({ at: at(k.span.start), delta: STEP * 2, fill: true })) });
      }
    },
  });
  const plan: LayoutPlan = { tokens, hard, groups, tight, spaced, continuation: STEP };
  return layout(text, plan, { ...options, keywordCase: 'preserve' });
}
