import { commentsIn, type SyntaxToken, type SyntaxTokenKind } from '@esql-lint/core';
import type { TokenType } from './chevrotain.js';
import { lex } from './lexer.js';
import * as T from './tokens.js';

const KINDS = new Map<TokenType, SyntaxTokenKind>();
for (const [type, label] of T.tokenLabels) if (label.kind === 'keyword') KINDS.set(type, 'keyword');
KINDS.set(T.UNKNOWN_CMD, 'keyword');
for (const t of [T.PIPE, T.ASSIGN, T.EQ, T.CIEQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT, T.CAST_OP, T.COLON]) KINDS.set(t, 'operator');
for (const t of [T.SEMICOLON, T.COMMA, T.DOT, T.LP, T.RP, T.OPENING_BRACKET, T.CLOSING_BRACKET, T.LEFT_BRACES, T.RIGHT_BRACES]) KINDS.set(t, 'punctuation');
KINDS.set(T.QUOTED_STRING, 'string');
KINDS.set(T.INTEGER_LITERAL, 'number');
KINDS.set(T.DECIMAL_LITERAL, 'number');
for (const t of [T.UNQUOTED_IDENTIFIER, T.QUOTED_IDENTIFIER, T.ID_PATTERN]) KINDS.set(t, 'name');
for (const t of [T.UNQUOTED_SOURCE, T.ENRICH_POLICY_NAME]) KINDS.set(t, 'source');
for (const t of [T.PARAM, T.NAMED_OR_POSITIONAL_PARAM, T.DOUBLE_PARAMS, T.NAMED_OR_POSITIONAL_DOUBLE_PARAMS]) KINDS.set(t, 'parameter');

/** The tokens of an ES|QL query with their lexical class, comments included, in text order. Never throws. */
export function syntaxTokens(text: string): SyntaxToken[] {
  try {
    const out: SyntaxToken[] = [];
    let previousEnd = 0;
    for (const t of lex(text).tokens) {
      const start = t.startOffset;
      const end = t.endOffset! + 1;
      if (start > previousEnd) out.push(...commentsIn(text, previousEnd, start));
      previousEnd = Math.max(previousEnd, end);
      const kind = KINDS.get(t.tokenType);
      if (kind) out.push({ kind, span: { start, end } });
    }
    out.push(...commentsIn(text, previousEnd, text.length));
    return out;
  } catch {
    return [];
  }
}
