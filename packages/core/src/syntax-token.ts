import type { Span } from './span.js';

/**
 * The lexical class of a token of a query language, as its lexer sees it (no AST yet): what editors
 * colour before they know which word is a field, a function or a column. `name` is an identifier,
 * `value` a KQL unquoted value (a field name or a value: only the AST tells), `source` an ES|QL index
 * pattern or enrich policy name.
 */
export type SyntaxTokenKind =
  | 'keyword' | 'operator' | 'punctuation' | 'string' | 'number' | 'comment' | 'parameter' | 'name' | 'value' | 'source';

export interface SyntaxToken {
  kind: SyntaxTokenKind;
  /** Query offsets, half-open. */
  span: Span;
}

/**
 * The comments between `start` and `end` of `text`, a stretch a lexer skipped (white space and
 * comments only): `//` to the end of the line, `/* *\/` nested.
 */
export function commentsIn(text: string, start: number, end: number): SyntaxToken[] {
  const out: SyntaxToken[] = [];
  let i = start;
  while (i < end) {
    if (text[i] === '/' && text[i + 1] === '/') {
      const from = i;
      while (i < end && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ kind: 'comment', span: { start: from, end: i } });
    } else if (text[i] === '/' && text[i + 1] === '*') {
      const from = i;
      i = Math.min(blockCommentEnd(text, i).end, end);
      out.push({ kind: 'comment', span: { start: from, end: i } });
    } else i++;
  }
  return out;
}

/**
 * The end of the `/* ... *\/` comment at `start` (nested comments count, as in Elasticsearch's
 * grammars); an unterminated comment runs to the end of the text.
 */
export function blockCommentEnd(text: string, start: number): { end: number; terminated: boolean } {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return { end: i, terminated: true };
    } else i++;
  }
  return { end: text.length, terminated: false };
}
