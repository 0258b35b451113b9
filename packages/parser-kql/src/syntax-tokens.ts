import type { SyntaxToken, SyntaxTokenKind } from '@esql-lint/core';
import type { TokenType } from 'chevrotain';
import * as T from './lexer.js';
import { scan } from './scan.js';

const KINDS = new Map<TokenType, SyntaxTokenKind>([
  [T.Or, 'keyword'], [T.And, 'keyword'], [T.Not, 'keyword'],
  [T.QuotedString, 'string'], [T.UnterminatedString, 'string'],
  [T.Colon, 'operator'], [T.Lte, 'operator'], [T.Gte, 'operator'], [T.Lt, 'operator'], [T.Gt, 'operator'],
  [T.LParen, 'punctuation'], [T.RParen, 'punctuation'], [T.LBrace, 'punctuation'], [T.RBrace, 'punctuation'],
  [T.UnquotedLiteral, 'value'],
]);

/**
 * The tokens of a KQL query with their lexical class, in text order. An unquoted literal is a `value`:
 * the AST says whether it is a field name (before `:`) or a value. Never throws.
 */
export function syntaxTokens(text: string): SyntaxToken[] {
  try {
    const out: SyntaxToken[] = [];
    for (const t of scan(text).tokens) {
      const kind = KINDS.get(t.tokenType);
      if (kind) out.push({ kind, span: { start: t.startOffset, end: t.startOffset + t.image.length } });
    }
    return out;
  } catch {
    return [];
  }
}
