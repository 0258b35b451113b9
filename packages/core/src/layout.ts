import type { Span } from './span.js';

/**
 * A small layout engine for the query formatters: it re-spaces a token stream (every token, comment and
 * the text before the first and after the last token kept byte for byte) by a plan that the language's
 * formatter derives from its AST: hard line breaks, tokens that never take a space, and groups of break
 * points that break only when the group does not fit in the line width.
 */

export type KeywordCase = 'preserve' | 'upper' | 'lower';

export interface FormatOptions {
  /** Keywords as written (default), or all upper- or lower-case (where the language ignores their case). */
  keywordCase?: KeywordCase;
  /** Lines longer than this are wrapped where the language allows (default 100). */
  lineWidth?: number;
}

export const DEFAULT_LINE_WIDTH = 100;

export interface LayoutToken {
  start: number;
  end: number;
  /** A keyword whose case the formatter may change. */
  keyword?: boolean;
}

/** A place where a broken group starts a new line: before token `at`, indented `delta` from the group's line. */
export interface LayoutBreak {
  at: number;
  delta: number;
  /** Breaks only when the next item does not fit on the line (lists filled line by line). */
  fill?: boolean;
}

/** Tokens `first`..`last` (inclusive): laid out flat when they fit, else broken at each of `breaks`. */
export interface LayoutGroup {
  first: number;
  last: number;
  breaks: LayoutBreak[];
}

export interface LayoutPlan {
  tokens: LayoutToken[];
  /** Token index -> indent: a new line always starts before this token. */
  hard: Map<number, number>;
  groups: LayoutGroup[];
  /** Tokens that never take a space before them (`)`, `,`, the token after `(`). */
  tight: Set<number>;
  /** Tokens that take a space before them even when the source has none (after `,`, around `==`). */
  spaced: Set<number>;
  /** Indent added to the line's for the line after a line comment when no break is planned there. */
  continuation: number;
  /** Lines that a group breaks are indented at least this much (ES|QL keeps column 0 for `|`). */
  minIndent?: number;
  /** Block comments nest (a comment opened inside a comment needs its own close), as in ES|QL. */
  nestedComments?: boolean;
}

export interface FormatEdit {
  span: Span;
  newText: string;
}

export interface FormatResult {
  text: string;
  /** The changes as replacements of the input (whitespace runs and keyword case only), in order. */
  edits: FormatEdit[];
}

interface Comment {
  text: string;
  /** The comment starts its own line. */
  ownLine: boolean;
  /** A blank line before it. */
  blankBefore: boolean;
  /** A `//` comment: the line ends with it. */
  line: boolean;
}

interface Gap {
  /** Only whitespace and comments: the formatter may re-space it. */
  ok: boolean;
  raw: string;
  start: number;
  comments: Comment[];
  /** Whitespace runs around the comments (comments.length + 1), with their starts. */
  runs: Array<{ start: number; text: string }>;
  /** A blank line right before the next token. */
  blankBeforeToken: boolean;
}

function parseGap(text: string, start: number, end: number, nested: boolean): Gap {
  const raw = text.slice(start, end);
  const comments: Comment[] = [];
  const runs: Gap['runs'] = [];
  let i = start;
  let runStart = start;
  let sawToken = start > 0;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const ws = text.slice(runStart, i);
    if (c === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < end && text[j] !== '\n' && text[j] !== '\r') j++;
      runs.push({ start: runStart, text: ws });
      comments.push({ text: text.slice(i, j), ownLine: !sawToken || ws.includes('\n'), blankBefore: (ws.match(/\n/g) ?? []).length > 1, line: true });
      i = runStart = j;
    } else if (c === '/' && text[i + 1] === '*') {
      let j = i + 2;
      let depth = 1;
      while (j < end && depth > 0) {
        if (nested && text[j] === '/' && text[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (text[j] === '*' && text[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) return { ok: false, raw, start, comments: [], runs: [], blankBeforeToken: false };
      runs.push({ start: runStart, text: ws });
      comments.push({ text: text.slice(i, j), ownLine: !sawToken || ws.includes('\n'), blankBefore: (ws.match(/\n/g) ?? []).length > 1, line: false });
      i = runStart = j;
    } else {
      return { ok: false, raw, start, comments: [], runs: [], blankBeforeToken: false };
    }
    sawToken = true;
  }
  const last = text.slice(runStart, end);
  runs.push({ start: runStart, text: last });
  return { ok: true, raw, start, comments, runs, blankBeforeToken: (last.match(/\n/g) ?? []).length > 1 };
}

/** Lays the tokens out by the plan. The text before the first token and after the last is kept as is. */
export function layout(text: string, plan: LayoutPlan, options: FormatOptions = {}): FormatResult {
  const { tokens } = plan;
  const width = options.lineWidth ?? DEFAULT_LINE_WIDTH;
  const keywordCase = options.keywordCase ?? 'preserve';
  const n = tokens.length;
  if (n === 0) return { text, edits: [] };
  const gaps: Gap[] = [];
  for (let i = 1; i < n; i++) gaps[i] = parseGap(text, tokens[i - 1].end, tokens[i].start, plan.nestedComments ?? false);

  const tokenText = (i: number): string => {
    const t = tokens[i];
    const s = text.slice(t.start, t.end);
    if (!t.keyword || keywordCase === 'preserve') return s;
    return keywordCase === 'upper' ? s.toUpperCase() : s.toLowerCase();
  };
  const flatSep = (i: number): string => {
    if (plan.tight.has(i)) return '';
    return plan.spaced.has(i) || gaps[i].raw.length > 0 ? ' ' : '';
  };
  /** Width of tokens a..b laid out flat; Infinity when something forces a line break. */
  const flatWidth = (a: number, b: number): number => {
    let w = 0;
    for (let i = a; i <= b && i < n; i++) {
      if (i > a) {
        const g = gaps[i];
        if (!g.ok) {
          if (/[\r\n]/.test(g.raw)) return Infinity;
          w += g.raw.length;
        } else if (plan.hard.has(i) || g.comments.some((c) => c.line || c.ownLine)) return Infinity;
        else if (g.comments.length) w += g.comments.reduce((s, c) => s + c.text.length + 1, 1);
        else w += flatSep(i).length;
      }
      const s = tokenText(i);
      if (/[\r\n]/.test(s)) return Infinity;
      w += s.length;
    }
    return w;
  };

  const byFirst = new Map<number, LayoutGroup[]>();
  for (const g of plan.groups) {
    if (g.first >= n || g.last < g.first) continue;
    const list = byFirst.get(g.first) ?? [];
    list.push(g);
    byFirst.set(g.first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.last - a.last);
  const breakIndex = new Map<LayoutGroup, Map<number, LayoutBreak>>();
  for (const g of plan.groups) breakIndex.set(g, new Map(g.breaks.map((b) => [b.at, b])));

  let out = text.slice(0, tokens[0].start);
  const edits: FormatEdit[] = [];
  let col = 0;
  let lineIndent = 0;
  const append = (s: string) => {
    out += s;
    const nl = s.lastIndexOf('\n');
    if (nl < 0) {
      col += s.length;
      return;
    }
    col = s.length - nl - 1;
    lineIndent = /^ */.exec(s.slice(nl + 1))![0].length;
  };
  {
    const lead = out;
    out = '';
    append(lead);
  }
  const stack: Array<{ g: LayoutGroup; broken: boolean; base: number }> = [];

  /** The break planned before token i, if any: the innermost open group with a break there decides. */
  const plannedBreak = (i: number): number | undefined => {
    const hard = plan.hard.get(i);
    if (hard !== undefined) return hard;
    for (let k = stack.length - 1; k >= 0; k--) {
      const s = stack[k];
      const b = breakIndex.get(s.g)!.get(i);
      if (!b) continue;
      if (!s.broken) return undefined;
      const indent = Math.max(s.base + b.delta, plan.minIndent ?? 0);
      if (!b.fill) return indent;
      // Fill: break when the item (up to the next break of the group) does not fit.
      const next = s.g.breaks.filter((x) => x.at > i).reduce((m, x) => Math.min(m, x.at), s.g.last + 1);
      return col + flatSep(i).length + flatWidth(i, next - 1) > width ? indent : undefined;
    }
    return undefined;
  };

  for (let i = 0; i < n; i++) {
    while (stack.length && stack[stack.length - 1].g.last < i) stack.pop();
    if (i > 0) {
      const gap = gaps[i];
      if (!gap.ok) append(gap.raw);
      else {
        const brk = plannedBreak(i);
        // Own-line comments and the token after a line comment go where the break would, else one step in.
        const indent = ' '.repeat(brk ?? lineIndent + plan.continuation);
        const newRuns: string[] = [];
        let run = '';
        let mustBreak = false;
        for (const c of gap.comments) {
          run = c.ownLine ? (c.blankBefore ? '\n' : '') + '\n' + indent : ' ';
          newRuns.push(run);
          append(run);
          append(c.text);
          mustBreak = c.line || c.ownLine;
        }
        if (brk !== undefined || mustBreak) run = (gap.blankBeforeToken && plan.hard.has(i) ? '\n' : '') + '\n' + indent;
        else run = gap.comments.length ? ' ' : flatSep(i);
        newRuns.push(run);
        append(run);
        gap.runs.forEach((r, k) => {
          if (r.text !== newRuns[k]) edits.push({ span: { start: r.start, end: r.start + r.text.length }, newText: newRuns[k] });
        });
      }
    }
    for (const g of byFirst.get(i) ?? []) {
      // Nested in a broken group: at least as deep as that group's broken lines.
      let base = lineIndent;
      for (let k = stack.length - 1; k >= 0; k--) {
        if (!stack[k].broken) continue;
        base = Math.max(base, stack[k].base + stack[k].g.breaks.reduce((m, b) => Math.max(m, b.delta), 0));
        break;
      }
      stack.push({ g, broken: col + flatWidth(i, g.last) > width, base });
    }
    const s = tokenText(i);
    if (s !== text.slice(tokens[i].start, tokens[i].end)) edits.push({ span: { start: tokens[i].start, end: tokens[i].end }, newText: s });
    append(s);
  }
  out += text.slice(tokens[n - 1].end);
  return { text: out, edits };
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: FormatEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return out + text.slice(at);
}

/** Finds tokens by offset: `at(o)` the first token starting at or after `o`, `lastIn(o)` the last ending at or before it. */
export function tokenFinder(tokens: readonly LayoutToken[]): { at(offset: number): number; lastIn(offset: number): number } {
  const at = (offset: number) => {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid].start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lastIn = (offset: number) => {
    let i = at(offset) - 1;
    while (i >= 0 && tokens[i].end > offset) i--;
    return i;
  };
  return { at, lastIn };
}

/**
 * A parenthesized list `( a, b )`: broken, a new line after `(` (indented `step`), the items on their own
 * lines or filled, and `)` back at the group's indent.
 */
export function parenthesizedList(open: number, close: number, items: readonly number[], step: number, fill: boolean): LayoutGroup {
  return {
    first: open,
    last: close,
    breaks: [{ at: open + 1, delta: step }, ...items.slice(1).map((at) => ({ at, delta: step, fill })), { at: close, delta: 0 }],
  };
}
