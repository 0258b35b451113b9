/**
 * The EQL lexer as a hand-written scanner: the same tokens, groups and errors as Chevrotain's Lexer over
 * the definitions of lexer.ts (which stay the specification, and the oracle of
 * test/lexer-equivalence.test.ts), without building a Chevrotain Lexer at start-up (~25 ms) and a little
 * faster (~15-30 %) warm. As Chevrotain does, the definitions are tried
 * in their order in `allTokens` (first match wins; a keyword gives way to a longer identifier); the
 * scanner only skips those that cannot start with the next character, and reads names, blanks and
 * punctuation without regular expressions.
 */
import type { ILexingError, IToken, TokenType } from 'chevrotain';
import { defaultLexerErrorProvider } from './chevrotain.js';
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
const DECIMAL = sticky(T.DecimalLit);
const INTEGER = sticky(T.IntegerLit);
const QUOTED_ID = sticky(T.QuotedIdentifier);
const LINE_COMMENT = sticky(T.LineComment);

/** The keywords by their word (`in~`, `like~`, `regex~` included). No keyword is a prefix of another. */
const KEYWORD_TYPES: ReadonlyMap<string, TokenType> = T.KEYWORDS;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isIdPart = (c: number) => isLetter(c) || (c >= 48 && c <= 57) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** A token as Chevrotain's 'onlyOffset' lexer makes one, with the inclusive `endOffset` the parser's locations need. */
function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType, endOffset: startOffset + image.length - 1 } as IToken;
}

function regexToken(re: RegExp, text: string, offset: number, tokenType: TokenType): IToken | undefined {
  re.lastIndex = offset;
  const m = re.exec(text);
  return m && m[0].length > 0 ? token(m[0], offset, tokenType) : undefined;
}

/**
 * A name, keyword or `name~` at `offset` (the first character is one of [A-Za-z_@]). As the definitions
 * order them: `in~`, `like~`, `regex~`; then a keyword, unless a longer `name~` or name starts with it
 * (no keyword being a prefix of another, that is: unless the name is longer than the keyword).
 */
function word(text: string, offset: number, c: number): IToken {
  let end = offset + 1;
  while (end < text.length && isIdPart(text.charCodeAt(end))) end++;
  if (isLetter(c) && text.charCodeAt(end) === 126 /* ~ */) {
    const image = text.slice(offset, end + 1);
    const type = KEYWORD_TYPES.get(image);
    return token(image, offset, type ?? T.TildeIdentifier);
  }
  const image = text.slice(offset, end);
  const type = KEYWORD_TYPES.get(image);
  return token(image, offset, type === undefined || type === T.InInsensitive || type === T.LikeInsensitive || type === T.RegexInsensitive ? T.Identifier : type);
}

/**
 * Where the double-quoted string at `offset` ends, as DoubleString's pattern /"(?:\\[^\r\n]|[^"\\\r\n])*"?/
 * reads it: escapes and other characters up to the closing quote, a line end or a backslash that escapes nothing.
 */
function doubleStringEnd(text: string, offset: number): number {
  let i = offset + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) return i + 1;
    if (c === 10 || c === 13) return i;
    if (c === 92 /* \ */) {
      const n = text.charCodeAt(i + 1);
      if (Number.isNaN(n) || n === 10 || n === 13) return i;
      i += 2;
    } else i++;
  }
  return i;
}

/** The token at `offset` (blanks give `WhiteSpace`), or undefined when no definition matches there. */
function match(text: string, offset: number): IToken | undefined {
  const code = text.charCodeAt(offset);
  if (code === 32 || code === 9 || code === 10 || code === 13) {
    let end = offset + 1;
    for (let c = text.charCodeAt(end); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++end));
    return token(text.slice(offset, end), offset, T.WhiteSpace);
  }
  if (isLetter(code) || code === 95 /* _ */ || code === 64 /* @ */) return word(text, offset, code);
  const c = text[offset];
  const next = text[offset + 1];
  switch (c) {
    case '"': {
      const triple = matchTriple(text, offset);
      if (triple) return token(triple[0], offset, T.TripleString);
      return token(text.slice(offset, doubleStringEnd(text, offset)), offset, T.DoubleString);
    }
    case "'":
      return regexToken(SINGLE, text, offset, T.SingleString);
    case '?':
      return regexToken(QUESTION, text, offset, T.QuestionString) ?? token('?', offset, T.Question);
    case '.':
      return regexToken(DECIMAL, text, offset, T.DecimalLit) ?? token('.', offset, T.Dot);
    case '/':
      if (next === '/') return regexToken(LINE_COMMENT, text, offset, T.LineComment);
      if (next === '*') {
        const block = matchBlock(text, offset);
        if (block) return token(block[0], offset, T.BlockComment);
      }
      return token('/', offset, T.Slash);
    case '&':
      return next === '&' ? token('&&', offset, T.BadOperator) : undefined;
    case '|':
      return next === '|' ? token('||', offset, T.BadOperator) : token('|', offset, T.Pipe);
    case '`':
      return regexToken(QUOTED_ID, text, offset, T.QuotedIdentifier);
    case '=':
      return next === '=' ? token('==', offset, T.Eq) : token('=', offset, T.Assign);
    case '!':
      if (next === '=') return token('!=', offset, T.Neq);
      if (next === '[') return token('![', offset, T.MissingOpen);
      return undefined;
    case '<':
      return next === '=' ? token('<=', offset, T.Lte) : token('<', offset, T.Lt);
    case '>':
      return next === '=' ? token('>=', offset, T.Gte) : token('>', offset, T.Gt);
  }
  if (isDigit(code)) return regexToken(DECIMAL, text, offset, T.DecimalLit) ?? regexToken(INTEGER, text, offset, T.IntegerLit);
  switch (c) {
    case ':':
      return token(c, offset, T.Colon);
    case '+':
      return token(c, offset, T.Plus);
    case '-':
      return token(c, offset, T.Minus);
    case '*':
      return token(c, offset, T.Star);
    case '%':
      return token(c, offset, T.Percent);
    case ',':
      return token(c, offset, T.Comma);
    case '[':
      return token(c, offset, T.LBracket);
    case ']':
      return token(c, offset, T.RBracket);
    case '(':
      return token(c, offset, T.LParen);
    case ')':
      return token(c, offset, T.RParen);
  }
  return undefined;
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
  // The token the error loop below found where the dropped characters end (the next match, not made twice).
  let next: IToken | undefined;
  while (offset < text.length) {
    // Blanks (WhiteSpace, a skipped group) are passed over without a token.
    let code = text.charCodeAt(offset);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      next = undefined;
      do code = text.charCodeAt(++offset);
      while (code === 32 || code === 9 || code === 10 || code === 13);
      continue;
    }
    const t = next ?? match(text, offset);
    next = undefined;
    if (t) {
      const type = t.tokenType;
      if (type === T.BadOperator) groups.bad.push(t);
      else if (type === T.LineComment || type === T.BlockComment) groups.comments.push(t);
      else if (type !== T.WhiteSpace) tokens.push(t);
      offset += t.image.length;
      continue;
    }
    // As Chevrotain does: drop characters up to the next offset where some definition matches.
    const start = offset;
    do offset++;
    while (offset < text.length && !(next = match(text, offset)));
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
