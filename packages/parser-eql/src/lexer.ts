/**
 * EQL tokens, modelled on Elasticsearch's EqlBase.g4 lexer: lowercase (case-sensitive) keywords,
 * `@`-starting identifiers, backquoted identifiers, double-quoted and triple-quoted strings. Tokens
 * that Elasticsearch lexes but then rejects (single-quoted and `?"` strings, `=`) are lexed here too,
 * so that the builder can explain the rejection.
 */
import type { CustomPatternMatcherReturn, ITokenConfig, TokenType } from 'chevrotain';

/**
 * The first `tokenTypeIdx` of EQL's token types. Issue 19 (start-up): the token types are made here, not by
 * Chevrotain's createToken, so that a clean query (scan.ts and fast.ts) evaluates no Chevrotain and no
 * lodash; the reference parser and lexer take these same objects. createToken numbers token types from one
 * counter of Chevrotain's (EOF is 1, then every createToken call: ES|QL's ~110 in the bundles); ours are
 * numbered from here, apart from that range (test/eql-token-types.test.ts), and below 4096 (core's recovery
 * caches key on it).
 */
export const TOKEN_TYPE_IDX_BASE = 512;

/** Chevrotain's Lexer.SKIPPED (the group of tokens the lexer drops). */
const SKIPPED = 'This marks a skipped Token pattern, this means each token identified by it will be consumed and then thrown into oblivion, this can be used to for example to completely ignore whitespace.';

/** Every token type, in the order made. */
export const definedTokens: TokenType[] = [];

/**
 * A token type with the properties Chevrotain's createToken gives one (in its order; no categories: EQL
 * has none), numbered from TOKEN_TYPE_IDX_BASE.
 */
function createToken(config: ITokenConfig): TokenType {
  const t = { name: config.name } as TokenType & Record<string, unknown>;
  if (config.pattern !== undefined) t.PATTERN = config.pattern;
  t.tokenTypeIdx = TOKEN_TYPE_IDX_BASE + definedTokens.length;
  t.CATEGORIES = [];
  t.categoryMatches = [];
  t.categoryMatchesMap = {};
  t.isParent = false;
  if ('label' in config) t.LABEL = config.label;
  if ('group' in config) t.GROUP = config.group;
  if ('pop_mode' in config) t.POP_MODE = config.pop_mode;
  if ('push_mode' in config) t.PUSH_MODE = config.push_mode;
  if ('longer_alt' in config) t.LONGER_ALT = config.longer_alt;
  if ('line_breaks' in config) t.LINE_BREAKS = config.line_breaks;
  if ('start_chars_hint' in config) t.START_CHARS_HINT = config.start_chars_hint;
  definedTokens.push(t);
  return t;
}

const ID_START = /[A-Za-z_@]/;
const ID_PART = /[A-Za-z0-9_]/;

/** Only these four, as in Elasticsearch's lexer: other blanks (no-break space, form feed...) are errors there. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: SKIPPED });
/** `&&` and `||`: not EQL; lexed aside (as errors) so that the message can name them. */
export const BadOperator = createToken({ name: 'BadOperator', pattern: /&&|\|\|/, group: 'bad' });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });

/** `/* ... *\/`, nested as in Elasticsearch's grammar. Unterminated comments are lexed to the end (reported by the builder). */
function matchBlockComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (!text.startsWith('/*', offset)) return null;
  let depth = 0;
  let i = offset;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) break;
    } else i++;
  }
  return [text.slice(offset, i)] as unknown as CustomPatternMatcherReturn;
}
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  line_breaks: true,
  start_chars_hint: ['/'],
  group: 'comments',
});

/**
 * `"""raw"""`: up to the first `"""`, plus at most two more quotes, on one line (as the ANTLR rule
 * does). Unterminated (or broken by a line end): up to the end of the line.
 */
function matchTripleString(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (!text.startsWith('"""', offset)) return null;
  let close = text.indexOf('"""', offset + 3);
  const lineEnd = text.slice(offset).search(/[\r\n]/);
  if (lineEnd >= 0 && (close < 0 || close > offset + lineEnd)) close = -1;
  if (close < 0) return [text.slice(offset, lineEnd >= 0 ? offset + lineEnd : text.length)] as unknown as CustomPatternMatcherReturn;
  let end = close + 3;
  if (text[end] === '"') end++;
  if (text[end] === '"') end++;
  return [text.slice(offset, end)] as unknown as CustomPatternMatcherReturn;
}
export const TripleString = createToken({
  name: 'TripleString',
  pattern: { exec: matchTripleString },
  start_chars_hint: ['"'],
});
/** A double-quoted string; an unterminated one stops at the end of the line (reported by the builder). */
export const DoubleString = createToken({ name: 'DoubleString', pattern: /"(?:\\[^\r\n]|[^"\\\r\n])*"?/ });
/** Rejected by Elasticsearch ("use double quotes"), lexed to explain it. */
export const SingleString = createToken({ name: 'SingleString', pattern: /'(?:\\[^\r\n]|[^'\\\r\n])*'?/ });
/** `?"..."` / `?'...'`: the legacy unescaped strings, rejected by Elasticsearch. */
export const QuestionString = createToken({ name: 'QuestionString', pattern: /\?(?:"(?:\\"|[^"\r\n])*"|'(?:\\'|[^'\r\n])*')/ });

export const DecimalLit = createToken({
  name: 'DecimalLit',
  pattern: /(?:\d+\.\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)/,
});
export const IntegerLit = createToken({ name: 'IntegerLit', pattern: /\d+/ });

export const TildeIdentifier = createToken({ name: 'TildeIdentifier', pattern: /[A-Za-z][A-Za-z0-9_]*~/ });
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_@][A-Za-z0-9_]*/ });
/** `` `any text` `` with ``` `` ``` for a backquote. Unterminated: to the end of the line. */
export const QuotedIdentifier = createToken({ name: 'QuotedIdentifier', pattern: /`(?:``|[^`\r\n])*`?/ });

const keywordTokens: Record<string, TokenType> = {};
function keyword(word: string, name = word[0].toUpperCase() + word.slice(1)): TokenType {
  const t = createToken({
    name,
    label: `'${word}'`,
    pattern: new RegExp(word),
    longer_alt: word.endsWith('~') ? undefined : [TildeIdentifier, Identifier],
  });
  keywordTokens[word] = t;
  return t;
}

// `in~`, `like~`, `regex~` first: longer than `in`, `like`, `regex`.
export const InInsensitive = keyword('in~', 'InInsensitive');
export const LikeInsensitive = keyword('like~', 'LikeInsensitive');
export const RegexInsensitive = keyword('regex~', 'RegexInsensitive');
export const And = keyword('and');
export const Any = keyword('any');
export const By = keyword('by');
export const False = keyword('false');
export const In = keyword('in');
export const Join = keyword('join');
export const Like = keyword('like');
export const Maxspan = keyword('maxspan');
export const Not = keyword('not');
export const Null = keyword('null');
export const Of = keyword('of');
export const Or = keyword('or');
export const Regex = keyword('regex');
export const Sample = keyword('sample');
export const Sequence = keyword('sequence');
export const True = keyword('true');
export const Until = keyword('until');
export const Where = keyword('where');
export const With = keyword('with');

export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map(Object.entries(keywordTokens));

export const Eq = createToken({ name: 'Eq', pattern: /==/, label: "'=='" });
export const Neq = createToken({ name: 'Neq', pattern: /!=/, label: "'!='" });
export const MissingOpen = createToken({ name: 'MissingOpen', pattern: /!\[/, label: "'!['" });
export const Assign = createToken({ name: 'Assign', pattern: /=/, label: "'='" });
export const Lte = createToken({ name: 'Lte', pattern: /<=/, label: "'<='" });
export const Gte = createToken({ name: 'Gte', pattern: />=/, label: "'>='" });
export const Lt = createToken({ name: 'Lt', pattern: /</, label: "'<'" });
export const Gt = createToken({ name: 'Gt', pattern: />/, label: "'>'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Plus = createToken({ name: 'Plus', pattern: /\+/, label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: /-/, label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: /\//, label: "'/'" });
export const Percent = createToken({ name: 'Percent', pattern: /%/, label: "'%'" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });
export const Pipe = createToken({ name: 'Pipe', pattern: /\|/, label: "'|'" });
export const Question = createToken({ name: 'Question', pattern: /\?/, label: "'?'" });

Identifier.LABEL = 'field or name';
TildeIdentifier.LABEL = 'function name';
QuotedIdentifier.LABEL = 'backquoted field';
DoubleString.LABEL = 'string';
TripleString.LABEL = 'string';
SingleString.LABEL = 'string';
QuestionString.LABEL = 'string';
IntegerLit.LABEL = 'integer';
DecimalLit.LABEL = 'number';

export const allTokens: TokenType[] = [
  WhiteSpace,
  BadOperator,
  LineComment,
  BlockComment,
  TripleString,
  DoubleString,
  SingleString,
  QuestionString,
  DecimalLit,
  IntegerLit,
  InInsensitive,
  LikeInsensitive,
  RegexInsensitive,
  And,
  Any,
  By,
  False,
  In,
  Join,
  Like,
  Maxspan,
  Not,
  Null,
  Of,
  Or,
  Regex,
  Sample,
  Sequence,
  True,
  Until,
  Where,
  With,
  TildeIdentifier,
  Identifier,
  QuotedIdentifier,
  Eq,
  Neq,
  MissingOpen,
  Gte,
  Assign,
  Lte,
  Lt,
  Gt,
  Colon,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Dot,
  Comma,
  LBracket,
  RBracket,
  LParen,
  RParen,
  Pipe,
  Question,
];

export const STRING_TOKENS: ReadonlySet<TokenType> = new Set([DoubleString, TripleString, SingleString, QuestionString]);

// Chevrotain's Lexer over these definitions (the specification of scan.ts; tests): reference-lexer.ts.
export { createLexer } from './reference-lexer.js';

export function isIdentifierStart(c: string): boolean {
  return ID_START.test(c);
}
export function isIdentifierPart(c: string): boolean {
  return ID_PART.test(c);
}
