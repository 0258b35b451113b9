/**
 * A forgiving scanner of the text before the cursor, shared by completion, signature help and hover:
 * it tells whether the cursor is inside a string or a comment, and gives the tokens before it with
 * the brackets that are still open. Unlike the parsers it never fails on half-typed input.
 */

export type TokKind = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'open' | 'close' | 'comma' | 'pipe';

export interface Tok {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
}

export type ScanLanguage = 'esql' | 'eql' | 'kuery';

export interface Scan {
  tokens: Tok[];
  /** The cursor is inside a string literal or a comment: nothing is completed there. */
  inert?: 'string' | 'comment';
  /** Where the string or comment holding the cursor starts. */
  inertStart?: number;
}

const OPS = ['==', '!=', '<=', '>=', '=~', '::', '![', '<', '>', '=', '+', '-', '*', '/', '%', ':', '!', '.', '?', '~'];

const WORD_REST: Record<ScanLanguage, RegExp> = { kuery: /[^\s():{}<>"\\]*/y, eql: /[\w.@~]*/y, esql: /[\w.@*]*/y };
const NUMBER_REST = /[\w.]*/y;
const KQL_WORD_START = /[^\s():{}<>"\\=!]/;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff || (c > 0x1fff && /\s/.test(String.fromCharCode(c)));
}

function isWordStartCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64;
}

/** Tokens of `text` up to `offset`. */
export function scanBefore(text: string, offset: number, language: ScanLanguage): Scan {
  const end = Math.max(0, Math.min(offset, text.length));
  const tokens: Tok[] = [];
  let i = 0;
  const comments = language !== 'kuery';
  const push = (kind: TokKind, start: number, stop: number) => tokens.push({ kind, text: text.slice(start, stop), start, end: stop });
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (comments && c === 47 && next === 47) {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return { tokens, inert: 'comment', inertStart: i };
      i = nl + 1;
      continue;
    }
    if (comments && c === 47 && next === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > end) return { tokens, inert: 'comment', inertStart: i };
      i = close + 2;
      continue;
    }
    if (c === 34 || (language === 'eql' && (c === 39 || (c === 63 && (next === 34 || next === 39))))) {
      const start = i;
      if (c === 63) i++;
      const q = text.charCodeAt(i);
      if (q === 34 && text.startsWith('"""', i)) {
        const close = text.indexOf('"""', i + 3);
        if (close < 0 || close + 3 > end) return { tokens, inert: 'string', inertStart: start };
        i = close + 3;
      } else {
        i++;
        let closed = false;
        while (i < end) {
          const d = text.charCodeAt(i);
          if (d === 92) i += 2;
          else if (d === q) {
            closed = true;
            i++;
            break;
          } else if (d === 10 && language !== 'kuery') break;
          else i++;
        }
        if (!closed && i >= end) return { tokens, inert: 'string', inertStart: start };
      }
      push('string', start, i);
      continue;
    }
    if (c === 96) {
      const close = text.indexOf('`', i + 1);
      if (close < 0 || close + 1 > end) {
        // A backquoted name being typed: the word the cursor completes.
        push('quoted', i, end);
        break;
      }
      let j = close + 1;
      // `a``b` escapes a backquote.
      while (text.charCodeAt(j) === 96) {
        const more = text.indexOf('`', j + 1);
        if (more < 0 || more + 1 > end) {
          j = end;
          break;
        }
        j = more + 1;
      }
      push('quoted', i, j);
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      NUMBER_REST.lastIndex = i + 1;
      NUMBER_REST.exec(text);
      const j = Math.min(end, NUMBER_REST.lastIndex);
      push('number', i, j);
      i = j;
      continue;
    }
    if (isWordStartCode(c) || (language === 'kuery' && KQL_WORD_START.test(text[i]))) {
      const re = WORD_REST[language];
      re.lastIndex = i + 1;
      re.exec(text);
      const j = Math.min(end, re.lastIndex);
      push('word', i, j);
      i = j;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) {
      push('open', i, i + 1);
      i++;
      continue;
    }
    if (c === 41 || c === 93 || c === 125) {
      push('close', i, i + 1);
      i++;
      continue;
    }
    if (c === 44) {
      push('comma', i, i + 1);
      i++;
      continue;
    }
    if (c === 124 && next !== 124) {
      push('pipe', i, i + 1);
      i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i) && i + o.length <= end) ?? text[i];
    push('op', i, i + op.length);
    i += op.length;
  }
  return { tokens };
}

/** An open call `name(` before the cursor: which argument the cursor is in. */
export interface OpenCall {
  name: string;
  nameStart: number;
  /** Offset of the `(`. */
  open: number;
  /** 0-based index of the argument holding the cursor. */
  argIndex: number;
  /** The tokens of each argument so far (the last one is being typed). */
  args: Tok[][];
}

/** Words a `(` may follow without making a call. */
const NOT_CALLS = new Set(['in', 'in~', 'and', 'or', 'not', 'where', 'by', 'like', 'rlike', 'like~', 'regex', 'regex~', 'on', 'with', 'metadata', 'fork', 'of', 'from', 'as', 'is']);

/** Open brackets before the cursor, innermost last: calls and plain brackets. */
export function openBrackets(tokens: readonly Tok[]): Array<{ open: Tok; index: number; call?: OpenCall }> {
  const stack: Array<{ open: Tok; index: number; call?: OpenCall }> = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.kind === 'open') {
      const prev = tokens[k - 1];
      const call =
        t.text === '(' && prev && prev.kind === 'word' && prev.end === t.start
          ? { name: prev.text, nameStart: prev.start, open: t.start, argIndex: 0, args: [[]] }
          : t.text === '(' && prev && prev.kind === 'word' && /^[A-Za-z_]\w*~?$/.test(prev.text) && !NOT_CALLS.has(prev.text.toLowerCase())
            ? { name: prev.text, nameStart: prev.start, open: t.start, argIndex: 0, args: [[]] }
            : undefined;
      for (const s of stack) s.call?.args[s.call.args.length - 1].push(t);
      stack.push({ open: t, index: k, ...(call ? { call } : {}) });
    } else if (t.kind === 'close') {
      stack.pop();
      for (const s of stack) s.call?.args[s.call.args.length - 1].push(t);
    } else if (t.kind === 'comma' && stack.length) {
      const top = stack[stack.length - 1];
      if (top.call) {
        top.call.argIndex++;
        top.call.args.push([]);
      }
      for (const s of stack.slice(0, -1)) s.call?.args[s.call.args.length - 1].push(t);
    } else {
      for (const s of stack) s.call?.args[s.call.args.length - 1].push(t);
    }
  }
  return stack;
}

/** The word being typed at `offset` (letters, digits, `_`, `.`, `@`; a backquoted name with its backquote). */
export function typedWord(text: string, offset: number, language: ScanLanguage): { start: number; word: string } {
  let start = offset;
  const re = language === 'eql' ? /[\w.@~]/ : language === 'kuery' ? /[\w.@*-]/ : /[\w.@]/;
  while (start > 0 && re.test(text[start - 1])) start--;
  if (language !== 'kuery') {
    // Inside a backquoted name: from its backquote.
    const open = openBackquote(text, offset);
    if (open >= 0) start = open;
  }
  return { start, word: text.slice(start, offset) };
}

/**
 * The backquote of a backquoted name still open at `offset` on its line, or -1. Backquotes inside strings and
 * block comments do not count: `replace(x, """a`b""", "c")` opens no name.
 */
function openBackquote(text: string, offset: number): number {
  let open = -1;
  for (let i = text.lastIndexOf('\n', offset - 1) + 1; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 96) {
      // A doubled backquote inside a name closes it and opens it again.
      open = open >= 0 ? -1 : i;
    } else if (open >= 0) {
      continue;
    } else if (c === 34 || c === 39) {
      const triple = c === 34 && text.startsWith('"""', i);
      let j: number;
      if (triple) {
        const close = text.indexOf('"""', i + 3);
        j = close < 0 ? offset : close + 2;
      } else for (j = i + 1; j < offset && text.charCodeAt(j) !== c; j += text.charCodeAt(j) === 92 ? 2 : 1);
      // The string holding the cursor: no name is being typed.
      if (j >= offset) return -1;
      i = j;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > offset) return -1;
      i = close + 1;
    }
  }
  return open;
}

/**
 * The text before the cursor cut down to what decides what may come next, for the parsers' content
 * assist (whose cost grows with the tokens before the cursor): at each open bracket level, only the part
 * after the last boundary (`and`/`or`, and `,` inside brackets) of that level. `a == 1 and (b or f(c, <|>`
 * becomes `(f(<|>`. A bracket closed before the cursor keeps only its first item: what may follow
 * `x : ("a", "b", ...)` does not depend on how many values the list has, and a list of thousands of paths
 * would otherwise be parsed at every keystroke (`x : ("a", "b")` becomes `x : ("a")`). `tokens` are those
 * of the part to cut, which starts at `from`.
 */
export function reduceForAssist(text: string, tokens: readonly Tok[], from: number, offset: number, boundary: (t: Tok, depth: number) => boolean): string {
  // Per level (0: outside every bracket, then each open bracket): where its kept part starts, where its
  // first item ends (at its first boundary), and the ranges of closed brackets inside it to leave out.
  const starts: number[] = [from];
  const opens: number[] = [];
  const firstEnds: Array<number | undefined> = [undefined];
  const cuts: Array<Array<[number, number]>> = [[]];
  for (const t of tokens) {
    const level = opens.length;
    if (t.kind === 'open') {
      opens.push(t.end);
      starts.push(t.end);
      firstEnds.push(undefined);
      cuts.push([]);
    } else if (t.kind === 'close') {
      if (level > 0) {
        const firstEnd = firstEnds[level] ?? t.start;
        const inner = cuts[level].filter(([, to]) => to <= firstEnd);
        opens.pop();
        starts.pop();
        firstEnds.pop();
        cuts.pop();
        cuts[level - 1].push(...inner);
        if (firstEnd < t.start) cuts[level - 1].push([firstEnd, t.start]);
      }
    } else if (boundary(t, level)) {
      if (firstEnds[level] === undefined) firstEnds[level] = t.start;
      starts[level] = t.end;
    }
  }
  /** `text` from `a` to `b` without the left-out ranges of `level`. */
  const kept = (level: number, a: number, b: number) => {
    let out = '';
    let at = a;
    for (const [cutFrom, cutTo] of cuts[level]) {
      if (cutFrom < at || cutTo > b) continue;
      out += text.slice(at, cutFrom);
      at = cutTo;
    }
    return out + text.slice(at, b);
  };
  // Level i keeps [starts[i], opens[i]) (the open bracket included), the last level up to the cursor.
  let out = '';
  for (let i = 0; i < opens.length; i++) out += kept(i, starts[i], opens[i]) + ' ';
  return out + kept(opens.length, starts[starts.length - 1], offset);
}
