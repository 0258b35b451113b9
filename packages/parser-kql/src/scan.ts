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
