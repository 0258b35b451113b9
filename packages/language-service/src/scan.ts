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

function isWordStart(c: string): boolean {
  return /[A-Za-z_@]/.test(c);
}

/** Tokens of `text` up to `offset`. */
export function scanBefore(text: string, offset: number, language: ScanLanguage): Scan {
  const end = Math.max(0, Math.min(offset, text.length));
  const tokens: Tok[] = [];
  let i = 0;
  const comments = language !== 'kuery';
  while (i < end) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (comments && c === '/' && text[i + 1] === '/') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= end) return { tokens, inert: 'comment', inertStart: i };
      i = nl + 1;
      continue;
    }
    if (comments && c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close + 2 > end) return { tokens, inert: 'comment', inertStart: i };
      i = close + 2;
      continue;
    }
    if (c === '"' || (language === 'eql' && (c === "'" || (c === '?' && (text[i + 1] === '"' || text[i + 1] === "'"))))) {
      const start = i;
      if (c === '?') i++;
      const q = text[i];
      if (text.startsWith('"""', i)) {
        const close = text.indexOf('"""', i + 3);
        if (close < 0 || close + 3 > end) return { tokens, inert: 'string', inertStart: start };
        i = close + 3;
      } else {
        i++;
        let closed = false;
        while (i < end) {
          if (text[i] === '\\' && language !== 'kuery') i += 2;
          else if (text[i] === '\\') i += 2;
          else if (text[i] === q) {
            closed = true;
            i++;
            break;
          } else if (text[i] === '\n' && language !== 'kuery') break;
          else i++;
        }
        if (!closed) {
          if (i >= end) return { tokens, inert: 'string', inertStart: start };
        }
      }
      tokens.push({ kind: 'string', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      if (close < 0 || close + 1 > end) {
        // A backquoted name being typed: the word the cursor completes.
        tokens.push({ kind: 'quoted', text: text.slice(i, end), start: i, end });
        break;
      }
      let j = close + 1;
      // `a``b` escapes a backquote.
      while (text[j] === '`') {
        const next = text.indexOf('`', j + 1);
        if (next < 0 || next + 1 > end) {
          j = end;
          break;
        }
        j = next + 1;
      }
      tokens.push({ kind: 'quoted', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/\d/.test(c)) {
      let j = i + 1;
      while (j < end && /[\w.]/.test(text[j])) j++;
      tokens.push({ kind: 'number', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (isWordStart(c) || (language === 'kuery' && /[^\s():{}<>"\\]/.test(c) && !'=!'.includes(c))) {
      let j = i + 1;
      const more = language === 'kuery' ? /[^\s():{}<>"\\]/ : language === 'eql' ? /[\w.@~]/ : /[\w.@*]/;
      while (j < end && more.test(text[j])) j++;
      tokens.push({ kind: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if ('([{'.includes(c)) {
      tokens.push({ kind: 'open', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (')]}'.includes(c)) {
      tokens.push({ kind: 'close', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === ',') {
      tokens.push({ kind: 'comma', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '|' && text[i + 1] !== '|') {
      tokens.push({ kind: 'pipe', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i) && i + o.length <= end) ?? c;
    tokens.push({ kind: 'op', text: op, start: i, end: i + op.length });
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
    const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
    const ticks = (line.match(/`/g) ?? []).length;
    if (ticks % 2 === 1) start = text.lastIndexOf('`', offset - 1);
  }
  return { start, word: text.slice(start, offset) };
}
