/**
 * The EQL lexer as a hand-written scanner: the same tokens, groups and errors as Chevrotain's Lexer over
 * the definitions of lexer.ts (which stay the specification, and the oracle of
 * test/lexer-equivalence.test.ts), without building a Chevrotain Lexer at start-up (~25 ms) and a little
 * faster (~15-30 %) warm. As Chevrotain does, the definitions are tried
 * in their order in `allTokens` (first match wins; a keyword gives way to a longer identifier); the
 * scanner only skips those that cannot start with the next character, and reads names, numbers, blanks
 * and punctuation without regular expressions. `matchAt` finds one token (its end and kind, no object);
 * `scanCompact` writes the fast path's typed arrays with it, `scan` makes Chevrotain token objects.
 */
import type { ILexingError, IToken, TokenType } from 'chevrotain';
import { defaultLexerErrorProvider } from './chevrotain.js';
import * as K from './kinds.js';
import * as T from './lexer.js';

export interface ScanResult {
  tokens: IToken[];
  groups: { bad: IToken[]; comments: IToken[] };
  errors: ILexingError[];
}

type Custom = (text: string, offset: number) => [string] | null;
const exec = (t: TokenType): Custom => (t.PATTERN as { exec: Custom }).exec;
const sticky = (t: TokenType): RegExp => new RegExp((t.PATTERN as RegExp).source, 'y');

const matchTriple = exec(T.TripleString);
const matchBlock = exec(T.BlockComment);
const SINGLE = sticky(T.SingleString);
const QUESTION = sticky(T.QuestionString);
const QUOTED_ID = sticky(T.QuotedIdentifier);

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isIdPart = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The keywords (lexer.ts's KEYWORDS, `in~`, `like~`, `regex~` included) by their first character, with
 * their kinds: a word is looked up without slicing it out of the text. No keyword is a prefix of another.
 */
const KEYWORDS_BY_FIRST: Array<Array<[string, number]> | undefined> = [];
for (const [word, type] of T.KEYWORDS) {
  const c = word.charCodeAt(0);
  (KEYWORDS_BY_FIRST[c] ??= []).push([word, T.allTokens.indexOf(type)]);
}

/** The kind of the keyword spelt by `text[start, end)`, or -1. */
function keywordKind(text: string, start: number, end: number): number {
  const candidates = KEYWORDS_BY_FIRST[text.charCodeAt(start)];
  if (candidates === undefined) return -1;
  const length = end - start;
  for (let k = 0; k < candidates.length; k++) {
    const word = candidates[k][0];
    if (word.length !== length) continue;
    let i = 1;
    while (i < length && word.charCodeAt(i) === text.charCodeAt(start + i)) i++;
    if (i === length) return candidates[k][1];
  }
  return -1;
}

/** The kind of the last match of `matchAt`. */
let kind = 0;
/** Whether the last double-quoted string `matchAt` matched has a backslash (1) or not (0). */
let escaped = 0;

function regexEnd(re: RegExp, text: string, offset: number, k: number): number {
  re.lastIndex = offset;
  if (!re.test(text) || re.lastIndex === offset) return -1;
  kind = k;
  return re.lastIndex;
}

/**
 * A name, keyword or `name~` at `offset` (the first character is one of [A-Za-z_@]). As the definitions
 * order them: `in~`, `like~`, `regex~`; then a keyword, unless a longer `name~` or name starts with it
 * (no keyword being a prefix of another, that is: unless the name is longer than the keyword).
 */
function wordEnd(text: string, offset: number, c: number): number {
  let end = offset + 1;
  while (end < text.length && isIdPart(text.charCodeAt(end))) end++;
  if (isLetter(c) && text.charCodeAt(end) === 126 /* ~ */) {
    const k = keywordKind(text, offset, end + 1);
    kind = k < 0 ? K.K_TildeIdentifier : k;
    return end + 1;
  }
  const k = keywordKind(text, offset, end);
  kind = k < 0 || k === K.K_InInsensitive || k === K.K_LikeInsensitive || k === K.K_RegexInsensitive ? K.K_Identifier : k;
  return end;
}

/**
 * Where the double-quoted string at `offset` ends, as DoubleString's pattern /"(?:\\[^\r\n]|[^"\\\r\n])*"?/
 * reads it: escapes and other characters up to the closing quote, a line end or a backslash that escapes nothing.
 */
function doubleStringEnd(text: string, offset: number): number {
  escaped = 0;
  let i = offset + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) return i + 1;
    if (c === 10 || c === 13) return i;
    if (c === 92 /* \ */) {
      escaped = 1;
      const n = text.charCodeAt(i + 1);
      if (Number.isNaN(n) || n === 10 || n === 13) return i;
      i += 2;
    } else i++;
  }
  return i;
}

/** After the digits of a number ending at `i`: the end of an exponent `[eE][+-]?\d+` there, or `i` when there is none. */
function exponentEnd(text: string, i: number): number {
  const e = text.charCodeAt(i);
  if (e !== 101 && e !== 69) return i;
  let j = i + 1;
  const sign = text.charCodeAt(j);
  if (sign === 43 || sign === 45) j++;
  if (!isDigit(text.charCodeAt(j))) return i;
  while (isDigit(text.charCodeAt(j))) j++;
  return j;
}

/**
 * A number at `offset` (a digit), as DecimalLit's pattern
 * /(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)/ and then IntegerLit's /\d+/ read it.
 */
function numberEnd(text: string, offset: number): number {
  let i = offset + 1;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 46 /* . */) {
    let j = i + 1;
    while (isDigit(text.charCodeAt(j))) j++;
    kind = K.K_DecimalLit;
    return exponentEnd(text, j);
  }
  const e = exponentEnd(text, i);
  kind = e > i ? K.K_DecimalLit : K.K_IntegerLit;
  return e;
}

/** `kind = k`, and `end`. */
function is(k: number, end: number): number {
  kind = k;
  return end;
}

/**
 * The end of the token at `offset` (blanks are WhiteSpace), its kind in `kind`; -1 when no definition
 * matches there.
 */
function matchAt(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  if (code === 32 || code === 9 || code === 10 || code === 13) {
    let end = offset + 1;
    for (let c = text.charCodeAt(end); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++end));
    return is(K.K_WhiteSpace, end);
  }
  if (isLetter(code) || code === 95 /* _ */ || code === 64 /* @ */) return wordEnd(text, offset, code);
  if (isDigit(code)) return numberEnd(text, offset);
  const next = text.charCodeAt(offset + 1);
  switch (code) {
    case 34 /* " */: {
      const triple = next === 34 ? matchTriple(text, offset) : null;
      if (triple) return is(K.K_TripleString, offset + triple[0].length);
      return is(K.K_DoubleString, doubleStringEnd(text, offset));
    }
    case 39 /* ' */:
      return regexEnd(SINGLE, text, offset, K.K_SingleString);
    case 63 /* ? */: {
      const end = next === 34 || next === 39 ? regexEnd(QUESTION, text, offset, K.K_QuestionString) : -1;
      return end >= 0 ? end : is(K.K_Question, offset + 1);
    }
    case 46 /* . */: {
      if (!isDigit(next)) return is(K.K_Dot, offset + 1);
      let j = offset + 2;
      while (isDigit(text.charCodeAt(j))) j++;
      return is(K.K_DecimalLit, exponentEnd(text, j));
    }
    case 47 /* / */: {
      if (next === 47) {
        let end = offset + 2;
        for (let c = text.charCodeAt(end); end < text.length && c !== 10 && c !== 13; c = text.charCodeAt(++end));
        return is(K.K_LineComment, end);
      }
      if (next === 42) {
        const block = matchBlock(text, offset);
        if (block) return is(K.K_BlockComment, offset + block[0].length);
      }
      return is(K.K_Slash, offset + 1);
    }
    case 38 /* & */:
      return next === 38 ? is(K.K_BadOperator, offset + 2) : -1;
    case 124 /* | */:
      return next === 124 ? is(K.K_BadOperator, offset + 2) : is(K.K_Pipe, offset + 1);
    case 96 /* ` */:
      return regexEnd(QUOTED_ID, text, offset, K.K_QuotedIdentifier);
    case 61 /* = */:
      return next === 61 ? is(K.K_Eq, offset + 2) : is(K.K_Assign, offset + 1);
    case 33 /* ! */:
      if (next === 61) return is(K.K_Neq, offset + 2);
      if (next === 91) return is(K.K_MissingOpen, offset + 2);
      return -1;
    case 60 /* < */:
      return next === 61 ? is(K.K_Lte, offset + 2) : is(K.K_Lt, offset + 1);
    case 62 /* > */:
      return next === 61 ? is(K.K_Gte, offset + 2) : is(K.K_Gt, offset + 1);
    case 58 /* : */:
      return is(K.K_Colon, offset + 1);
    case 43 /* + */:
      return is(K.K_Plus, offset + 1);
    case 45 /* - */:
      return is(K.K_Minus, offset + 1);
    case 42 /* * */:
      return is(K.K_Star, offset + 1);
    case 37 /* % */:
      return is(K.K_Percent, offset + 1);
    case 44 /* , */:
      return is(K.K_Comma, offset + 1);
    case 91 /* [ */:
      return is(K.K_LBracket, offset + 1);
    case 93 /* ] */:
      return is(K.K_RBracket, offset + 1);
    case 40 /* ( */:
      return is(K.K_LParen, offset + 1);
    case 41 /* ) */:
      return is(K.K_RParen, offset + 1);
  }
  return -1;
}

/** A token as Chevrotain's 'onlyOffset' lexer makes one, with the inclusive `endOffset` the parser's locations need. */
function token(text: string, startOffset: number, end: number, k: number): IToken {
  const tokenType = T.allTokens[k];
  return { image: text.slice(startOffset, end), startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType, endOffset: end - 1 } as IToken;
}

/**
 * The compact scan of the last `scanCompact` (the fast path's input): `count` tokens, `kinds[i]` (their
 * types' indexes in `allTokens`, kinds.ts), `starts[i]`, `ends[i]` (exclusive); `kinds[count]` is 0 and
 * `starts[count] = ends[count]` the text's length; `escaped[i]`, for a DoubleString only: whether it
 * has a backslash (1) or not (0). The arrays are reused from scan to scan.
 */
export const scanned = { count: 0, kinds: new Uint8Array(256), starts: new Int32Array(256), ends: new Int32Array(256), escaped: new Uint8Array(256) };

function grow(size: number): void {
  const kinds = new Uint8Array(size);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  const escaped = new Uint8Array(size);
  kinds.set(scanned.kinds.subarray(0, Math.min(size, scanned.kinds.length)));
  starts.set(scanned.starts.subarray(0, Math.min(size, scanned.starts.length)));
  ends.set(scanned.ends.subarray(0, Math.min(size, scanned.ends.length)));
  escaped.set(scanned.escaped.subarray(0, Math.min(size, scanned.escaped.length)));
  scanned.kinds = kinds;
  scanned.starts = starts;
  scanned.ends = ends;
  scanned.escaped = escaped;
}

/**
 * Scans `text` into `scanned` when it lexes cleanly, that is when `lex` would report nothing and give at
 * least one token: no characters that no definition matches, no `&&` / `||`, no unterminated block
 * comment. Returns whether it did (false: `lex` and the main path take the text, `scanned` is not valid).
 */
export function scanCompact(text: string): boolean {
  // Buffers grown by a huge text are dropped at the next small one.
  if (scanned.kinds.length > 65536 && text.length < 16384) grow(256);
  let { kinds, starts, ends, escaped: escapes } = scanned;
  let count = 0;
  let offset = 0;
  const length = text.length;
  while (offset < length) {
    let code = text.charCodeAt(offset);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      do code = text.charCodeAt(++offset);
      while (code === 32 || code === 9 || code === 10 || code === 13);
      continue;
    }
    const end = matchAt(text, offset);
    if (end < 0) return false;
    const k = kind;
    if (k <= K.K_BlockComment) {
      if (k === K.K_BadOperator) return false;
      // As lex reports it: a block comment without its closing `*/`.
      if (k === K.K_BlockComment && (end - offset < 4 || text.charCodeAt(end - 1) !== 47 || text.charCodeAt(end - 2) !== 42)) return false;
      offset = end;
      continue;
    }
    if (count + 1 >= kinds.length) {
      grow(kinds.length * 2);
      ({ kinds, starts, ends, escaped: escapes } = scanned);
    }
    kinds[count] = k;
    starts[count] = offset;
    ends[count] = end;
    if (k === K.K_DoubleString) escapes[count] = escaped;
    count++;
    offset = end;
  }
  kinds[count] = K.K_EOF;
  starts[count] = length;
  ends[count] = length;
  scanned.count = count;
  return count > 0;
}

/**
 * Lexes `text` as Chevrotain's Lexer over lexer.ts's definitions does (offsets only, errors skipped).
 * `maxErrors`: keep only the first errors (with their messages), and count the others in `errorCount`
 * (random bytes give one error per run of bad characters: parse reports the first 100 and a count).
 */
export function scan(text: string, maxErrors = Infinity): ScanResult & { errorCount: number } {
  const tokens: IToken[] = [];
  const groups = { bad: [] as IToken[], comments: [] as IToken[] };
  const errors: ILexingError[] = [];
  let errorCount = 0;
  let offset = 0;
  // The match the error loop below found where the dropped characters end (not made twice).
  let nextEnd = -1;
  while (offset < text.length) {
    // Blanks (WhiteSpace, a skipped group) are passed over without a token.
    let code = text.charCodeAt(offset);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      nextEnd = -1;
      do code = text.charCodeAt(++offset);
      while (code === 32 || code === 9 || code === 10 || code === 13);
      continue;
    }
    const end = nextEnd >= 0 ? nextEnd : matchAt(text, offset);
    nextEnd = -1;
    if (end >= 0) {
      const k = kind;
      if (k === K.K_BadOperator) groups.bad.push(token(text, offset, end, k));
      else if (k === K.K_LineComment || k === K.K_BlockComment) groups.comments.push(token(text, offset, end, k));
      else if (k !== K.K_WhiteSpace) tokens.push(token(text, offset, end, k));
      offset = end;
      continue;
    }
    // As Chevrotain does: drop characters up to the next offset where some definition matches.
    const start = offset;
    do offset++;
    while (offset < text.length && (nextEnd = matchAt(text, offset)) < 0);
    if (errorCount++ < maxErrors) {
      errors.push({
        offset: start,
        line: undefined,
        column: undefined,
        length: offset - start,
        message: defaultLexerErrorProvider.buildUnexpectedCharactersMessage(text, start, offset - start, undefined, undefined),
      });
    }
  }
  return { tokens, groups, errors, errorCount };
}
