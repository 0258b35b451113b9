import { createToken, type TokenType } from './chevrotain.js';

/**
 * Token types of ES|QL. The lexer (lexer.ts) is mode-aware like Elasticsearch's ANTLR lexer and creates
 * tokens of these types; the parser (parser.ts) consumes them. Every token except PIPE also belongs to
 * the `Garbage` category, which the parser uses to absorb unexpected input up to the next `|`.
 */
export const Garbage = createToken({ name: 'Garbage', pattern: /NEVER_MATCHED_GARBAGE/ });

/** Human readable label of each token type, used in messages and by expectedAt. */
export const tokenLabels = new Map<TokenType, { kind: 'keyword' | 'token'; label: string }>();

function tok(name: string, label: string, kind: 'keyword' | 'token' = 'token', garbage = true): TokenType {
  const t = createToken({ name, pattern: /NEVER_MATCHED/, categories: [] });
  // In the Garbage category: the properties Chevrotain gives a token created with `categories: [Garbage]`
  // and Garbage itself (its parser re-derives them, test/tokens.test.ts checks they agree). Issue 19: with
  // the category given to createToken, each call walked all of Garbage's earlier members again (quadratic
  // over ~110 tokens, ~7 ms of a new process's import).
  if (garbage) {
    t.CATEGORIES!.push(Garbage);
    Garbage.categoryMatchesMap![t.tokenTypeIdx!] = true;
    Garbage.categoryMatches!.push(t.tokenTypeIdx!);
    Garbage.isParent = true;
  }
  tokenLabels.set(t, { kind, label });
  return t;
}
const kw = (name: string, word: string) => tok(name, word.toUpperCase(), 'keyword');

// Source and processing commands (command position).
export const FROM = kw('FROM', 'from');
export const TS = kw('TS', 'ts');
export const ROW = kw('ROW', 'row');
export const SHOW = kw('SHOW', 'show');
export const EXPLAIN = kw('EXPLAIN', 'explain');
export const EXTERNAL = kw('EXTERNAL', 'external');
export const PROMQL = kw('PROMQL', 'promql');
export const SET = kw('SET', 'set');
export const WHERE = kw('WHERE', 'where');
export const EVAL = kw('EVAL', 'eval');
export const STATS = kw('STATS', 'stats');
export const INLINE = kw('INLINE', 'inline');
export const INLINESTATS = kw('INLINESTATS', 'inlinestats');
export const KEEP = kw('KEEP', 'keep');
export const DROP = kw('DROP', 'drop');
export const RENAME = kw('RENAME', 'rename');
export const SORT = kw('SORT', 'sort');
export const LIMIT = kw('LIMIT', 'limit');
export const DISSECT = kw('DISSECT', 'dissect');
export const GROK = kw('GROK', 'grok');
export const ENRICH = kw('ENRICH', 'enrich');
export const MV_EXPAND = kw('MV_EXPAND', 'mv_expand');
export const LOOKUP = kw('LOOKUP', 'lookup');
export const LEFT = kw('LEFT', 'left');
export const RIGHT = kw('RIGHT', 'right');
export const FULL = kw('FULL', 'full');
export const CHANGE_POINT = kw('CHANGE_POINT', 'change_point');
export const FORK = kw('FORK', 'fork');
export const FUSE = kw('FUSE', 'fuse');
export const COMPLETION = kw('COMPLETION', 'completion');
export const RERANK = kw('RERANK', 'rerank');
export const SAMPLE = kw('SAMPLE', 'sample');
export const URI_PARTS = kw('URI_PARTS', 'uri_parts');
export const REGISTERED_DOMAIN = kw('REGISTERED_DOMAIN', 'registered_domain');
export const USER_AGENT = kw('USER_AGENT', 'user_agent');
export const IP_LOCATION = kw('IP_LOCATION', 'ip_location');
export const TS_COLLAPSE = kw('TS_COLLAPSE', 'ts_collapse');
export const DEDUP = kw('DEDUP', 'dedup');
export const METRICS_INFO = kw('METRICS_INFO', 'metrics_info');
export const TS_INFO = kw('TS_INFO', 'ts_info');
export const MMR = kw('MMR', 'mmr');
export const UNKNOWN_CMD = tok('UNKNOWN_CMD', 'command');

// Words of sub-modes.
export const INLINE_STATS = kw('INLINE_STATS', 'stats');
export const JOIN = kw('JOIN', 'join');
export const METADATA = kw('METADATA', 'metadata');
export const INFO = kw('INFO', 'info');
export const AS = kw('AS', 'as');
export const GROUP = kw('GROUP', 'group');
export const SCORE = kw('SCORE', 'score');
export const KEY = kw('KEY', 'key');
export const MMR_LIMIT = kw('MMR_LIMIT', 'limit');

// Expression keywords.
export const AND = kw('AND', 'and');
export const OR = kw('OR', 'or');
export const NOT = kw('NOT', 'not');
export const IN = kw('IN', 'in');
export const IS = kw('IS', 'is');
export const LIKE = kw('LIKE', 'like');
export const RLIKE = kw('RLIKE', 'rlike');
export const NULL = kw('NULL', 'null');
export const TRUE = kw('TRUE', 'true');
export const FALSE = kw('FALSE', 'false');
export const ASC = kw('ASC', 'asc');
export const DESC = kw('DESC', 'desc');
export const NULLS = kw('NULLS', 'nulls');
export const FIRST = kw('FIRST', 'first');
export const LAST = kw('LAST', 'last');
export const BY = kw('BY', 'by');
export const ON = kw('ON', 'on');
export const WITH = kw('WITH', 'with');

// Punctuation and operators.
export const PIPE = tok('PIPE', '|', 'token', false);
export const ASSIGN = tok('ASSIGN', '=');
export const EQ = tok('EQ', '==');
export const CIEQ = tok('CIEQ', '=~');
export const NEQ = tok('NEQ', '!=');
export const LT = tok('LT', '<');
export const LTE = tok('LTE', '<=');
export const GT = tok('GT', '>');
export const GTE = tok('GTE', '>=');
export const PLUS = tok('PLUS', '+');
export const MINUS = tok('MINUS', '-');
export const ASTERISK = tok('ASTERISK', '*');
export const SLASH = tok('SLASH', '/');
export const PERCENT = tok('PERCENT', '%');
export const CAST_OP = tok('CAST_OP', '::');
export const COLON = tok('COLON', ':');
export const SEMICOLON = tok('SEMICOLON', ';');
export const COMMA = tok('COMMA', ',');
export const DOT = tok('DOT', '.');
export const LP = tok('LP', '(');
export const RP = tok('RP', ')');
export const OPENING_BRACKET = tok('OPENING_BRACKET', '[');
export const CLOSING_BRACKET = tok('CLOSING_BRACKET', ']');
export const LEFT_BRACES = tok('LEFT_BRACES', '{');
export const RIGHT_BRACES = tok('RIGHT_BRACES', '}');

// Literals, names and parameters.
export const QUOTED_STRING = tok('QUOTED_STRING', 'string');
export const INTEGER_LITERAL = tok('INTEGER_LITERAL', 'integer');
export const DECIMAL_LITERAL = tok('DECIMAL_LITERAL', 'decimal');
export const UNQUOTED_IDENTIFIER = tok('UNQUOTED_IDENTIFIER', 'field name');
export const QUOTED_IDENTIFIER = tok('QUOTED_IDENTIFIER', '`quoted name`');
export const ID_PATTERN = tok('ID_PATTERN', 'field name or pattern');
export const UNQUOTED_SOURCE = tok('UNQUOTED_SOURCE', 'index pattern');
export const ENRICH_POLICY_NAME = tok('ENRICH_POLICY_NAME', 'enrich policy name');
export const PARAM = tok('PARAM', '?');
export const NAMED_OR_POSITIONAL_PARAM = tok('NAMED_OR_POSITIONAL_PARAM', '?param');
export const DOUBLE_PARAMS = tok('DOUBLE_PARAMS', '??');
export const NAMED_OR_POSITIONAL_DOUBLE_PARAMS = tok('NAMED_OR_POSITIONAL_DOUBLE_PARAMS', '??param');
export const PROMQL_TEXT = tok('PROMQL_TEXT', 'PromQL query');
/** A character the lexer could not make sense of (reported by the lexer, kept so the parser sees it). */
export const INVALID = tok('INVALID', 'invalid character');

export const allTokens: TokenType[] = [Garbage, ...tokenLabels.keys()];

/**
 * Words that start a command, by lower-cased text. Without a prototype: `constructor` or `toString`
 * is a plain name, not an Object.prototype member.
 */
export const commandKeywords: Record<string, TokenType> = Object.assign(Object.create(null) as Record<string, TokenType>, {
  from: FROM, ts: TS, row: ROW, show: SHOW, explain: EXPLAIN, external: EXTERNAL, promql: PROMQL, set: SET,
  where: WHERE, eval: EVAL, stats: STATS, inline: INLINE, inlinestats: INLINESTATS, keep: KEEP, drop: DROP,
  rename: RENAME, sort: SORT, limit: LIMIT, dissect: DISSECT, grok: GROK, enrich: ENRICH, mv_expand: MV_EXPAND,
  lookup: LOOKUP, left: LEFT, right: RIGHT, full: FULL, change_point: CHANGE_POINT, fork: FORK, fuse: FUSE,
  completion: COMPLETION, rerank: RERANK, sample: SAMPLE, uri_parts: URI_PARTS, registered_domain: REGISTERED_DOMAIN,
  metrics_info: METRICS_INFO, ts_info: TS_INFO, mmr: MMR, user_agent: USER_AGENT, ip_location: IP_LOCATION,
  ts_collapse: TS_COLLAPSE, dedup: DEDUP,
});

/** Reserved words of the expression mode: they are never field names there (quote them with backquotes). */
export const expressionKeywords: Record<string, TokenType> = Object.assign(Object.create(null) as Record<string, TokenType>, {
  and: AND, or: OR, not: NOT, in: IN, is: IS, like: LIKE, rlike: RLIKE, null: NULL, true: TRUE, false: FALSE,
  asc: ASC, desc: DESC, nulls: NULLS, first: FIRST, last: LAST, by: BY, on: ON, with: WITH, where: WHERE,
});
