/**
 * The KQL lexer as a hand-written scanner: the same tokens and errors as Chevrotain's Lexer over the
 * definitions of lexer.ts (which stay the specification, and the oracle of test/lexer-equivalence.test.ts),
 * without trying every pattern at every character. The token definitions are tried in their order in
 * `allTokens`, first match wins; the scanner only skips those that cannot match the next character.
 */
import type { ILexingError, IToken, TokenType } from 'chevrotain';
import { defaultLexerErrorProvider } from './chevrotain.js';
import {
  And,
  BadEscape,
  Colon,
  Gt,
  Gte,
  LBrace,
  LParen,
  Lt,
  Lte,
  Not,
  Or,
  QuotedString,
  RBrace,
  RParen,
  UnquotedLiteral,
  UnterminatedString,
  WhiteSpace,
  escapeAt,
} from './lexer.js';

export interface ScanResult {
  tokens: IToken[];
  errors: ILexingError[];
}

type Custom = (text: string, offset: number, tokens: IToken[]) => ({ 0: string; payload?: unknown } | null);
const exec = (t: TokenType): Custom => (t.PATTERN as { exec: Custom }).exec;
const sticky = (t: TokenType): RegExp => new RegExp((t.PATTERN as RegExp).source, 'y');

const WHITESPACE = sticky(WhiteSpace);
const QUOTED = sticky(QuotedString);
const UNTERMINATED = sticky(UnterminatedString);
const matchOr = exec(Or);
const matchAnd = exec(And);
const matchNot = exec(Not);
const matchUnquoted = exec(UnquotedLiteral);

function token(image: string, startOffset: number, tokenType: TokenType, payload?: unknown): IToken {
  const t = { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType } as IToken;
  if (payload !== undefined && payload !== null) t.payload = payload;
  return t;
}

const single = (t: TokenType): string => t.PATTERN as string;

/**
 * The token at `offset` (whitespace gives `WhiteSpace`), or undefined when no definition matches there.
 * `tokens`: those matched so far (the keyword matchers look at the previous one).
 */
function match(text: string, offset: number, tokens: IToken[]): IToken | undefined {
  const c = text[offset];
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\u00A0': {
      WHITESPACE.lastIndex = offset;
      const m = WHITESPACE.exec(text)!;
      return token(m[0], offset, WhiteSpace);
    }
    case '"': {
      QUOTED.lastIndex = offset;
      const q = QUOTED.exec(text);
      if (q) return token(q[0], offset, QuotedString);
      UNTERMINATED.lastIndex = offset;
      return token(UNTERMINATED.exec(text)![0], offset, UnterminatedString);
    }
    case '(':
      return token(single(LParen), offset, LParen);
    case ')':
      return token(single(RParen), offset, RParen);
    case '{':
      return token(single(LBrace), offset, LBrace);
    case '}':
      return token(single(RBrace), offset, RBrace);
    case ':':
      return token(single(Colon), offset, Colon);
    case '<':
      return text[offset + 1] === '=' ? token(single(Lte), offset, Lte) : token(single(Lt), offset, Lt);
    case '>':
      return text[offset + 1] === '=' ? token(single(Gte), offset, Gte) : token(single(Gt), offset, Gt);
    case 'o':
    case 'O': {
      const m = matchOr(text, offset, tokens);
      if (m) return token(m[0], offset, Or);
      break;
    }
    case 'a':
    case 'A': {
      const m = matchAnd(text, offset, tokens);
      if (m) return token(m[0], offset, And);
      break;
    }
    case 'n':
    case 'N': {
      const m = matchNot(text, offset, tokens);
      if (m) return token(m[0], offset, Not);
      break;
    }
  }
  const m = matchUnquoted(text, offset, tokens);
  if (m) return token(m[0], offset, UnquotedLiteral, m.payload);
  if (c === '\\') return token(single(BadEscape), offset, BadEscape);
  return undefined;
}

/** Lexes `text` as Chevrotain's Lexer over lexer.ts's definitions does (offsets only, errors skipped). */
export function scan(text: string, maxErrors = Infinity): ScanResult & { errorCount: number } {
  const tokens: IToken[] = [];
  const errors: ILexingError[] = [];
  let errorCount = 0;
  let offset = 0;
  // The token the error loop below found where the dropped characters end (same offset, same tokens
  // before it: the match is not made twice).
  let next: IToken | undefined;
  while (offset < text.length) {
    const t = next ?? match(text, offset, tokens);
    next = undefined;
    if (t) {
      if (t.tokenType !== WhiteSpace) tokens.push(t);
      offset += t.image.length;
      continue;
    }
    // As Chevrotain does: drop characters up to the next offset where some definition matches.
    const start = offset;
    do offset++;
    while (offset < text.length && !(next = match(text, offset, tokens)));
    // `maxErrors`: past it errors are only counted (parse reports the first 100 and a count).
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
  return { tokens, errors, errorCount };
}

// ---------------------------------------------------------------------------------------------------------
// The compact scan, for parse's fast path (fast.ts): the same tokens as `scan` (test/kql-fast-diff.test.ts
// compares them), written as kinds and offsets into reused typed arrays instead of token objects, and only
// for texts that lex cleanly: `scanCompact` gives up (false) where `parse` would report anything lexical.

/** Token kinds: the index of the token type in lexer.ts's `allTokens` (0, WhiteSpace, never stored: the end). */
export const K_END = 0;
export const K_OR = 1;
export const K_AND = 2;
export const K_NOT = 3;
export const K_QUOTED = 4;
export const K_LPAREN = 6;
export const K_RPAREN = 7;
export const K_LBRACE = 8;
export const K_RBRACE = 9;
export const K_COLON = 10;
export const K_LTE = 11;
export const K_GTE = 12;
export const K_LT = 13;
export const K_GT = 14;
export const K_UNQUOTED = 16;

/** Flag of an unquoted literal with an escape or a `*` (its value is not its trimmed text). */
export const F_UNQUOTED_SPECIAL = 1;
/** Flag of a quoted string with a backslash (its value is not its content). */
export const F_QUOTED_ESCAPED = 2;

const INITIAL = 256;

/**
 * How deeply a query may nest `(` and `{` (query groups, value lists, nested queries): deeper, `parse`
 * reports the opening bracket past it, "nested too deeply", and parses nothing. Kibana's grammar has no
 * limit of its own: its parser recurses until the JavaScript stack runs out and then throws (a
 * RangeError, not a KQL syntax error), at a depth that depends on the stack and on V8's frames (about a
 * thousand levels or more in Node's default stack, by the generated parser's 4-5 calls per level). 500
 * keeps every query a person or a generator writes (the detection-rules corpus nests at most a few
 * levels) and keeps the parse of a query at the limit far inside any stack (measured: ARCHITECTURE.md).
 */
export const MAX_NESTING = 500;

/**
 * The last compact scan: `count` tokens, then a K_END sentinel. Reused from text to text. Also the
 * nesting it saw: `depth` the deepest (up to MAX_NESTING), `tooDeep` the offset of the bracket that went
 * past MAX_NESTING (-1: none; the scan stopped there), `problem` the offset where the text stopped being
 * clean (-1: clean; an unterminated string, an invalid escape, or a `*` when wildcards are refused).
 */
export const scanned = {
  count: 0,
  kinds: new Uint8Array(INITIAL),
  starts: new Int32Array(INITIAL),
  ends: new Int32Array(INITIAL),
  flags: new Uint8Array(INITIAL),
  depth: 0,
  tooDeep: -1,
  problem: -1,
};

/** The open brackets (their kinds) of the scan: a closer closes the innermost one only if it matches. */
const open = new Uint8Array(MAX_NESTING + 1);
let depth = 0;
let deepest = 0;

/** Counts the bracket (kind `kind` at `offset`); false when it goes past MAX_NESTING (noted in `scanned`). */
function nest(kind: number, offset: number): boolean {
  if (kind === K_LPAREN || kind === K_LBRACE) {
    if (depth === MAX_NESTING) {
      scanned.tooDeep = offset;
      return false;
    }
    open[depth++] = kind;
    if (depth > deepest) deepest = depth;
  } else if (depth > 0 && open[depth - 1] === (kind === K_RPAREN ? K_LPAREN : K_LBRACE)) depth--;
  return true;
}

/**
 * The nesting of the rest of a text that stopped being clean at `from` (a token's start): the same
 * brackets as the tokens would have (strings and escapes skipped as the lexer reads them), no tokens.
 */
function nestRest(text: string, from: number): void {
  const len = text.length;
  let i = from;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A quoted string; without its closing quote it runs to the end (an unterminated string).
      let j = i + 1;
      while (j < len) {
        const d = text.charCodeAt(j);
        if (d === 34) break;
        j += d === 92 && (text.charCodeAt(j + 1) === 92 || text.charCodeAt(j + 1) === 34) ? 2 : 1;
      }
      i = j + 1;
    } else if (c === 92) {
      // An escape inside an unquoted literal, or a lone `\` (BadEscape) before the next token.
      i += escapeAt(text, i)?.length ?? 1;
    } else {
      if (c === 40 || c === 123) {
        if (!nest(c === 40 ? K_LPAREN : K_LBRACE, i)) return;
      } else if (c === 41 || c === 125) nest(c === 41 ? K_RPAREN : K_RBRACE, i);
      i++;
    }
  }
}

function grow(): void {
  const size = scanned.kinds.length * 2;
  const kinds = new Uint8Array(size);
  kinds.set(scanned.kinds);
  const starts = new Int32Array(size);
  starts.set(scanned.starts);
  const ends = new Int32Array(size);
  ends.set(scanned.ends);
  const flags = new Uint8Array(size);
  flags.set(scanned.flags);
  Object.assign(scanned, { kinds, starts, ends, flags });
}

/** KQL whitespace: ` `, `\t`, `\r`, `\n`, U+00A0 (lexer.ts `isSpace`). */
const sp = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
/** `c` (a char code) lower-cased if it is an ASCII capital. */
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
/** The kinds after which `or` / `and` are operators (lexer.ts TERM_ENDERS). */
const termEnder = (k: number): boolean => k === K_UNQUOTED || k === K_QUOTED || k === K_RPAREN || k === K_RBRACE;

/**
 * Scans `text` into `scanned`. True when it lexes cleanly: every character in a token, no unterminated
 * string, no invalid escape (`BadEscape`), and, with `noWildcards` (allowLeadingWildcards: false), no `*`
 * in an unquoted literal, and nests at most MAX_NESTING deep. False otherwise (`scanned`'s tokens are then
 * left partial); its nesting is then still that of the whole text, up to the bracket past MAX_NESTING.
 */
export function scanCompact(text: string, noWildcards = false): boolean {
  depth = 0;
  deepest = 0;
  scanned.tooDeep = -1;
  scanned.problem = -1;
  const at = scanTokens(text, noWildcards);
  if (at >= 0 && scanned.tooDeep < 0) {
    scanned.problem = at;
    nestRest(text, at);
  }
  scanned.depth = deepest;
  return at < 0 && scanned.tooDeep < 0;
}

/** The tokens of `scanCompact`: -1 when clean, else the offset of the token where it stopped. */
function scanTokens(text: string, noWildcards: boolean): number {
  // A huge text grew the arrays: a small one gets small arrays again.
  if (scanned.kinds.length > 65536 && text.length < 65536) {
    scanned.kinds = new Uint8Array(INITIAL);
    scanned.starts = new Int32Array(INITIAL);
    scanned.ends = new Int32Array(INITIAL);
    scanned.flags = new Uint8Array(INITIAL);
  }
  const len = text.length;
  let n = 0;
  let prev = K_END;
  let i = 0;
  while (i < len) {
    const c = text.charCodeAt(i);
    if (sp(c)) {
      i++;
      continue;
    }
    let kind = K_END;
    let end = i + 1;
    let flag = 0;
    switch (c) {
      case 34: {
        // `"(?:[^"\\]|\\[\\"]|\\(?![\\"]))*"`; without its closing quote, an unterminated string.
        let j = i + 1;
        for (;;) {
          if (j >= len) return i;
          const d = text.charCodeAt(j);
          if (d === 34) break;
          if (d === 92) {
            flag = F_QUOTED_ESCAPED;
            const e = text.charCodeAt(j + 1);
            j += e === 92 || e === 34 ? 2 : 1;
          } else j++;
        }
        kind = K_QUOTED;
        end = j + 1;
        break;
      }
      case 40:
        kind = K_LPAREN;
        break;
      case 41:
        kind = K_RPAREN;
        break;
      case 123:
        kind = K_LBRACE;
        break;
      case 125:
        kind = K_RBRACE;
        break;
      case 58:
        kind = K_COLON;
        break;
      case 60:
        if (text.charCodeAt(i + 1) === 61) (kind = K_LTE), (end = i + 2);
        else kind = K_LT;
        break;
      case 62:
        if (text.charCodeAt(i + 1) === 61) (kind = K_GTE), (end = i + 2);
        else kind = K_GT;
        break;
      case 111:
      case 79:
        if (lower(text.charCodeAt(i + 1)) === 114 && sp(text.charCodeAt(i + 2)) && sp(text.charCodeAt(i - 1)) && termEnder(prev)) (kind = K_OR), (end = i + 2);
        break;
      case 97:
      case 65:
        if (lower(text.charCodeAt(i + 1)) === 110 && lower(text.charCodeAt(i + 2)) === 100 && sp(text.charCodeAt(i + 3)) && sp(text.charCodeAt(i - 1)) && termEnder(prev))
          (kind = K_AND), (end = i + 3);
        break;
      case 110:
      case 78:
        if (lower(text.charCodeAt(i + 1)) === 111 && lower(text.charCodeAt(i + 2)) === 116 && sp(text.charCodeAt(i + 3))) (kind = K_NOT), (end = i + 3);
        break;
    }
    if (kind === K_END) {
      // An unquoted literal (lexer.ts matchUnquoted): up to a special character or a keyword's start.
      let j = i;
      while (j < len) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          const esc = escapeAt(text, j);
          if (!esc) break;
          flag = F_UNQUOTED_SPECIAL;
          j += esc.length;
          continue;
        }
        if (d === 42) {
          if (noWildcards) return i;
          flag = F_UNQUOTED_SPECIAL;
          j++;
          continue;
        }
        if (d === 40 || d === 41 || d === 58 || d === 60 || d === 62 || d === 34 || d === 123 || d === 125) break;
        if (sp(d)) {
          const a = lower(text.charCodeAt(j + 1));
          if (a === 111 && lower(text.charCodeAt(j + 2)) === 114 && sp(text.charCodeAt(j + 3))) break;
          if (a === 97 && lower(text.charCodeAt(j + 2)) === 110 && lower(text.charCodeAt(j + 3)) === 100 && sp(text.charCodeAt(j + 4))) break;
        } else if ((d === 110 || d === 78) && lower(text.charCodeAt(j + 1)) === 111 && lower(text.charCodeAt(j + 2)) === 116 && sp(text.charCodeAt(j + 3))) break;
        j++;
      }
      while (j > i && sp(text.charCodeAt(j - 1))) j--;
      // Nothing matched (a `\` that escapes nothing is BadEscape: an error either way).
      if (j === i) return i;
      kind = K_UNQUOTED;
      end = j;
    }
    if (n + 1 >= scanned.kinds.length) grow();
    scanned.kinds[n] = kind;
    scanned.starts[n] = i;
    scanned.ends[n] = end;
    scanned.flags[n] = flag;
    n++;
    prev = kind;
    if (kind >= K_LPAREN && kind <= K_RBRACE && !nest(kind, i)) return i;
    i = end;
  }
  scanned.kinds[n] = K_END;
  scanned.count = n;
  return -1;
}
