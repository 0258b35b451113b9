/** Completion support: what may come next at an offset. */
import type { ExpectedItem } from '@esql-lint/core';
import type { TokenType } from 'chevrotain';
import { KEYWORDS } from './lexer.js';
import { scan, scanCompact, scanned } from './scan.js';
import { getParser } from './parser.js';

const KEYWORD_OF = new Map([...KEYWORDS].map(([word, t]) => [t, word]));

const TOKEN_LABELS: Record<string, string> = {
  Identifier: 'identifier',
  QuotedIdentifier: 'backquoted field',
  TildeIdentifier: 'function~',
  DoubleString: 'string',
  TripleString: 'string',
  SingleString: 'string',
  QuestionString: 'string',
  IntegerLit: 'number',
  DecimalLit: 'number',
};

/** Tokens Elasticsearch rejects: never suggested. */
const NEVER_SUGGESTED = new Set(['SingleString', 'QuestionString', 'Assign']);

function itemOf(t: TokenType): ExpectedItem | undefined {
  if (NEVER_SUGGESTED.has(t.name)) return undefined;
  const kw = KEYWORD_OF.get(t);
  if (kw) return { kind: 'keyword', label: kw };
  const label = TOKEN_LABELS[t.name] ?? (t.LABEL ? t.LABEL.replace(/^'(.*)'$/, '$1') : t.name);
  return { kind: 'token', label };
}

/**
 * What may come next at `offset` in `text`: keywords (`where`, `by`, ...) and token classes
 * (`identifier`, `string`, `number`, punctuation). A word being typed right before `offset` is
 * completed, not followed: its own position is what is computed.
 */
export function expectedAt(text: string, offset: number): ExpectedItem[] {
  try {
    const at = Math.max(0, Math.min(offset, text.length));
    // Past MAX_NESTING the query is "nested too deeply" and parses no further: nothing is expected (content
    // assist's time grows faster than the nesting: seconds at a thousand levels).
    scanCompact(text.slice(0, at));
    if (scanned.tooDeep >= 0) return [];
    const tokens = scan(text.slice(0, at)).tokens;
    const last = tokens[tokens.length - 1];
    if (last && last.startOffset + last.image.length === at && /^[A-Za-z_@`?]/.test(last.image)) tokens.pop();
    const suggestions = getParser().computeContentAssist('statement', tokens);
    const out: ExpectedItem[] = [];
    const seen = new Set<string>();
    for (const s of suggestions) {
      const item = itemOf(s.nextTokenType);
      if (!item) continue;
      const key = `${item.kind}:${item.label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(item);
    }
    return out;
  } catch {
    return [];
  }
}
