/**
 * The KQL lexer. Kibana's grammar is a PEG without a separate lexer, so some tokens depend on their
 * surroundings; custom matchers reproduce those rules:
 * - whitespace is ` `, `\t`, `\r`, `\n` and U+00A0 (nothing else);
 * - an unquoted literal runs on across words and stops only at a special character
 *   (`\ ( ) : < > " * { }`, `*` excepted: it is a wildcard inside the literal), at the end of the input, or
 *   where a keyword starts: whitespace + `or`/`and` + whitespace, or `not` + whitespace (even in the
 *   middle of a word: `cannot be` stops after `can`);
 * - `or` / `and` are operators only after a complete term (a literal, a quoted string, `)` or `}`) and
 *   with whitespace on both sides; elsewhere they are plain words (`a or or b` is `a` or `"or b"`);
 * - `not` followed by whitespace is always the NOT operator.
 */
import { createToken, Lexer, type IToken, type TokenType } from './chevrotain.js';

export const isSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00A0';

/** Characters that end an unquoted literal unless escaped (`*` is a wildcard inside it). */
const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);
export const isSpecial = (c: string | undefined): boolean => c !== undefined && SPECIAL.has(c);

const HEX4 = /^[0-9a-f]{4}$/i;

/** Payload of an unquoted literal token: its value as Kibana computes it. */
export interface LiteralPayload {
  /** Unescaped and trimmed (JavaScript `trim()`, as Kibana does). */
  value: string;
  /** Contains an unescaped `*`. */
  wildcard: boolean;
  /** Exactly one unescaped `*` and nothing else (after trimming): `field:*` is an exists query. */
  loneWildcard: boolean;
  /** Starts with an unescaped `*` (after trimming) and is not a lone `*`. */
  leadingWildcard: boolean;
}

function keywordAt(text: string, i: number, word: string): boolean {
  return text.substr(i, word.length).toLowerCase() === word;
}

/** Where Kibana's `Keyword` lookahead matches: `␣or␣`, `␣and␣` or `not␣`. */
function keywordStartsAt(text: string, i: number): boolean {
  const c = text[i];
  if (isSpace(c)) {
    if (keywordAt(text, i + 1, 'or') && isSpace(text[i + 3])) return true;
    if (keywordAt(text, i + 1, 'and') && isSpace(text[i + 4])) return true;
    return false;
  }
  return (c === 'n' || c === 'N') && keywordAt(text, i, 'not') && isSpace(text[i + 3]);
}

/** Length of a valid escape sequence at `i` (a backslash) and the characters it stands for, or undefined. */
export function escapeAt(text: string, i: number): { length: number; chars: string } | undefined {
  const n = text[i + 1];
  if (n === undefined) return undefined;
  if (n === 't') return { length: 2, chars: '\t' };
  if (n === 'r') return { length: 2, chars: '\r' };
  if (n === 'n') {
    // `\n` is a newline, but `\not` is the escaped keyword; Kibana tries the whitespace escape first.
    return { length: 2, chars: '\n' };
  }
  if (isSpecial(n)) return { length: 2, chars: n };
  if (n === 'u') {
    const hex = text.substr(i + 2, 4);
    if (HEX4.test(hex)) return { length: 6, chars: String.fromCharCode(parseInt(hex, 16)) };
  }
  for (const kw of ['or', 'and', 'not']) {
    if (keywordAt(text, i + 1, kw)) return { length: 1 + kw.length, chars: text.substr(i + 1, kw.length) };
  }
  return undefined;
}

type Match = [string] & { payload?: unknown };

function matchUnquoted(text: string, offset: number): Match | null {
  let i = offset;
  // The value with wildcards marked, built from runs of plain characters (sliced, not appended one by one).
  let chars = '';
  let run = i;
  let wildcards = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      const esc = escapeAt(text, i);
      if (!esc) break;
      chars += text.slice(run, i) + esc.chars;
      i += esc.length;
      run = i;
      continue;
    }
    if (c === '*') {
      chars += text.slice(run, i) + '\u0000*';
      wildcards++;
      i++;
      run = i;
      continue;
    }
    if (SPECIAL.has(c) || keywordStartsAt(text, i)) break;
    i++;
  }
  chars += text.slice(run, i);
  let end = i;
  while (end > offset && isSpace(text[end - 1])) end--;
  if (end === offset) return null;
  // Wildcards are marked with a NUL prefix while scanning so that escaped `\*` stays a plain character.
  const marked = chars.trim();
  const value = marked.includes('\u0000') ? marked.replace(/\u0000\*/g, '*') : marked;
  const loneWildcard = marked === '\u0000*';
  const m = [text.slice(offset, end)] as Match;
  const leadingWildcard = !loneWildcard && marked.startsWith('\u0000*');
  m.payload = { value, wildcard: wildcards > 0, loneWildcard, leadingWildcard } satisfies LiteralPayload;
  return m;
}

const TERM_ENDERS = new Set<string>(['UnquotedLiteral', 'QuotedString', 'RParen', 'RBrace']);

function keywordMatcher(word: string) {
  return (text: string, offset: number, tokens: IToken[]): Match | null => {
    if (!keywordAt(text, offset, word)) return null;
    if (!isSpace(text[offset - 1]) || !isSpace(text[offset + word.length])) return null;
    const prev = tokens[tokens.length - 1];
    if (!prev || !TERM_ENDERS.has(prev.tokenType.name)) return null;
    return [text.substr(offset, word.length)] as Match;
  };
}

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\u00A0]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const Or = createToken({
  name: 'Or',
  label: "'or'",
  pattern: { exec: keywordMatcher('or') },
  line_breaks: false,
  start_chars_hint: ['o', 'O'],
});
export const And = createToken({
  name: 'And',
  label: "'and'",
  pattern: { exec: keywordMatcher('and') },
  line_breaks: false,
  start_chars_hint: ['a', 'A'],
});
export const Not = createToken({
  name: 'Not',
  label: "'not'",
  pattern: {
    exec: (text: string, offset: number): Match | null =>
      keywordAt(text, offset, 'not') && isSpace(text[offset + 3]) ? ([text.substr(offset, 3)] as Match) : null,
  },
  line_breaks: false,
  start_chars_hint: ['n', 'N'],
});
export const QuotedString = createToken({
  name: 'QuotedString',
  label: 'quoted string',
  // A backslash escapes only `\` and `"`; any other backslash is a plain character. The alternatives do
  // not overlap, so the regular expression cannot backtrack into accepting `"a\"` (which Kibana rejects).
  pattern: /"(?:[^"\\]|\\[\\"]|\\(?![\\"]))*"/,
  line_breaks: true,
});
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  label: 'unterminated quoted string',
  pattern: /"(?:[^"\\]|\\[\\"]|\\(?![\\"]))*/,
  line_breaks: true,
});
export const LParen = createToken({ name: 'LParen', label: "'('", pattern: '(' });
export const RParen = createToken({ name: 'RParen', label: "')'", pattern: ')' });
export const LBrace = createToken({ name: 'LBrace', label: "'{'", pattern: '{' });
export const RBrace = createToken({ name: 'RBrace', label: "'}'", pattern: '}' });
export const Colon = createToken({ name: 'Colon', label: "':'", pattern: ':' });
export const RangeOp = createToken({ name: 'RangeOp', label: 'range operator', pattern: Lexer.NA });
export const Lte = createToken({ name: 'Lte', label: "'<='", pattern: '<=', categories: RangeOp });
export const Gte = createToken({ name: 'Gte', label: "'>='", pattern: '>=', categories: RangeOp });
export const Lt = createToken({ name: 'Lt', label: "'<'", pattern: '<', categories: RangeOp });
export const Gt = createToken({ name: 'Gt', label: "'>'", pattern: '>', categories: RangeOp });
export const UnquotedLiteral = createToken({
  name: 'UnquotedLiteral',
  label: 'value',
  pattern: { exec: (text: string, offset: number) => matchUnquoted(text, offset) },
  line_breaks: true,
});
/** A backslash that starts no valid escape: Kibana rejects it. */
export const BadEscape = createToken({ name: 'BadEscape', label: "'\\'", pattern: '\\' });

export const allTokens: TokenType[] = [
  WhiteSpace,
  Or,
  And,
  Not,
  QuotedString,
  UnterminatedString,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Colon,
  Lte,
  Gte,
  Lt,
  Gt,
  RangeOp,
  UnquotedLiteral,
  BadEscape,
];

/** `validate`: Chevrotain's checks of the token definitions; the lexer in use skips them (start-up time), tests run them. */
export function createLexer(validate = false): Lexer {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: !validate });
}

let lexer: Lexer | undefined;

export function getLexer(): Lexer {
  lexer ??= createLexer();
  return lexer;
}
