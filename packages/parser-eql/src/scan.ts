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

/** Token `i` of the compact scan as the token object `scan` makes of it. */
export function scanToken(text: string, i: number): IToken {
  return token(text, scanned.starts[i], scanned.ends[i], scanned.kinds[i]);
}

/**
 * The compact scan of the last `scanCompact` (the fast path's input): `count` tokens, `kinds[i]` (their
 * types' indexes in `allTokens`, kinds.ts), `starts[i]`, `ends[i]` (exclusive); `kinds[count]` is 0 and
 * `starts[count] = ends[count]` the text's length; `escaped[i]`, for a DoubleString only: whether it
 * has a backslash (1) or not (0). The arrays are reused from scan to scan.
 */
export const scanned = {
  count: 0,
  kinds: new Uint8Array(256),
  starts: new Int32Array(256),
  ends: new Int32Array(256),
  escaped: new Uint8Array(256),
  /** The deepest nesting of the last compact scan (up to MAX_NESTING). */
  depth: 0,
  /** The offset of the token past MAX_NESTING (-1: none; the scan stopped there). */
  tooDeep: -1,
  /** The offset where the text stopped lexing cleanly (-1: clean). */
  problem: -1,
};

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
 * comment. Returns whether it did (false: `lex` and the main path take the text, `scanned`'s tokens are
 * not valid). Either way `scanned.depth`, `tooDeep` and `problem` give the whole text's nesting (up to the
 * token past MAX_NESTING, where the scan stops) and its first lexical problem; past a problem the rest is
 * still read for its nesting, with the same tokens, but none is stored.
 */
export function scanCompact(text: string): boolean {
  // Buffers grown by a huge text are dropped at the next small one.
  if (scanned.kinds.length > 65536 && text.length < 16384) grow(256);
  let { kinds, starts, ends, escaped: escapes } = scanned;
  let count = 0;
  let offset = 0;
  const length = text.length;
  nestingStart();
  let clean = true;
  while (offset < length) {
    let code = text.charCodeAt(offset);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      do code = text.charCodeAt(++offset);
      while (code === 32 || code === 9 || code === 10 || code === 13);
      continue;
    }
    const end = matchAt(text, offset);
    if (end < 0) {
      // Not clean: the rest is only read for its nesting (characters dropped one at a time, as `scan` does).
      if (clean) (clean = false), (scanned.problem = offset);
      offset++;
      continue;
    }
    const k = kind;
    if (k <= K.K_BlockComment) {
      // As lex reports it: a block comment without its closing `*/`.
      if (clean && (k === K.K_BadOperator || (k === K.K_BlockComment && (end - offset < 4 || text.charCodeAt(end - 1) !== 47 || text.charCodeAt(end - 2) !== 42)))) {
        clean = false;
        scanned.problem = offset;
      }
      offset = end;
      continue;
    }
    if (!nest(k, offset)) break;
    if (clean) {
      if (count + 1 >= kinds.length) {
        grow(kinds.length * 2);
        ({ kinds, starts, ends, escaped: escapes } = scanned);
      }
      kinds[count] = k;
      starts[count] = offset;
      ends[count] = end;
      if (k === K.K_DoubleString) escapes[count] = escaped;
      count++;
    }
    offset = end;
  }
  scanned.depth = deepest;
  if (!clean || scanned.tooDeep >= 0) return false;
  kinds[count] = K.K_EOF;
  starts[count] = length;
  ends[count] = length;
  scanned.count = count;
  return count > 0;
}

/**
 * How deeply a query may nest (the compact scan decides): each `(`, `[`, `![` open, and each prefix `not`,
 * `-`, `+` whose operand is still being read (the grammar recurses once per prefix operator too). Deeper,
 * `parse` reports the token past the limit, "too deeply nested", and parses nothing. Elasticsearch's EQL
 * parser has no limit of its own: it catches the StackOverflowError of its recursive ANTLR parser ("EQL
 * statement is too large, causing stack overflow when generating the parsing tree"), at a depth that
 * depends on the JVM's thread stack and its JIT. Its ES|QL parser caps expressions at 400 levels (500 was
 * "right below the stack limit" and failed now and then), its SQL parser at 200. 200 keeps every query
 * a person or a generator writes (the detection-rules corpus nests at most 8 levels).
 */
export const MAX_NESTING = 200;

/** The nesting kinds of open brackets, and the prefix operators pending at each. */
const openKinds = new Uint8Array(MAX_NESTING + 1);
const openDepth = new Int32Array(MAX_NESTING + 1);
const openNots = new Int32Array(MAX_NESTING + 1);
const openSigns = new Int32Array(MAX_NESTING + 1);
let brackets = 0;
let depth = 0;
let deepest = 0;
/** Prefix `not`s (open until `and`, `or`, `,` or the bracket's end) and signs (until the next operator) at this level. */
let nots = 0;
let signs = 0;
let previous = K.K_EOF;

/** Kinds after which `-`/`+` are binary and `not` starts a predicate (`a not in (...)`): the end of an operand. */
const OPERAND_END = new Uint8Array(64);
for (const k of [K.K_Identifier, K.K_QuotedIdentifier, K.K_IntegerLit, K.K_DecimalLit, K.K_DoubleString, K.K_TripleString, K.K_SingleString, K.K_QuestionString, K.K_True, K.K_False, K.K_Null, K.K_RParen, K.K_RBracket]) OPERAND_END[k] = 1;
/** Kinds inside an operand (or its predicate): they end no prefix operator. */
const OPERAND_PART = new Uint8Array(64);
for (const k of [K.K_Identifier, K.K_QuotedIdentifier, K.K_TildeIdentifier, K.K_IntegerLit, K.K_DecimalLit, K.K_DoubleString, K.K_TripleString, K.K_SingleString, K.K_QuestionString, K.K_True, K.K_False, K.K_Null, K.K_Question, K.K_Dot, K.K_In, K.K_InInsensitive, K.K_Like, K.K_LikeInsensitive, K.K_Regex, K.K_RegexInsensitive, K.K_Colon, K.K_Not, K.K_Of]) OPERAND_PART[k] = 1;
/** Kinds of the comparison and arithmetic operators: they end the signs before them, not the `not`s. */
const OPERATOR_KIND = new Uint8Array(64);
for (const k of [K.K_Eq, K.K_Neq, K.K_Lt, K.K_Lte, K.K_Gt, K.K_Gte, K.K_Assign, K.K_Plus, K.K_Minus, K.K_Star, K.K_Slash, K.K_Percent]) OPERATOR_KIND[k] = 1;

function nestingStart(): void {
  brackets = depth = deepest = nots = signs = 0;
  previous = K.K_EOF;
  scanned.tooDeep = -1;
  scanned.problem = -1;
}

/** One more level at `offset`; false past MAX_NESTING (noted in `scanned`). */
function deeper(offset: number): boolean {
  if (depth === MAX_NESTING) {
    scanned.tooDeep = offset;
    return false;
  }
  if (++depth > deepest) deepest = depth;
  return true;
}

/**
 * The nesting after token `k` at `offset`: an upper bound of the grammar's recursion (a closer closes
 * the innermost bracket only if it matches it; a prefix operator stays open as long as its operand can
 * last). False when it goes past MAX_NESTING.
 */
function nest(k: number, offset: number): boolean {
  const after = OPERAND_END[previous] === 1;
  previous = k;
  if ((k === K.K_Not || k === K.K_Minus || k === K.K_Plus) && !after) {
    if (k === K.K_Not) nots++;
    else signs++;
    return deeper(offset);
  }
  if (k === K.K_LParen || k === K.K_LBracket || k === K.K_MissingOpen) {
    openKinds[brackets] = k === K.K_LParen ? K.K_LParen : K.K_LBracket;
    openDepth[brackets] = depth;
    openNots[brackets] = nots;
    openSigns[brackets] = signs;
    brackets++;
    nots = signs = 0;
    return deeper(offset);
  }
  if (k === K.K_RParen || k === K.K_RBracket) {
    if (brackets > 0 && openKinds[brackets - 1] === (k === K.K_RParen ? K.K_LParen : K.K_LBracket)) {
      brackets--;
      depth = openDepth[brackets];
      nots = openNots[brackets];
      signs = openSigns[brackets];
    }
    return true;
  }
  if (OPERAND_PART[k] === 1) return true;
  // An operator ends the signs before it; anything else (`and`, `or`, `,`, keywords, pipes) the `not`s too.
  depth -= signs;
  signs = 0;
  if (OPERATOR_KIND[k] !== 1) {
    depth -= nots;
    nots = 0;
  }
  return true;
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
