import type { ExpectedItem } from '@esql-lint/core';
import type { IToken } from 'chevrotain';
import { And, Not, Or, UnquotedLiteral, UnterminatedString } from './lexer.js';
import { lex } from './parse.js';
import { getParser } from './parser.js';
import { scanCompact, scanned } from './scan.js';

const PUNCTUATION: Record<string, string[]> = {
  LParen: ['('],
  RParen: [')'],
  LBrace: ['{'],
  RBrace: ['}'],
  Colon: [':'],
  RangeOp: ['<', '<=', '>', '>='],
  Lt: ['<'],
  Lte: ['<='],
  Gt: ['>'],
  Gte: ['>='],
};
const KEYWORDS: Record<string, string> = { Or: 'or', And: 'and', Not: 'not' };

/**
 * What may come next at `offset`: keywords (`and`, `or`, `not`), punctuation, and `field` / `value` for
 * literals. A word (or an unterminated quoted string) that touches `offset` is taken as being typed and is not part of the context.
 */
export function expectedAt(text: string, offset: number): ExpectedItem[] {
  try {
    const at = Math.max(0, Math.min(offset, text.length));
    // Past MAX_NESTING the query is "nested too deeply" and parses no further: nothing is expected (content
    // assist's time grows faster than the nesting).
    scanCompact(text.slice(0, at));
    if (scanned.tooDeep >= 0) return [];
    let tokens: IToken[] = lex(text.slice(0, at));
    const last = tokens[tokens.length - 1];
    if (last && last.startOffset + last.image.length === at && [UnquotedLiteral, UnterminatedString, Or, And, Not].includes(last.tokenType)) {
      tokens = tokens.slice(0, -1);
    }
    const paths = getParser().computeContentAssist('query', tokens);
    const out: ExpectedItem[] = [];
    const seen = new Set<string>();
    const add = (kind: ExpectedItem['kind'], label: string) => {
      const key = kind + ' ' + label;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ kind, label });
      }
    };
    for (const p of paths) {
      const name = p.nextTokenType.name;
      if (KEYWORDS[name]) add('keyword', KEYWORDS[name]);
      else if (PUNCTUATION[name]) for (const l of PUNCTUATION[name]) add('token', l);
      else if (name === 'UnquotedLiteral' || name === 'QuotedString') {
        const stack = p.ruleStack;
        const n = stack.length;
        // The first `literal` of an `expression` is a field name or a free-text value; the second a range bound.
        if (stack[n - 2] === 'expression' && p.occurrenceStack[n - 1] === 0) add('token', 'field');
        add('token', 'value');
      }
    }
    return out;
  } catch {
    return [];
  }
}
