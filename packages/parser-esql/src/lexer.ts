import { createTokenInstance, type IToken, type TokenType } from './chevrotain.js';
import { blockCommentEnd, MAX_DIAGNOSTICS_PER_CODE, diagnostic, summaryDiagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import * as T from './tokens.js';

/**
 * A mode-aware lexer, following the lexer modes of Elasticsearch's ANTLR grammar: each command word
 * switches to the mode of its arguments (expressions, index patterns, field-name patterns, enrich policy
 * names...), `|` goes back to command position, and parentheses nest (FORK branches and FROM
 * subqueries start a new command position inside parentheses).
 */
type Mode =
  | 'cmd' | 'expr' | 'from' | 'project' | 'rename' | 'mvexpand' | 'enrich' | 'enrichField' | 'join' | 'show'
  | 'inline' | 'fork' | 'fuse' | 'changepoint' | 'mmr' | 'set' | 'promql' | 'explain';

interface Frame {
  mode: Mode;
  closer?: ')' | ']';
}

const commandModes: Record<string, Mode> = {
  from: 'from', ts: 'from', keep: 'project', drop: 'project', rename: 'rename', mv_expand: 'mvexpand',
  enrich: 'enrich', lookup: 'join', left: 'join', right: 'join', full: 'join', show: 'show', inline: 'inline',
  fork: 'fork', fuse: 'fuse', change_point: 'changepoint', mmr: 'mmr', set: 'set', promql: 'promql',
  explain: 'explain',
};

// Character classes of ASCII codes (every other code is none of them): the hot loops test codes, not
// one-character strings.
const DIGIT = 1;
const LETTER = 2;
const ID_BODY = 4;
const WS = 8;
/** Characters that end an unquoted index pattern (with white space). */
const SOURCE_STOP = 16;
/** `|`, parentheses and brackets (the structural tokens of every mode). */
const STRUCTURAL = 32;
/** `/`, which may start a comment (white space aside). */
const TRIVIA_START = 64;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (ch >= '0' && ch <= '9') CLASS[c] |= DIGIT | ID_BODY;
  if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) CLASS[c] |= LETTER | ID_BODY;
  if (ch === '_') CLASS[c] |= ID_BODY;
  if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') CLASS[c] |= WS;
  if (':"=|,[]()'.includes(ch)) CLASS[c] |= SOURCE_STOP;
  if ('|()[]'.includes(ch)) CLASS[c] |= STRUCTURAL;
  if (ch === '/') CLASS[c] |= TRIVIA_START;
}
/** Whether the code `c` (NaN past the end) is of class `k`. */
const is = (c: number, k: number) => c < 128 && (CLASS[c] & k) !== 0;

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isIdBody = (c: string) => isLetter(c) || isDigit(c) || c === '_';
const isWs = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** The operator or punctuation token at a character (and the next), as the grammar's longest match. */
function punctuation(c: string, next: string | undefined): TokenType | undefined {
  switch (c) {
    case ':': return next === ':' ? T.CAST_OP : T.COLON;
    case '=': return next === '=' ? T.EQ : next === '~' ? T.CIEQ : T.ASSIGN;
    case '!': return next === '=' ? T.NEQ : undefined;
    case '<': return next === '=' ? T.LTE : T.LT;
    case '>': return next === '=' ? T.GTE : T.GT;
    case '+': return T.PLUS;
    case '-': return T.MINUS;
    case '*': return T.ASTERISK;
    case '/': return T.SLASH;
    case '%': return T.PERCENT;
    case '{': return T.LEFT_BRACES;
    case '}': return T.RIGHT_BRACES;
    case ',': return T.COMMA;
    case '.': return T.DOT;
    case ';': return T.SEMICOLON;
  }
  return undefined;
}

/**
 * The expression keywords, lower-cased, by length and first letter (`length * 32 + (code & 31)`: none is
 * longer than 5 characters; a bucket holds one or two words).
 */
const KEYWORD_BUCKETS: string[][] = [];
const KEYWORD_BUCKET_TYPES: TokenType[][] = [];
for (const [word, type] of Object.entries(T.expressionKeywords)) {
  const b = word.length * 32 + (word.charCodeAt(0) & 31);
  (KEYWORD_BUCKETS[b] ??= []).push(word);
  (KEYWORD_BUCKET_TYPES[b] ??= []).push(type);
}

/**
 * `T.expressionKeywords[text.slice(start, end).toLowerCase()]` for a word of ASCII letters, digits and
 * '_', without the string: `code | 32` lower-cases a letter and maps no other word character to one.
 */
function expressionKeyword(text: string, start: number, end: number): TokenType | undefined {
  const len = end - start;
  if (len < 2 || len > 5) return undefined;
  const first = text.charCodeAt(start) | 32;
  // Word characters map to distinct buckets: letters to 1..26 by `& 31`, '_' and '@' (not first letters of a keyword) to 31 and 0.
  const b = len * 32 + (first & 31);
  const words = KEYWORD_BUCKETS[b];
  if (words === undefined) return undefined;
  next: for (let w = 0; w < words.length; w++) {
    const word = words[w];
    if (word.charCodeAt(0) !== first) continue;
    for (let k = 1; k < len; k++) if ((text.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) continue next;
    return KEYWORD_BUCKET_TYPES[b][w];
  }
  return undefined;
}

export interface LexResult {
  tokens: IToken[];
  diagnostics: Diagnostic[];
}

/**
 * The tokens of the last `scan`, without an object per token: `count` tokens, the i-th of type
 * `TOKEN_TYPES[kinds[i]]` (its tokenTypeIdx) over `text.slice(starts[i], ends[i])`, then a kind 0. Reused from scan to
 * scan (grown when a text has more tokens): the fast path (fast.ts) reads it at once; `tokensOf` makes
 * Chevrotain's token objects of it for the reference path and the other consumers.
 */
export const scanned = {
  count: 0,
  kinds: new Uint16Array(1024),
  starts: new Int32Array(1024),
  ends: new Int32Array(1024),
  /**
   * Which of Elasticsearch's depth limits the text goes past (LIMIT_NONE, LIMIT_EXPRESSION,
   * LIMIT_COMMANDS: the first one the scan reached), and the range of the token or command past it.
   */
  limit: 0,
  limitStart: 0,
  limitEnd: 0,
  /** The deepest nesting of the text (an upper bound of the parsers' recursion, see `nestToken`). */
  nesting: 0,
};

/** No limit is exceeded. */
export const LIMIT_NONE = 0;
/** The expressions nest deeper than MAX_EXPRESSION_DEPTH. */
export const LIMIT_EXPRESSION = 1;
/** The query has more than MAX_QUERY_DEPTH processing commands. */
export const LIMIT_COMMANDS = 2;

/**
 * Elasticsearch's ExpressionBuilder.MAX_EXPRESSION_DEPTH: its parser refuses a query whose expressions
 * nest deeper ("ESQL statement exceeded the maximum expression depth allowed (400)"). Since
 * elasticsearch#149971 (May 2026: main, and the 8.19, 9.3 and 9.4 branches) it also checks the token
 * stream before parsing: the depth of `(` (every `(` of the query, a `)` takes one off) plus the
 * length of the current run of adjacent prefix-operator tokens (`not`, `-`, `+`; white space, a comment or any other token but `(`
 * and `)` ends the run) must stay at most 400. While it builds the tree it also counts the nesting of
 * the expressions themselves (a `not` or a sign separated by spaces counts there).
 */
export const MAX_EXPRESSION_DEPTH = 400;

/**
 * Elasticsearch's LogicalPlanBuilder.MAX_QUERY_DEPTH: at most 500 processing commands in a query (each
 * `| command` of the main pipeline, and of an EXPLAIN's query on top of it; not those inside a FROM
 * subquery or a FORK branch): "ESQL statement exceeded the maximum query depth allowed (500)".
 */
export const MAX_QUERY_DEPTH = 500;

/** Token type by tokenTypeIdx. */
export const TOKEN_TYPES: TokenType[] = [];
for (const t of T.allTokens) TOKEN_TYPES[t.tokenTypeIdx!] = t;

function grow(): void {
  const size = scanned.kinds.length * 2;
  const kinds = new Uint16Array(size);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  kinds.set(scanned.kinds);
  starts.set(scanned.starts);
  ends.set(scanned.ends);
  scanned.kinds = kinds;
  scanned.starts = starts;
  scanned.ends = ends;
}

/** Chevrotain's token objects of the last scan (of `text`). */
export function tokensOf(text: string): IToken[] {
  const { count, kinds, starts, ends } = scanned;
  const tokens: IToken[] = [];
  for (let k = 0; k < count; k++) {
    const start = starts[k];
    const end = ends[k];
    tokens.push(createTokenInstance(TOKEN_TYPES[kinds[k]], text.slice(start, end), start, end - 1, NaN, NaN, NaN, NaN));
  }
  return tokens;
}

export function lex(text: string): LexResult {
  const diagnostics = scan(text);
  return { tokens: tokensOf(text), diagnostics };
}

// The lexer's state during a scan (module-level, so that its functions are plain functions V8 compiles
// and inlines once, not closures made again for every query).
let text = '';
let n = 0;
let i = 0;
let count = 0;
let kinds = scanned.kinds;
let starts = scanned.starts;
let ends = scanned.ends;
let diagnostics: Diagnostic[] = [];
let stack: Frame[] = [];
/** The mode of the top frame (kept with the stack: the scan loop reads it at every token). */
let mode: Mode = 'cmd';
// Past the cap, errors are only counted (random bytes give one per character).
let dropped = 0;
let firstDropped: Span | undefined;
// How many frames of the stack each closer would pop to: popCloser decides in O(1) whether to pop
// (scanning the stack for every unmatched ')' or ']' was quadratic on random input).
let openParens = 0;
let openBrackets = 0;

function error(message: string, start: number, end: number) {
  if (diagnostics.length <= MAX_DIAGNOSTICS_PER_CODE) diagnostics.push(diagnostic('syntax-error', 'error', message, { start, end: Math.max(end, start) }));
  else if (dropped++ === 0) firstDropped = { start, end: Math.max(end, start) };
}
function emit(type: TokenType, start: number, end: number): void {
  if (count === kinds.length) {
    grow();
    ({ kinds, starts, ends } = scanned);
  }
  const kind = type.tokenTypeIdx!;
  kinds[count] = kind;
  starts[count] = start;
  ends[count] = end;
  count++;
  // Nesting: only brackets and prefix operators count (and, while prefix operators are pending, any
  // token may end them); nothing is stored for the others.
  if (NESTS[kind] === 1 || pending !== 0) nestToken(kind, start, end);
}

// ------------------------------------------------------------ nesting and Elasticsearch's depth limits

/** Token kinds that `nestToken` must see: brackets and prefix operators. */
const NESTS = new Uint8Array(256);
for (const t of [T.LP, T.RP, T.OPENING_BRACKET, T.CLOSING_BRACKET, T.NOT, T.MINUS, T.PLUS]) NESTS[t.tokenTypeIdx!] = 1;
const K_LP = T.LP.tokenTypeIdx!;
const K_RP = T.RP.tokenTypeIdx!;
const K_OPEN_BRACKET = T.OPENING_BRACKET.tokenTypeIdx!;
const K_CLOSE_BRACKET = T.CLOSING_BRACKET.tokenTypeIdx!;
const K_NOT = T.NOT.tokenTypeIdx!;
const K_MINUS = T.MINUS.tokenTypeIdx!;
const K_PLUS = T.PLUS.tokenTypeIdx!;
const K_IS = T.IS.tokenTypeIdx!;
const K_PIPE = T.PIPE.tokenTypeIdx!;
/** Kinds after which `-`/`+` are binary and `not` is part of an infix `not in`/`not like`: an operand's end. */
const OPERAND_END = new Uint8Array(256);
for (const t of [
  T.UNQUOTED_IDENTIFIER, T.QUOTED_IDENTIFIER, T.INTEGER_LITERAL, T.DECIMAL_LITERAL, T.QUOTED_STRING, T.TRUE, T.FALSE, T.NULL,
  T.RP, T.CLOSING_BRACKET, T.PARAM, T.NAMED_OR_POSITIONAL_PARAM, T.DOUBLE_PARAMS, T.NAMED_OR_POSITIONAL_DOUBLE_PARAMS,
]) OPERAND_END[t.tokenTypeIdx!] = 1;
/** Kinds inside an operand or its predicate suffix: they end no pending prefix operator. */
const OPERAND_PART = new Uint8Array(256);
for (const t of [
  T.UNQUOTED_IDENTIFIER, T.QUOTED_IDENTIFIER, T.INTEGER_LITERAL, T.DECIMAL_LITERAL, T.QUOTED_STRING, T.TRUE, T.FALSE, T.NULL,
  T.PARAM, T.NAMED_OR_POSITIONAL_PARAM, T.DOUBLE_PARAMS, T.NAMED_OR_POSITIONAL_DOUBLE_PARAMS, T.DOT, T.CAST_OP, T.IN, T.LIKE,
  T.RLIKE, T.IS, T.COLON, T.FIRST, T.LAST,
]) OPERAND_PART[t.tokenTypeIdx!] = 1;
/** The binary operators after an operand: they end the signs before them, not the `not`s. */
const OPERATOR = new Uint8Array(256);
for (const t of [T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ, T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT]) OPERATOR[t.tokenTypeIdx!] = 1;

// Elasticsearch's pre-scan (MAX_EXPRESSION_DEPTH): the `(` depth (it may go below 0) and the current
// run of adjacent prefix-operator tokens (`runLast`: the index of its last token, or of a parenthesis
// after it, which does not end it).
let parenDepth = 0;
let run = 0;
let runLast = -1;
// The parsers' nesting: each open `(` or `[`, and each prefix `not` (pending until `and`, `or`, `,`, a
// closer...) or sign (until the next operator) whose operand is still being read. Both parsers recurse
// once per level of it (and at most that: a closer closes the innermost bracket only if it matches it).
let depth = 0;
let deepest = 0;
let pending = 0;
let nots = 0;
let signs = 0;
let brackets = 0;
/** How many of the open brackets are `[`. */
let squares = 0;
const openKinds = new Uint16Array(2 * MAX_EXPRESSION_DEPTH + 2);
const openDepth = new Int32Array(2 * MAX_EXPRESSION_DEPTH + 2);
const openNots = new Int32Array(2 * MAX_EXPRESSION_DEPTH + 2);
const openSigns = new Int32Array(2 * MAX_EXPRESSION_DEPTH + 2);
let commands = 0;
/**
 * The command frames whose processing commands count towards MAX_QUERY_DEPTH (the query's own, an
 * EXPLAIN's), each with whether its source command was read (frames keep one shape: the scan loop
 * reads their mode at every token).
 */
const counting = new Map<Frame, boolean>();
/** The query's own command frame (the bottom of the stack; not in `counting`), and whether its source command was read. */
let rootFrame: Frame | undefined;
let rootSeen = false;
let lost = false;

function nestingStart(): void {
  parenDepth = run = 0;
  runLast = -1;
  depth = deepest = pending = nots = signs = brackets = squares = commands = 0;
  lost = false;
  scanned.limit = LIMIT_NONE;
  scanned.limitStart = scanned.limitEnd = 0;
}

function pastLimit(limit: number, start: number, end: number): void {
  scanned.limit = limit;
  scanned.limitStart = start;
  scanned.limitEnd = end;
}

/** The nesting after the token of `kind` at `start..end` (just stored as token `count - 1`). */
function nestToken(kind: number, start: number, end: number): void {
  if (scanned.limit !== LIMIT_NONE || lost) return;
  // Elasticsearch's count: white space or a comment before the token ends the run, as does any token
  // but a prefix operator or a parenthesis (a token that does not get here ends it too).
  const previous = count - 2;
  if (runLast !== previous || previous < 0 || ends[previous] !== start) run = 0;
  if (kind === K_LP) parenDepth++;
  else if (kind === K_RP) parenDepth--;
  else if (kind === K_NOT || kind === K_MINUS || kind === K_PLUS) run++;
  else run = 0;
  runLast = count - 1;
  if (parenDepth + run > MAX_EXPRESSION_DEPTH) return pastLimit(LIMIT_EXPRESSION, start, end);
  // The parsers' nesting.
  const before = count > 1 ? kinds[count - 2] : 0;
  if ((kind === K_NOT || kind === K_MINUS || kind === K_PLUS) && OPERAND_END[before] !== 1 && !(kind === K_NOT && before === K_IS)) {
    if (kind === K_NOT) nots++;
    else signs++;
    pending++;
    deeper(start, end, 1);
    return;
  }
  if (kind === K_LP || kind === K_OPEN_BRACKET) {
    if (brackets === openKinds.length) {
      // Only `[`s can get here (more `(`s are past the limit): too deep for the arrays, not a limit of
      // Elasticsearch's (which reports a syntax error at the second `[`). The parsers' nesting is then
      // no longer followed: it is "deep" from here on.
      lost = true;
      deepest = Number.MAX_SAFE_INTEGER;
      return;
    }
    openKinds[brackets] = kind;
    openDepth[brackets] = depth;
    openNots[brackets] = nots;
    openSigns[brackets] = signs;
    brackets++;
    if (kind === K_OPEN_BRACKET) squares++;
    pending = nots = signs = 0;
    deeper(start, end, kind === K_LP ? 1 : 0);
    return;
  }
  if (kind === K_RP || kind === K_CLOSE_BRACKET) {
    if (brackets > 0 && openKinds[brackets - 1] === (kind === K_RP ? K_LP : K_OPEN_BRACKET)) {
      brackets--;
      if (kind === K_CLOSE_BRACKET) squares--;
      depth = openDepth[brackets];
      nots = openNots[brackets];
      signs = openSigns[brackets];
      pending = nots + signs;
    }
    return;
  }
  if (OPERAND_PART[kind] === 1) return;
  // An operator ends the signs before it; anything else (`and`, `or`, `,`, keywords, pipes) the `not`s too.
  depth -= signs;
  pending -= signs;
  signs = 0;
  if (OPERATOR[kind] !== 1) {
    depth -= nots;
    pending -= nots;
    nots = 0;
  }
}

/**
 * One more level of the parsers' nesting. A level of `(` or of prefix operators counts towards
 * MAX_EXPRESSION_DEPTH too (`counts` 1: Elasticsearch's tree builder counts each of them), a `[` only
 * towards the nesting (ES|QL has no nested arrays: Elasticsearch reports a syntax error there).
 */
function deeper(start: number, end: number, counts: number): void {
  depth++;
  if (depth > deepest) deepest = depth;
  if (counts === 1 && depth - squares > MAX_EXPRESSION_DEPTH) pastLimit(LIMIT_EXPRESSION, start, end);
}
function top(): Frame {
  return stack[stack.length - 1];
}
function push(f: Frame) {
  if (f.closer === ')') openParens++;
  else if (f.closer === ']') openBrackets++;
  stack.push(f);
  mode = f.mode;
}
function pop(): Frame {
  const f = stack.pop()!;
  if (f.closer === ')') openParens--;
  else if (f.closer === ']') openBrackets--;
  mode = stack[stack.length - 1].mode;
  return f;
}
/** Replaces the top frame by one of mode `m`. */
function switchTop(m: Mode) {
  const f = top();
  stack[stack.length - 1] = f.closer ? { mode: m, closer: f.closer } : plainFrame(m);
  mode = m;
}
function popToCommand() {
  while (stack.length > 1 && mode !== 'cmd') pop();
}
function popCloser(closer: ')' | ']') {
  if ((closer === ')' ? openParens : openBrackets) === 0) return;
  while (stack.length > 1) {
    const f = pop();
    if (f.closer === closer) return;
  }
}

/** Skips whitespace and comments; false when nothing was skipped. */
function skipTrivia(): boolean {
  const start = i;
  const s = text;
  while (i < n) {
    let j = i;
    let code = s.charCodeAt(j);
    while (code < 128 && (CLASS[code] & WS) !== 0) code = s.charCodeAt(++j);
    i = j;
    if (code !== 47 /* '/' */) break;
    const next = s.charCodeAt(i + 1);
    if (next === 47 /* '/' */) {
      j = i + 2;
      for (let c = s.charCodeAt(j); j < n && c !== 10 /* \n */ && c !== 13 /* \r */; c = s.charCodeAt(++j));
      i = j;
    } else if (next === 42 /* '*' */) {
      const open = i;
      const comment = blockCommentEnd(text, i);
      i = comment.end;
      if (!comment.terminated) error("Unterminated comment: '/*' has no matching '*/'", open, open + 2);
    } else break;
  }
  return i > start;
}

function scanString() {
  const start = i;
  if (text.startsWith('"""', i)) {
    const close = text.indexOf('"""', i + 3);
    const nl = text.slice(i + 3, close < 0 ? n : close).search(/[\r\n]/);
    if (close >= 0 && nl < 0) {
      i = close + 3;
      // A triple-quoted string may end with up to two extra quotes, which belong to its value.
      if (text[i] === '"') i++;
      if (text[i] === '"') i++;
      emit(T.QUOTED_STRING, start, i);
      return;
    }
    if (close >= 0) {
      error('A triple-quoted string cannot span several lines in ES|QL', start, start + 3);
      i = close + 3;
      emit(T.QUOTED_STRING, start, i);
      return;
    }
    // No closing triple quote: Elasticsearch reads `""` (an empty string) then an unterminated `"`.
  }
  i++;
  while (i < n) {
    // The plain characters in one loop on codes, with a local index.
    const s = text;
    let j = i;
    let code = s.charCodeAt(j);
    while (j < n && code !== 34 /* " */ && code !== 92 /* \\ */ && code !== 10 /* \n */ && code !== 13 /* \r */) code = s.charCodeAt(++j);
    i = j;
    if (i >= n) break;
    const c = text[i];
    if (c === '"') {
      i++;
      emit(T.QUOTED_STRING, start, i);
      return;
    }
    if (c === '\n' || c === '\r') break;
    if (c === '\\') {
      const e = text[i + 1];
      if (e === undefined || e === '\n' || e === '\r') {
        i++;
        break;
      }
      if (!'tnr"\\'.includes(e)) {
        error(
          `Invalid escape sequence '\\${e}' in a string: only \\t, \\n, \\r, \\" and \\\\ are allowed; ` +
            `write '\\\\${e}' or use a triple-quoted string """...""" which has no escapes`,
          i,
          i + 2,
        );
      }
      i += 2;
      continue;
    }
    i++;
  }
  error('Unterminated string: missing closing \'"\' (a "..." string must end on the same line)', start, i);
  emit(T.QUOTED_STRING, start, i);
}

function scanQuotedId(): boolean {
  // '`' ( ~'`' | '``' )+ '`'
  const start = i;
  let j = i + 1;
  while (j < n) {
    if (text[j] === '`') {
      if (text[j + 1] === '`') j += 2;
      else break;
    } else j++;
  }
  if (j >= n) {
    error('Unterminated quoted name: missing closing backquote', start, n);
    i = n;
    return true;
  }
  if (j === start + 1) {
    error('Empty quoted name ``', start, j + 1);
  }
  i = j + 1;
  return true;
}

function scanParam() {
  const start = i;
  const double = text[i + 1] === '?';
  i += double ? 2 : 1;
  let named = false;
  if (i < n && (isLetter(text[i]) || text[i] === '_')) {
    while (i < n && isIdBody(text[i])) i++;
    named = true;
  } else if (i < n && isDigit(text[i])) {
    while (i < n && isDigit(text[i])) i++;
    named = true;
  }
  const type = double
    ? named ? T.NAMED_OR_POSITIONAL_DOUBLE_PARAMS : T.DOUBLE_PARAMS
    : named ? T.NAMED_OR_POSITIONAL_PARAM : T.PARAM;
  emit(type, start, i);
}

function invalid(what?: string) {
  const start = i;
  const cp = text.codePointAt(i)!;
  i += cp > 0xffff ? 2 : 1;
  const ch = text.slice(start, i);
  error(what ?? `Unexpected character '${ch}'`, start, i);
  emit(T.INVALID, start, i);
}


/** Shared by every mode: pipes, parentheses and brackets. True when a token was produced. */
function structural(mode: Mode): boolean {
  const c = text[i];
  if (c === '|') {
    emit(T.PIPE, i, ++i);
    popToCommand();
    return true;
  }
  if (c === '(') {
    emit(T.LP, i, ++i);
    const sub = mode === 'fork' || mode === 'from' || mode === 'explain' || mode === 'join';
    // An EXPLAIN's query: its commands count towards MAX_QUERY_DEPTH with those around it.
    const frame: Frame = { mode: sub ? 'cmd' : mode === 'cmd' ? 'expr' : mode, closer: ')' };
    if (mode === 'explain') counting.set(frame, false);
    push(frame);
    return true;
  }
  if (c === ')') {
    emit(T.RP, i, ++i);
    popCloser(')');
    return true;
  }
  if (c === '[') {
    emit(T.OPENING_BRACKET, i, ++i);
    push({ mode: mode === 'cmd' ? 'expr' : mode, closer: ']' });
    return true;
  }
  if (c === ']') {
    emit(T.CLOSING_BRACKET, i, ++i);
    popCloser(']');
    return true;
  }
  return false;
}

function scanNumber() {
  const start = i;
  for (let c = text.charCodeAt(i); c < 128 && (CLASS[c] & DIGIT) !== 0; c = text.charCodeAt(++i));
  let decimal = false;
  if (text[i] === '.' && !(i === start && !isDigit(text[i + 1] ?? ''))) {
    decimal = true;
    i++;
    while (i < n && isDigit(text[i])) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E')) {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (isDigit(text[j] ?? '')) {
      while (j < n && isDigit(text[j])) j++;
      i = j;
      decimal = true;
    }
  }
  emit(decimal ? T.DECIMAL_LITERAL : T.INTEGER_LITERAL, start, i);
}

function scanExpr(mode: Mode) {
  // A name first: the most common token here.
  const code = text.charCodeAt(i);
  if ((code < 128 && (CLASS[code] & LETTER) !== 0) || ((code === 95 /* _ */ || code === 64 /* @ */) && is(text.charCodeAt(i + 1), ID_BODY))) {
    const start = i;
    const s = text;
    let j = i + 1;
    for (let c = s.charCodeAt(j); c < 128 && (CLASS[c] & ID_BODY) !== 0; c = s.charCodeAt(++j));
    i = j;
    let type: TokenType | undefined;
    if (mode === 'fuse' || mode === 'changepoint' || mode === 'mmr') {
      // No keyword of this mode is longer than 5 characters: longer words are names, not lower-cased.
      const word = i - start <= 5 ? text.slice(start, i).toLowerCase() : '';
      type = T.expressionKeywords[word];
      if (mode === 'fuse') type ??= word === 'group' ? T.GROUP : word === 'score' ? T.SCORE : word === 'key' ? T.KEY : undefined;
      if (mode === 'changepoint' && word === 'as') type = T.AS;
      if (mode === 'mmr' && word === 'limit') type = T.MMR_LIMIT;
    } else type = expressionKeyword(text, start, i);
    emit(type ?? T.UNQUOTED_IDENTIFIER, start, i);
    return;
  }
  const c = text[i];
  if (c === '"') return scanString();
  if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) return scanNumber();
  if (c === '_' || c === '@') return invalid(`'${c}' alone is not a valid name; quote it with backquotes: \`${c}\``);
  if (c === '`') {
    const start = i;
    scanQuotedId();
    emit(T.QUOTED_IDENTIFIER, start, i);
    return;
  }
  if (c === '?') return scanParam();
  const type = punctuation(c, text[i + 1]);
  if (type) {
    emit(type, i, (i += type === T.CAST_OP || type === T.EQ || type === T.CIEQ || type === T.NEQ || type === T.LTE || type === T.GTE ? 2 : 1));
    if (type === T.SEMICOLON && mode === 'set') popToCommand();
    return;
  }
  invalid();
}

/** Whether a part of an ID_PATTERN starts at `k`. */
function startsPart(k: number): boolean {
  const c = text.charCodeAt(k);
  if ((c < 128 && (CLASS[c] & LETTER) !== 0) || c === 42 /* * */ || c === 96 /* ` */) return true;
  if (c !== 95 /* _ */ && c !== 64 /* @ */) return false;
  const d = text.charCodeAt(k + 1);
  return (d < 128 && (CLASS[d] & ID_BODY) !== 0) || d === 42;
}

function scanIdPattern(mode: Mode) {
  const c = text[i];
  const start = i;
  if (startsPart(i)) {
    while (i < n && startsPart(i)) {
      if (text[i] === '`') scanQuotedId();
      else {
        i++;
        for (let c = text.charCodeAt(i); (c < 128 && (CLASS[c] & ID_BODY) !== 0) || c === 42 /* * */; c = text.charCodeAt(++i));
      }
    }
    // Only AS and WITH are words here.
    if (mode === 'rename' && wordIs(start, i, 'as')) emit(T.AS, start, i);
    else if (mode === 'enrichField' && wordIs(start, i, 'with')) emit(T.WITH, start, i);
    else emit(T.ID_PATTERN, start, i);
    return;
  }
  if (c === '?') return scanParam();
  if (c === '.') return void emit(T.DOT, i, ++i);
  if (c === ',') return void emit(T.COMMA, i, ++i);
  if (c === '=' && mode !== 'project') return void emit(T.ASSIGN, i, ++i);
  if (c === '_' || c === '@') return invalid(`'${c}' alone is not a valid name; quote it with backquotes: \`${c}\``);
  if (isDigit(c)) {
    while (i < n && isIdBody(text[i])) i++;
    error(`'${text.slice(start, i)}' is not a valid name: a name cannot start with a digit; quote it with backquotes`, start, i);
    emit(T.INVALID, start, i);
    return;
  }
  invalid();
}

function isSourceChar(k: number) {
  const c = text.charCodeAt(k);
  if (c === 47 /* '/' */) {
    const d = text.charCodeAt(k + 1);
    return k + 1 < n && d !== 42 /* * */ && d !== 47;
  }
  return !(c < 128 && (CLASS[c] & (WS | SOURCE_STOP)) !== 0);
}

/**
 * Whether `text.slice(start, end).toLowerCase() === word` (`word` lower-case ASCII without a 'k': no other
 * character lower-cases to one of its letters; the Kelvin sign lower-cases to 'k').
 */
function wordIs(start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(k - start)) return false;
  }
  return true;
}

function scanSource(mode: Mode) {
  const c = text.charCodeAt(i);
  if (c === 34 /* " */) return scanString();
  if (c === 58 /* : */) return void emit(text.charCodeAt(i + 1) === 58 ? T.CAST_OP : T.COLON, i, (i += text.charCodeAt(i + 1) === 58 ? 2 : 1));
  if (c === 44 /* , */) return void emit(T.COMMA, i, ++i);
  if (c === 61 /* = */) return void emit(T.ASSIGN, i, ++i);
  if (isSourceChar(i)) {
    const start = i;
    while (i < n && isSourceChar(i)) i++;
    // METADATA, JOIN, AS, ON: index patterns are not lower-cased.
    if (mode === 'from' && wordIs(start, i, 'metadata')) emit(T.METADATA, start, i);
    else if (mode === 'join' && wordIs(start, i, 'join')) emit(T.JOIN, start, i);
    else if (mode === 'join' && wordIs(start, i, 'as')) emit(T.AS, start, i);
    else if (mode === 'join' && wordIs(start, i, 'on')) {
      emit(T.ON, start, i);
      switchTop('expr');
    } else emit(T.UNQUOTED_SOURCE, start, i);
    return;
  }
  invalid();
}

function isPolicyChar(k: number) {
  const c = text[k];
  return c !== undefined && !(isWs(c) || '\\/?"<>|,#:'.includes(c)) && c !== '[' && c !== ']' && c !== '(' && c !== ')';
}

function scanEnrich() {
  const c = text[i];
  if (c === '"') return scanString();
  if (isPolicyChar(i)) {
    const start = i;
    while (i < n && isPolicyChar(i)) i++;
    if (text[i] === ':' && isPolicyChar(i + 1)) {
      i++;
      while (i < n && isPolicyChar(i)) i++;
    }
    const word = text.slice(start, i).toLowerCase();
    if (word === 'on' || word === 'with') {
      emit(word === 'on' ? T.ON : T.WITH, start, i);
      push(plainFrame('enrichField'));
    } else emit(T.ENRICH_POLICY_NAME, start, i);
    return;
  }
  invalid();
}

/** The command words by length, lower-cased, and their token types. */
const COMMAND_WORDS: string[][] = [];
const COMMAND_TYPES: TokenType[][] = [];
for (const [word, type] of Object.entries(T.commandKeywords)) {
  (COMMAND_WORDS[word.length] ??= []).push(word);
  (COMMAND_TYPES[word.length] ??= []).push(type);
}
/** The mode each command keyword switches to (by tokenTypeIdx; none: 'expr'). */
const COMMAND_MODE: Mode[] = [];
for (const [word, mode] of Object.entries(commandModes)) {
  const type = T.commandKeywords[word];
  if (type) COMMAND_MODE[type.tokenTypeIdx!] = mode;
}
/** One frame per mode for the frames without a closer (frames are replaced, never changed). */
const PLAIN_FRAMES = new Map<Mode, Frame>();
const plainFrame = (mode: Mode): Frame => {
  let f = PLAIN_FRAMES.get(mode);
  if (!f) PLAIN_FRAMES.set(mode, (f = { mode }));
  return f;
};

/**
 * `T.commandKeywords[text.slice(start, end).toLowerCase()]` without the strings when the word is
 * ASCII (a non-ASCII word takes that path: lower-casing may change its length or make it ASCII).
 */
function commandKeyword(start: number, end: number): TokenType | undefined {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) >= 128) return T.commandKeywords[text.slice(start, end).toLowerCase()];
  const words = COMMAND_WORDS[end - start];
  if (!words) return undefined;
  next: for (let w = 0; w < words.length; w++) {
    const word = words[w];
    for (let k = start; k < end; k++) {
      const c = text.charCodeAt(k);
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(k - start)) continue next;
    }
    return COMMAND_TYPES[end - start][w];
  }
  return undefined;
}

function scanCommandWord() {
  const start = i;
  // Like Elasticsearch's catch-all UNKNOWN_CMD token, a command word runs up to white space, '[', ']' or '/':
  // `WHERE(a > 1)` is one unknown word `WHERE(a`, not WHERE followed by '('.
  const s = text;
  let j = i;
  for (let c = s.charCodeAt(j); j < n && !(c < 128 && (CLASS[c] & WS) !== 0) && c !== 91 /* [ */ && c !== 93 /* ] */ && c !== 47 /* / */; c = s.charCodeAt(++j));
  i = j;
  if (i === start) return invalid();
  const type = commandKeyword(start, i);
  const f = top();
  const seen = f === rootFrame ? rootSeen : counting.size !== 0 ? counting.get(f) : undefined;
  if (seen !== undefined && type !== T.SET) {
    // Elasticsearch's MAX_QUERY_DEPTH: the processing commands of the query (and of an EXPLAIN's).
    if (!seen) {
      if (f === rootFrame) rootSeen = true;
      else counting.set(f, true);
    } else if (++commands > MAX_QUERY_DEPTH && scanned.limit === LIMIT_NONE) {
      // The command past the limit, from its `|`.
      pastLimit(LIMIT_COMMANDS, count > 0 && kinds[count - 1] === K_PIPE ? starts[count - 1] : start, i);
    }
  }
  emit(type ?? T.UNKNOWN_CMD, start, i);
  push(plainFrame(type === T.PROMQL ? 'promql' : (type && COMMAND_MODE[type.tokenTypeIdx!]) || 'expr'));
}

function scanPromql() {
  // The PromQL query is kept as raw text up to the next `|` outside parentheses and quotes.
  const start = i;
  let depth = 0;
  while (i < n) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const q = c;
      i++;
      while (i < n && text[i] !== q) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (c === '|' && depth === 0) break;
    i++;
  }
  let end = Math.min(i, n);
  while (end > start && isWs(text[end - 1])) end--;
  if (end > start) emit(T.PROMQL_TEXT, start, end);
  i = Math.max(i, end);
}

/** Lexes `input` into `scanned`; returns the lexer's diagnostics. */
export function scan(input: string): Diagnostic[] {
  // Buffers grown by a huge text are not kept for small ones (a text has at most one token a character).
  if (scanned.kinds.length > 65536 && scanned.kinds.length > 8 * (input.length + 1)) {
    scanned.kinds = new Uint16Array(1024);
    scanned.starts = new Int32Array(1024);
    scanned.ends = new Int32Array(1024);
  }
  text = input;
  n = input.length;
  i = 0;
  count = 0;
  kinds = scanned.kinds;
  starts = scanned.starts;
  ends = scanned.ends;
  diagnostics = [];
  stack = [(rootFrame = { mode: 'cmd' })];
  mode = rootFrame.mode;
  rootSeen = false;
  if (counting.size !== 0) counting.clear();
  nestingStart();
  dropped = 0;
  firstDropped = undefined;
  openParens = 0;
  openBrackets = 0;
  let guard = 0;
  while (i < n && guard++ < 4 * n + 10) {
    // The character classes decide which scanners may apply, without calling the others (calls are
    // most of the cost of a token before V8 optimises this loop).
    const code = text.charCodeAt(i);
    const cls = code < 128 ? CLASS[code] : 0;
    if ((cls & (WS | TRIVIA_START)) !== 0 && skipTrivia()) continue;
    if (mode === 'promql') {
      if (text[i] === '|' || text[i] === ')') {
        structural(mode);
        continue;
      }
      scanPromql();
      continue;
    }
    if ((cls & STRUCTURAL) !== 0 && structural(mode)) continue;
    // Expressions first: most tokens are theirs.
    if (mode === 'expr') {
      scanExpr(mode);
      continue;
    }
    switch (mode) {
      case 'cmd':
        scanCommandWord();
        break;
      case 'from':
      case 'join':
        scanSource(mode);
        break;
      case 'project':
      case 'rename':
      case 'enrichField':
        scanIdPattern(mode);
        break;
      case 'enrich':
        scanEnrich();
        break;
      case 'show': {
        const m = /[a-z_]+/iy;
        m.lastIndex = i;
        if (m.exec(text) && text.slice(i, m.lastIndex).toLowerCase() === 'info') emit(T.INFO, i, (i = m.lastIndex));
        else scanExpr('expr');
        break;
      }
      case 'inline': {
        const m = /[a-z_]+/iy;
        m.lastIndex = i;
        if (m.exec(text) && text.slice(i, m.lastIndex).toLowerCase() === 'stats') {
          emit(T.INLINE_STATS, i, (i = m.lastIndex));
          switchTop('expr');
        } else scanExpr('expr');
        break;
      }
      case 'mvexpand': {
        const c = text[i];
        if (isLetter(c) || ((c === '_' || c === '@') && isIdBody(text[i + 1] ?? ''))) {
          const start = i;
          i++;
          while (i < n && isIdBody(text[i])) i++;
          emit(T.UNQUOTED_IDENTIFIER, start, i);
        } else scanExpr('expr');
        break;
      }
      default:
        scanExpr(mode);
    }
  }
  if (firstDropped) diagnostics.push(summaryDiagnostic('syntax-error', 'error', dropped, firstDropped));
  // The END sentinel (0) after the last token (fast.ts reads up to it).
  if (count === kinds.length) grow();
  scanned.kinds[count] = 0;
  scanned.count = count;
  scanned.nesting = deepest;
  const out = diagnostics;
  text = '';
  stack = [];
  rootFrame = undefined;
  if (counting.size !== 0) counting.clear();
  diagnostics = [];
  return out;
}
