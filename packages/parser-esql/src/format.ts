import type { IToken } from './chevrotain.js';
import { layout, tokenFinder, parenthesizedList, type FormatOptions, type FormatResult, type LayoutGroup, type LayoutPlan } from '@esql-lint/core';
import type * as A from './ast.js';
import { parse } from './index.js';
import { lex } from './lexer.js';
import * as T from './tokens.js';
import { walk } from './walk.js';

/** Indent of wrapped parts of a command, under its `| `. */
const STEP = 4;

/**
 * Formats an ES|QL query: each command on its own line starting with `| `, long lists (EVAL, STATS, KEEP,
 * SORT, FROM sources...), boolean chains, IN lists and argument lists wrapped and indented; comments kept
 * where they are, keywords in the configured case. Only whitespace (and keyword case) changes; a query with
 * syntax errors is returned unchanged.
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  const { ast, diagnostics } = parse(text, { snapshot: true });
  if (diagnostics.some((d) => d.code === 'syntax-error')) return { text, edits: [] };
  return layout(text, plan(text, ast, lex(text).tokens), options);
}

function plan(text: string, ast: A.Query, raw: IToken[]): LayoutPlan {
  const tokens = raw.map((t) => ({ start: t.startOffset, end: t.endOffset! + 1, keyword: T.tokenLabels.get(t.tokenType)?.kind === 'keyword' }));
  const { at, lastIn } = tokenFinder(tokens);
  const type = (i: number) => raw[i]?.tokenType;
  const hard = new Map<number, number>();
  const groups: LayoutGroup[] = [];
  const tight = new Set<number>();
  const spaced = new Set<number>();

  // Names keep the case they are written in, even where the lexer reads them as keywords (`first(x)`).
  const names: Array<{ start: number; end: number }> = [];
  walk(ast, {
    enter(node) {
      if (node.type === 'Column' || node.type === 'ColumnPattern' || node.type === 'Identifier' || node.type === 'IndexSource') names.push(node.span);
      if (node.type === 'FunctionCall') names.push(node.nameSpan);
    },
  });
  for (const s of names) for (let i = at(s.start); i < tokens.length && tokens[i].end <= s.end; i++) tokens[i].keyword = false;

  for (let i = 1; i < tokens.length; i++) {
    const prev = type(i - 1);
    const cur = type(i);
    if (prev === T.LP || prev === T.OPENING_BRACKET || cur === T.RP || cur === T.CLOSING_BRACKET || cur === T.COMMA || cur === T.SEMICOLON) tight.add(i);
    if (prev === T.COMMA || prev === T.PIPE) spaced.add(i);
    if (cur === T.ASSIGN || cur === T.EQ || cur === T.NEQ || cur === T.LT || cur === T.LTE || cur === T.GT || cur === T.GTE || cur === T.CIEQ) {
      spaced.add(i);
      spaced.add(i + 1);
    }
  }

  // Each top-level command on its own line, SET statements too.
  ast.settings.forEach((s, k) => {
    if (k > 0) hard.set(at(s.span.start), 0);
  });
  ast.commands.forEach((c, k) => {
    const first = at(c.span.start);
    if (k === 0) {
      if (ast.settings.length) hard.set(first, 0);
      return;
    }
    if (type(first - 1) === T.PIPE) hard.set(first - 1, 0);
  });

  /** A group over `span` breaking before each item (all, or filling lines), and before extra tokens. */
  const list = (span: A.BaseNode['span'], items: Array<{ span: A.BaseNode['span'] }>, fill: boolean, extra: Array<{ at: number; delta: number; fill?: boolean }> = []) => {
    if (items.length < 2 && extra.length === 0) return;
    const breaks = items.slice(1).map((it) => ({ at: at(it.span.start), delta: STEP, fill }));
    groups.push({ first: at(span.start), last: lastIn(span.end), breaks: [...breaks, ...extra] });
  };
  /**
   * A parenthesized list ending at `end`: `(` then the items on their own lines (or filled), `)` back at
   * the line's indent. The items are found by their commas (an item's span leaves out its own
   * parentheses: `f((a), b)`).
   */
  const parens = (items: unknown[], end: number, fill: boolean) => {
    if (items.length === 0) return;
    const close = lastIn(end);
    if (type(close) !== T.RP) return;
    const firsts: number[] = [];
    let depth = 0;
    for (let i = close - 1; i >= 0; i--) {
      const t = type(i);
      if (t === T.RP || t === T.CLOSING_BRACKET || t === T.RIGHT_BRACES) depth++;
      else if (t === T.LP || t === T.OPENING_BRACKET || t === T.LEFT_BRACES) {
        if (depth-- > 0) continue;
        if (t !== T.LP) return;
        firsts.push(i + 1);
        groups.push(parenthesizedList(i, close, firsts.reverse(), STEP, fill));
        return;
      } else if (t === T.COMMA && depth === 0) firsts.push(i + 1);
    }
  };
  const keywordBefore = (items: Array<{ span: A.BaseNode['span'] }>) => (items.length ? at(items[0].span.start) - 1 : -1);

  const command = (c: A.Command) => {
    switch (c.type) {
      case 'FromCommand':
      case 'TsCommand': {
        const metadata = keywordBefore(c.metadata);
        list(c.span, c.sources, true, metadata >= 0 && type(metadata) === T.METADATA ? [{ at: metadata, delta: STEP, fill: true }] : []);
        c.subqueries.forEach((s) => s.commands.forEach(command));
        break;
      }
      case 'RowCommand':
      case 'EvalCommand':
        list(c.span, c.assignments, false);
        break;
      case 'StatsCommand':
      case 'InlineStatsCommand': {
        const by = keywordBefore(c.by);
        list(c.span, c.aggregates, false, by >= 0 && type(by) === T.BY ? [{ at: by, delta: STEP / 2 }] : []);
        if (c.by.length > 1) groups.push({ first: at(c.by[0].span.start), last: lastIn(c.by[c.by.length - 1].span.end), breaks: c.by.slice(1).map((b) => ({ at: at(b.span.start), delta: STEP, fill: true })) });
        break;
      }
      case 'KeepCommand':
      case 'DropCommand':
        list(c.span, c.columns, true);
        break;
      case 'SortCommand':
        list(c.span, c.orders, false);
        break;
      case 'RenameCommand':
        list(c.span, c.renames, false);
        break;
      case 'EnrichCommand':
        list(c.span, c.with, false);
        break;
      case 'ForkCommand':
        list(c.span, c.branches, false);
        c.branches.forEach((b) => b.commands.forEach(command));
        break;
      case 'ExplainCommand':
        c.commands.forEach(command);
        break;
      default:
        break;
    }
  };
  ast.commands.forEach(command);

  // Expressions: boolean chains break before each operator; IN / LIKE lists and argument lists wrap.
  walk(ast, {
    enter(node, parent) {
      if (node.type === 'BinaryExpression' && (node.operator === 'and' || node.operator === 'or')) {
        if (parent?.type === 'BinaryExpression' && parent.operator === node.operator) return;
        const operators: number[] = [];
        const chain = (e: A.Expression | undefined) => {
          if (e?.type === 'BinaryExpression' && e.operator === node.operator) {
            chain(e.left);
            operators.push(at(e.operatorSpan.start));
            chain(e.right);
          }
        };
        chain(node);
        groups.push({ first: at(node.span.start), last: lastIn(node.span.end), breaks: operators.map((o) => ({ at: o, delta: STEP })) });
      } else if (node.type === 'InExpression') parens(node.list, node.span.end, true);
      else if (node.type === 'LikeExpression' && node.list) parens(node.patterns, node.span.end, true);
      else if (node.type === 'FunctionCall' && !node.star) parens(node.options ? [...node.args, node.options] : node.args, node.span.end, true);
    },
  });
  return { tokens, hard, groups, tight, spaced, continuation: STEP, minIndent: STEP / 2, nestedComments: true };
}
