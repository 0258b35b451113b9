import type { SyntaxToken, SyntaxTokenKind } from '@esql-lint/core';
import type { IToken, TokenType } from 'chevrotain';
import * as T from './lexer.js';
import { scan } from './scan.js';

const KINDS = new Map<TokenType, SyntaxTokenKind>();
for (const t of T.KEYWORDS.values()) KINDS.set(t, 'keyword');
for (const t of [T.BadOperator, T.Eq, T.Neq, T.Assign, T.Lte, T.Gte, T.Lt, T.Gt, T.Colon, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Pipe]) KINDS.set(t, 'operator');
for (const t of [T.MissingOpen, T.Dot, T.Comma, T.LBracket, T.RBracket, T.LParen, T.RParen]) KINDS.set(t, 'punctuation');
for (const t of T.STRING_TOKENS) KINDS.set(t, 'string');
KINDS.set(T.IntegerLit, 'number');
KINDS.set(T.DecimalLit, 'number');
for (const t of [T.Identifier, T.TildeIdentifier, T.QuotedIdentifier]) KINDS.set(t, 'name');
KINDS.set(T.Question, 'operator');
KINDS.set(T.LineComment, 'comment');
KINDS.set(T.BlockComment, 'comment');

/** The tokens of an EQL query with their lexical class, comments included, in text order. Never throws. */
export function syntaxTokens(text: string): SyntaxToken[] {
  try {
    const result = scan(text);
    const all: IToken[] = [...result.tokens, ...(result.groups.comments ?? []), ...(result.groups.bad ?? [])];
    const out: SyntaxToken[] = [];
    for (const t of all) {
      const kind = KINDS.get(t.tokenType);
      if (kind) out.push({ kind, span: { start: t.startOffset, end: t.startOffset + t.image.length } });
    }
    return out.sort((a, b) => a.span.start - b.span.start);
  } catch {
    return [];
  }
}
