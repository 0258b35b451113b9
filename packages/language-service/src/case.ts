/** The case a query writes its keywords in, so that inserted keywords and fixes follow it. */
export type KeywordCase = 'upper' | 'lower';

/**
 * `lower` when the query writes its keywords in lower case (`from x | where ...`), else `upper`.
 * Counts the words of `keywords` (upper-case spellings) that appear in the text outside strings.
 */
let last: { text: string; keywords: ReadonlySet<string>; fallback: KeywordCase; result: KeywordCase } | undefined;

export function keywordCase(text: string, keywords: ReadonlySet<string>, fallback: KeywordCase = 'upper'): KeywordCase {
  if (last && last.text === text && last.keywords === keywords && last.fallback === fallback) return last.result;
  const result = computeCase(text, keywords, fallback);
  last = { text, keywords, fallback, result };
  return result;
}

/**
 * The keywords of a set (upper-case words of `A-Z` and `_`), by a hash of their characters: the scan
 * below looks a word of the text up without making a string of it.
 */
const indexes = new WeakMap<ReadonlySet<string>, Map<number, string[]>>();

function keywordIndex(keywords: ReadonlySet<string>): Map<number, string[]> {
  let index = indexes.get(keywords);
  if (index) return index;
  index = new Map();
  for (const k of keywords) {
    if (!/^[A-Z_]+$/.test(k)) continue;
    let h = 0;
    for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
    const bucket = index.get(h);
    if (bucket) bucket.push(k);
    else index.set(h, [k]);
  }
  indexes.set(keywords, index);
  return index;
}

const QUOTE = 0x22;
const BACKTICK = 0x60;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** A line terminator (what `.` of a regular expression does not match). */
const isLineTerminator = (c: number) => c === NEWLINE || c === 0x0d || c === 0x2028 || c === 0x2029;

/**
 * Counts the keywords written in upper and in lower case, outside strings and comments: the words
 * (`[A-Za-z_]+`) of the text with `"""..."""`, `"..."` (with escapes, on one line), `` `...` ``,
 * `// ...` and block comments taken out, as `text.replace` with those patterns would take them out,
 * but in one pass that makes no string (issue 19: it ran after each edit of a 50 KB query).
 */
function computeCase(text: string, keywords: ReadonlySet<string>, fallback: KeywordCase): KeywordCase {
  const index = keywordIndex(keywords);
  let upper = 0;
  let lower = 0;
  // Once a search for a closing delimiter fails, every later one fails too: each is made at most once.
  let noTripleClose = false;
  let noBacktickClose = false;
  let noCommentClose = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (!noTripleClose && text.charCodeAt(i + 1) === QUOTE && text.charCodeAt(i + 2) === QUOTE) {
        const close = text.indexOf('"""', i + 3);
        if (close >= 0) {
          i = close + 3;
          continue;
        }
        noTripleClose = true;
      }
      // "(?:[^"\\\n]|\\.)*": it ends at the first unescaped quote, or fails at a newline, at a
      // backslash before a line terminator, or at the end.
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === QUOTE) {
          closed = true;
          break;
        }
        if (d === NEWLINE) break;
        if (d === BACKSLASH) {
          if (j + 1 >= n || isLineTerminator(text.charCodeAt(j + 1))) break;
          j += 2;
        } else j++;
      }
      i = closed ? j + 1 : i + 1;
      continue;
    }
    if (c === BACKTICK) {
      if (!noBacktickClose) {
        const close = text.indexOf('`', i + 1);
        if (close >= 0) {
          i = close + 1;
          continue;
        }
        noBacktickClose = true;
      }
      i++;
      continue;
    }
    if (c === SLASH) {
      const d = text.charCodeAt(i + 1);
      if (d === SLASH) {
        const end = text.indexOf('\n', i + 2);
        i = end < 0 ? n : end;
        continue;
      }
      if (d === STAR && !noCommentClose) {
        const close = text.indexOf('*/', i + 2);
        if (close >= 0) {
          i = close + 2;
          continue;
        }
        noCommentClose = true;
      }
      i++;
      continue;
    }
    if (!isWordChar(c)) {
      i++;
      continue;
    }
    // A word: its hash in upper case, and whether it has lower- and upper-case letters.
    const start = i;
    let h = 0;
    let hasLower = false;
    let hasUpper = false;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (!isWordChar(d)) break;
      if (d >= 0x61) {
        hasLower = true;
        h = (Math.imul(h, 31) + d - 0x20) | 0;
      } else {
        if (d !== 0x5f) hasUpper = true;
        h = (Math.imul(h, 31) + d) | 0;
      }
    }
    const bucket = index.get(h);
    if (!bucket) continue;
    let keyword = false;
    for (const k of bucket) keyword ||= sameWord(text, start, i, k);
    if (!keyword) continue;
    if (!hasLower) upper++;
    else if (!hasUpper) lower++;
  }
  if (upper === 0 && lower === 0) return fallback;
  return lower > upper ? 'lower' : 'upper';
}

/** `A-Z`, `a-z` or `_`. */
const isWordChar = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;

/** Whether text[start, end) is `keyword` (upper case) in any case. */
function sameWord(text: string, start: number, end: number, keyword: string): boolean {
  if (end - start !== keyword.length) return false;
  for (let i = 0; i < keyword.length; i++) {
    const c = text.charCodeAt(start + i);
    if ((c >= 0x61 ? c - 0x20 : c) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

export function applyCase(word: string, c: KeywordCase): string {
  return c === 'lower' ? word.toLowerCase() : word.toUpperCase();
}
