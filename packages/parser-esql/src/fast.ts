import type { IToken, TokenType } from './chevrotain.js';
import type { Span } from '@esql-lint/core';
import type * as A from './ast.js';
import * as T from './tokens.js';
import { CHECKS, ENRICH_MODES, limitCountProblem, METADATA_FIELDS, castTypes, decodePattern, decodeString, dissectFields, dissectProblem, grokFields, grokProblem, joinProblem, keepStarProblem, paramLiteral, stringLiteral, timeUnits, unquoteName } from './build.js';
import { NAME_TOKENS, PATTERN_TOKENS } from './parser.js';
import { scanned } from './lexer.js';

/**
 * The fast path of `parse`: a hand-written recursive-descent parser over the lexer's compact token
 * stream (lexer.ts `scanned`: no token objects), that builds the AST of a clean query directly (no CST,
 * one function per operand instead of one rule per precedence level, operator precedence applied after
 * the loop). It covers every command and setting of the reference grammar (those of Elasticsearch's
 * snapshot builds in snapshot mode only): a query nested deeper than REFERENCE_NESTING is read by it
 * alone (index.ts), so a command it did not know would be a false error there. It gives up ("bails") on
 * a syntax error or any construct on which the reference path (parser.ts + build.ts) reports a
 * diagnostic, at the token that diagnostic starts at where it can (`refuse`). `parse` then runs the
 * reference path, so every verdict, message and partial AST of a query with problems is the reference
 * path's own. Where it
 * succeeds, its AST is the reference path's, node for node and span for span (test/fast-path.test.ts
 * compares both on every fixture, corpus query and their mutations).
 *
 * It accepts no more than the reference grammar: each function is a reference rule or several of them
 * merged (booleanExpression = notExpression/andExpression chains, valueExpression = comparison,
 * additive and multiplicative chains, operand = unary signs and the atom) with the same alternatives in
 * the same order, each decided by the next token as Chevrotain's LL(k) lookahead decides it.
 *
 * Why not Chevrotain (it was an EmbeddedActionsParser until issue 19's fourth session): a parse is a few
 * hundred short rule calls, each through Chevrotain's generic machinery (rule wrappers, lookahead
 * functions, closures per alternative). That code needs many invocations before V8 optimises it, is
 * shared with the KQL and EQL parsers in the bundled CLI and server (megamorphic), and a failed attempt
 * unwound through its frames; plain functions over typed arrays are fast from the first parses on.
 */

/** Thrown (never out of this module) when the fast path gives up. */
const BAIL = { bail: true };

const idx = (t: TokenType): number => t.tokenTypeIdx!;
const table = (types: TokenType[]): Uint8Array => {
  const a = new Uint8Array(256);
  for (const t of types) a[idx(t)] = 1;
  return a;
};

// Token kinds (tokenTypeIdx; 0 past the end).
const END = 0;
const PIPE = idx(T.PIPE);
const FROM = idx(T.FROM);
const TS = idx(T.TS);
const ROW = idx(T.ROW);
const WHERE = idx(T.WHERE);
const EVAL = idx(T.EVAL);
const STATS = idx(T.STATS);
const INLINE = idx(T.INLINE);
const INLINE_STATS = idx(T.INLINE_STATS);
const INLINESTATS = idx(T.INLINESTATS);
const KEEP = idx(T.KEEP);
const DROP = idx(T.DROP);
const RENAME = idx(T.RENAME);
const SORT = idx(T.SORT);
const LIMIT = idx(T.LIMIT);
const DISSECT = idx(T.DISSECT);
const GROK = idx(T.GROK);
const MV_EXPAND = idx(T.MV_EXPAND);
const COMPLETION = idx(T.COMPLETION);
const METADATA = idx(T.METADATA);
const AS = idx(T.AS);
const BY = idx(T.BY);
const WITH = idx(T.WITH);
const ASC = idx(T.ASC);
const DESC = idx(T.DESC);
const NULLS = idx(T.NULLS);
const FIRST = idx(T.FIRST);
const LAST = idx(T.LAST);
const AND = idx(T.AND);
const OR = idx(T.OR);
const NOT = idx(T.NOT);
const IN = idx(T.IN);
const IS = idx(T.IS);
const LIKE = idx(T.LIKE);
const RLIKE = idx(T.RLIKE);
const NULL = idx(T.NULL);
const TRUE = idx(T.TRUE);
const FALSE = idx(T.FALSE);
const ASSIGN = idx(T.ASSIGN);
const EQ = idx(T.EQ);
const CIEQ = idx(T.CIEQ);
const NEQ = idx(T.NEQ);
const LT = idx(T.LT);
const LTE = idx(T.LTE);
const GT = idx(T.GT);
const GTE = idx(T.GTE);
const PLUS = idx(T.PLUS);
const MINUS = idx(T.MINUS);
const ASTERISK = idx(T.ASTERISK);
const SLASH = idx(T.SLASH);
const PERCENT = idx(T.PERCENT);
const CAST_OP = idx(T.CAST_OP);
const COLON = idx(T.COLON);
const COMMA = idx(T.COMMA);
const DOT = idx(T.DOT);
const LP = idx(T.LP);
const RP = idx(T.RP);
const OPENING_BRACKET = idx(T.OPENING_BRACKET);
const CLOSING_BRACKET = idx(T.CLOSING_BRACKET);
const LEFT_BRACES = idx(T.LEFT_BRACES);
const RIGHT_BRACES = idx(T.RIGHT_BRACES);
const QUOTED_STRING = idx(T.QUOTED_STRING);
const INTEGER_LITERAL = idx(T.INTEGER_LITERAL);
const DECIMAL_LITERAL = idx(T.DECIMAL_LITERAL);
const UNQUOTED_IDENTIFIER = idx(T.UNQUOTED_IDENTIFIER);
const QUOTED_IDENTIFIER = idx(T.QUOTED_IDENTIFIER);
const ID_PATTERN = idx(T.ID_PATTERN);
const UNQUOTED_SOURCE = idx(T.UNQUOTED_SOURCE);
const PARAM = idx(T.PARAM);
const NAMED_OR_POSITIONAL_PARAM = idx(T.NAMED_OR_POSITIONAL_PARAM);
const SET = idx(T.SET);
const SEMICOLON = idx(T.SEMICOLON);
const SHOW = idx(T.SHOW);
const INFO = idx(T.INFO);
const PROMQL = idx(T.PROMQL);
const PROMQL_TEXT = idx(T.PROMQL_TEXT);
const EXPLAIN = idx(T.EXPLAIN);
const EXTERNAL = idx(T.EXTERNAL);
const ENRICH = idx(T.ENRICH);
const ENRICH_POLICY_NAME = idx(T.ENRICH_POLICY_NAME);
const ON = idx(T.ON);
const LOOKUP = idx(T.LOOKUP);
const LEFT = idx(T.LEFT);
const RIGHT = idx(T.RIGHT);
const FULL = idx(T.FULL);
const JOIN = idx(T.JOIN);
const CHANGE_POINT = idx(T.CHANGE_POINT);
const RERANK = idx(T.RERANK);
const SAMPLE = idx(T.SAMPLE);
const FORK = idx(T.FORK);
const FUSE = idx(T.FUSE);
const SCORE = idx(T.SCORE);
const KEY = idx(T.KEY);
const GROUP = idx(T.GROUP);
const URI_PARTS = idx(T.URI_PARTS);
const REGISTERED_DOMAIN = idx(T.REGISTERED_DOMAIN);
const USER_AGENT = idx(T.USER_AGENT);
const IP_LOCATION = idx(T.IP_LOCATION);
const TS_COLLAPSE = idx(T.TS_COLLAPSE);
const DEDUP = idx(T.DEDUP);
const METRICS_INFO = idx(T.METRICS_INFO);
const TS_INFO = idx(T.TS_INFO);
const MMR = idx(T.MMR);
const MMR_LIMIT = idx(T.MMR_LIMIT);

const IS_NAME = table(NAME_TOKENS);
const IS_PATTERN = table(PATTERN_TOKENS);
const IS_FUNCTION_NAME = table([...NAME_TOKENS, T.FIRST, T.LAST]);
/** First tokens of an operand (signs, then the atom's alternatives). */
const STARTS_OPERAND = table([
  ...NAME_TOKENS, T.FIRST, T.LAST, T.MINUS, T.PLUS, T.INTEGER_LITERAL, T.NULL, T.TRUE, T.FALSE, T.DECIMAL_LITERAL,
  T.QUOTED_STRING, T.OPENING_BRACKET, T.LP,
]);
/** First tokens of a boolean expression: NOT or an operand's. */
const STARTS_EXPRESSION = STARTS_OPERAND.slice();
STARTS_EXPRESSION[NOT] = 1;
const IS_ARITHMETIC = table([T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT]);
const IS_COMPARISON = table([T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ]);
const IS_BINARY = table([T.OR, T.AND, T.EQ, T.NEQ, T.LT, T.LTE, T.GT, T.GTE, T.CIEQ, T.PLUS, T.MINUS, T.ASTERISK, T.SLASH, T.PERCENT]);
/** First tokens of a predicate suffix: IN, LIKE, RLIKE (maybe after NOT), IS, `:`. */
const STARTS_SUFFIX = table([T.NOT, T.IN, T.LIKE, T.RLIKE, T.IS, T.COLON]);
/** The operator of a BinaryExpression by token kind (its text lower-cased). */
const OPERATOR: string[] = [];
for (const [t, op] of [
  [T.OR, 'or'], [T.AND, 'and'], [T.EQ, '=='], [T.NEQ, '!='], [T.LT, '<'], [T.LTE, '<='], [T.GT, '>'], [T.GTE, '>='],
  [T.CIEQ, '=='], [T.PLUS, '+'], [T.MINUS, '-'], [T.ASTERISK, '*'], [T.SLASH, '/'], [T.PERCENT, '%'],
] as const) OPERATOR[idx(t)] = op;

// ------------------------------------------------------------ the token stream of the current parse

let src = '';
/**
 * The snapshot mode of the parse (ParseOptions.snapshot): the reference path reports the constructs of
 * Elasticsearch's snapshot builds (EXPLAIN, LEFT JOIN, `=~`...) outside of it, and the fast path gives up
 * on them there.
 */
let snapshot = false;
let kinds: Uint16Array = scanned.kinds;
let starts: Int32Array = scanned.starts;
let ends: Int32Array = scanned.ends;
let count = 0;
/** Index of the next token. */
let p = 0;

// `kinds[p]` is the kind of the next token: `scan` ends the kinds with END (0), which no rule consumes,
// so a rule never reads past it.
/** Consumes the next token, which must be of `kind`; returns its index. */
function expect(kind: number): number {
  if (kinds[p] !== kind) throw BAIL;
  return p++;
}
/** The check of the reference builder that the last parse gave up on (`refuse`), if it did. */
let refusal: { message: string; span: Span; code: string } | undefined;

/**
 * Gives up at token `k`, where the reference path reports a problem that is no syntax error (a check of
 * its builder, build.ts CHECKS: an ENRICH mode, a snapshot-only command...) with `message` at `at`:
 * bailedAt() then gives both, and a query too deep for the reference path reports it from there.
 */
function refuse(k: number, message: string, at: Span = span(k), code = 'syntax-error'): never {
  p = k;
  refusal = { message, span: at, code };
  throw BAIL;
}
/** End offset (exclusive) of the last consumed token. */
const lastEnd = (): number => ends[p - 1];
const image = (k: number): string => src.slice(starts[k], ends[k]);
const span = (k: number): Span => ({ start: starts[k], end: ends[k] });
/** A token object for build.ts's helpers (strings, parameters, patterns). */
const token = (k: number): IToken => ({ image: image(k), startOffset: starts[k], endOffset: ends[k] - 1 }) as IToken;

// ------------------------------------------------------------ AST helpers

/**
 * The binary expression of operator token `op` over `start..end`: the text of both operands,
 * parentheses around them included (an operand's own span leaves its parentheses out).
 */
function binary(left: A.Expression, op: number, right: A.Expression, start: number, end: number): A.BinaryExpression {
  return {
    type: 'BinaryExpression',
    span: { start, end },
    operator: OPERATOR[kinds[op]] as A.BinaryExpression['operator'],
    left,
    right,
    operatorSpan: span(op),
  };
}

/**
 * The arithmetic chain `operands[from..to]` between operator tokens `ops[from..to-1]`, over
 * `start..end`, folded left-associatively with the multiplicative operators over the additive ones.
 * An operand's text runs from the token after the operator before it to the token before the
 * operator after it (its parentheses included).
 */
function fold(operands: A.Expression[], ops: number[], from: number, to: number, start: number, end: number): A.Expression {
  let low: A.Expression | undefined;
  let lowOp = -1;
  let acc = operands[from];
  let accStart = start;
  for (let k = from; k < to; k++) {
    const op = ops[k];
    const t = kinds[op];
    if (t === ASTERISK || t === SLASH || t === PERCENT) acc = binary(acc, op, operands[k + 1], accStart, k + 1 === to ? end : ends[ops[k + 1] - 1]);
    else {
      low = low === undefined ? acc : binary(low, lowOp, acc, start, ends[op - 1]);
      lowOp = op;
      acc = operands[k + 1];
      accStart = starts[op + 1];
    }
  }
  return low === undefined ? acc : binary(low, lowOp, acc, start, end);
}

function identifier(k: number): A.Identifier {
  const id: A.Identifier = { type: 'Identifier', span: span(k), name: unquoteName(image(k)) };
  if (kinds[k] === QUOTED_IDENTIFIER) id.quoted = true;
  return id;
}

/** INTEGER_LITERAL with an optional time unit (token index or -1), `prefix` the sign of a constant. */
function integerLiteral(int: number, unit: number, prefix: string, s: Span): A.Literal {
  if (unit >= 0) {
    const u = image(unit).toLowerCase();
    if (!timeUnits.has(u)) refuse(unit, CHECKS.timeUnit(image(unit)));
    return { type: 'Literal', literalType: 'timespan', span: s, value: prefix + image(int), unit: u, unitSpan: span(unit) };
  }
  return { type: 'Literal', literalType: 'integer', span: s, value: prefix + image(int) };
}

/** The literal of a one-token constant (NULL, TRUE, FALSE, decimal, string, parameter). */
function literalToken(k: number): A.Literal {
  switch (kinds[k]) {
    case NULL:
      return { type: 'Literal', literalType: 'null', span: span(k), value: null };
    case TRUE:
      return { type: 'Literal', literalType: 'boolean', span: span(k), value: true };
    case FALSE:
      return { type: 'Literal', literalType: 'boolean', span: span(k), value: false };
    case DECIMAL_LITERAL:
      return { type: 'Literal', literalType: 'decimal', span: span(k), value: image(k) };
    case QUOTED_STRING:
      return stringLiteral(token(k));
  }
  return paramLiteral(token(k));
}

/** The column of qualified name tokens `first..last` (every other one a DOT), `end` the end of the last. */
function column(first: number, last: number, end: number): A.Column {
  if (first === last) {
    // One part, the common case: no join.
    const t = kinds[first];
    const name = t === QUOTED_IDENTIFIER ? unquoteName(image(first)) : image(first);
    const col: A.Column = { type: 'Column', span: { start: starts[first], end }, name, parts: [name] };
    if (t !== QUOTED_IDENTIFIER && t !== UNQUOTED_IDENTIFIER) col.parameterized = true;
    return col;
  }
  const parts: string[] = [];
  let parameterized = false;
  // Unquoted parts without blanks around their dots: the name is the text itself (one slice, no join).
  let plain = true;
  for (let k = first; k <= last; k += 2) {
    const t = kinds[k];
    if (t === QUOTED_IDENTIFIER) {
      parts.push(unquoteName(image(k)));
      plain = false;
    } else {
      if (t !== UNQUOTED_IDENTIFIER) parameterized = true;
      parts.push(image(k));
    }
    if (k < last && (ends[k] !== starts[k + 1] || ends[k + 1] !== starts[k + 2])) plain = false;
  }
  const name = plain ? src.slice(starts[first], ends[last]) : parts.join('.');
  const col: A.Column = { type: 'Column', span: { start: starts[first], end }, name, parts };
  if (parameterized) col.parameterized = true;
  return col;
}

// ------------------------------------------------------------ commands

/**
 * The top-level pipes with no command after them (`| |`, a trailing `|`), when the caller accepts
 * them (`fastParseScannedWithEmptyPipes`; undefined: the fast path gives up on them): the first
 * `emptyPipesKept` of them as token indexes, and how many there are. The reference path reports each
 * of them with `EMPTY_PIPE` and nothing else (its grammar's loop takes a `|` alone: no parser error, no
 * AST node; the query's span covers it).
 */
let emptyPipes: number[] | undefined;
let emptyPipesKept = 0;
let emptyPipeCount = 0;

function statements(): A.Query {
  // SET name = value; ... (the reference MANY's gate: SET, then a name).
  const settings: A.SetCommand[] = [];
  while (kinds[p] === SET) {
    const t = kinds[p + 1];
    if (t !== UNQUOTED_IDENTIFIER && t !== QUOTED_IDENTIFIER) throw BAIL;
    settings.push(setCommand());
  }
  const commands: A.Command[] = [sourceCommand()];
  let lastEmptyPipe = -1;
  while (kinds[p] === PIPE) {
    const pipe = p++;
    const t = kinds[p];
    if (t === PIPE || t === END) {
      if (!emptyPipes) throw BAIL;
      if (emptyPipeCount++ < emptyPipesKept) emptyPipes.push(pipe);
      lastEmptyPipe = pipe;
      continue;
    }
    commands.push(processingCommand());
  }
  // All input parsed.
  if (p !== count) throw BAIL;
  const last = commands[commands.length - 1].span.end;
  const end = lastEmptyPipe >= 0 && ends[lastEmptyPipe] > last ? ends[lastEmptyPipe] : last;
  return { type: 'Query', span: { start: settings.length ? settings[0].span.start : commands[0].span.start, end }, settings, commands };
}

function setCommand(): A.SetCommand {
  const kw = p++;
  const name = identifier(p++);
  expect(ASSIGN);
  const value = kinds[p] === LEFT_BRACES ? mapExpression() : constant();
  expect(SEMICOLON);
  return { type: 'SetCommand', span: { start: starts[kw], end: lastEnd() }, name, value };
}

/** `| processingCommand` after a first command, up to `)` (a FORK branch, a subquery, EXPLAIN). */
function pipedCommands(commands: A.Command[]): void {
  while (kinds[p] === PIPE) {
    p++;
    commands.push(processingCommand());
  }
}

function sourceCommand(): A.Command {
  const t = kinds[p];
  if (t === FROM || t === TS) return fromCommand();
  if (t === ROW) {
    const kw = p++;
    const assignments = fields();
    return { type: 'RowCommand', span: { start: starts[kw], end: lastEnd() }, assignments };
  }
  if (t === SHOW) {
    const kw = p++;
    expect(INFO);
    return { type: 'ShowCommand', span: { start: starts[kw], end: lastEnd() }, item: 'info' };
  }
  if (t === PROMQL) {
    const kw = p++;
    const text = kinds[p] === PROMQL_TEXT ? image(p++) : '';
    return { type: 'PromqlCommand', span: { start: starts[kw], end: lastEnd() }, text };
  }
  if (t === EXPLAIN) {
    if (!snapshot) refuse(p, CHECKS.snapshotOnly('EXPLAIN'));
    const kw = p++;
    expect(LP);
    const commands: A.Command[] = [sourceCommand()];
    pipedCommands(commands);
    expect(RP);
    return { type: 'ExplainCommand', span: { start: starts[kw], end: lastEnd() }, commands };
  }
  if (t === EXTERNAL) {
    if (!snapshot) refuse(p, CHECKS.snapshotOnly('EXTERNAL'));
    const kw = p++;
    const u = kinds[p];
    if (u !== QUOTED_STRING && u !== PARAM && u !== NAMED_OR_POSITIONAL_PARAM) throw BAIL;
    const source = literalToken(p++);
    const options = commandOptions();
    return { type: 'ExternalCommand', span: { start: starts[kw], end: lastEnd() }, source, options };
  }
  throw BAIL;
}

/** The reference commandOptions: `[WITH {...}]`. */
function commandOptions(): A.MapExpression | undefined {
  if (kinds[p] !== WITH) return undefined;
  p++;
  return mapExpression();
}

function processingCommand(): A.Command {
  const t = kinds[p];
  if (t === WHERE) {
    const kw = p++;
    const condition = booleanExpression();
    return { type: 'WhereCommand', span: { start: starts[kw], end: lastEnd() }, condition };
  }
  if (t === EVAL) {
    const kw = p++;
    const assignments = fields();
    return { type: 'EvalCommand', span: { start: starts[kw], end: lastEnd() }, assignments };
  }
  if (t === STATS) {
    const kw = p++;
    const body = statsBody();
    if (!body.aggregates.length && !body.by.length) refuse(kw, CHECKS.statsEmpty);
    return { type: 'StatsCommand', span: { start: starts[kw], end: lastEnd() }, aggregates: body.aggregates, by: body.by };
  }
  if (t === INLINE || t === INLINESTATS) return inlineStatsCommand();
  if (t === KEEP || t === DROP) return keepCommand();
  if (t === RENAME) return renameCommand();
  if (t === SORT) return sortCommand();
  if (t === LIMIT) {
    const kw = p++;
    const first = p;
    const count = constant();
    if (count.type !== 'Literal') refuse(first, CHECKS.limit(), count.span);
    const problem = limitCountProblem(count, src);
    if (problem) refuse(first, problem, count.span);
    if (kinds[p] === BY) {
      if (!snapshot) refuse(p, CHECKS.snapshotOnly('LIMIT ... BY'));
      p++;
      const by = fields();
      return { type: 'LimitCommand', span: { start: starts[kw], end: lastEnd() }, count, by };
    }
    return { type: 'LimitCommand', span: { start: starts[kw], end: lastEnd() }, count };
  }
  if (t === DISSECT) return dissectCommand();
  if (t === GROK) return grokCommand();
  if (t === MV_EXPAND) {
    const kw = p++;
    const column = qualifiedName();
    return { type: 'MvExpandCommand', span: { start: starts[kw], end: lastEnd() }, column };
  }
  if (t === COMPLETION) return completionCommand();
  if (t === ENRICH) return enrichCommand();
  if (t === LOOKUP || t === LEFT || t === RIGHT || t === FULL) return joinCommand();
  if (t === CHANGE_POINT) return changePointCommand();
  if (t === RERANK) return rerankCommand();
  if (t === SAMPLE) {
    const kw = p++;
    const first = p;
    const probability = constant();
    if (!(probability.type === 'Literal' && probability.literalType === 'param')) {
      const v = probability.type === 'Literal' && (probability.literalType === 'decimal' || probability.literalType === 'integer') ? Number(probability.value) : NaN;
      if (!(v > 0 && v < 1)) refuse(first, CHECKS.sample, probability.span);
    }
    return { type: 'SampleCommand', span: { start: starts[kw], end: lastEnd() }, probability: probability as A.Literal };
  }
  if (t === FORK) return forkCommand();
  if (t === FUSE) return fuseCommand();
  if (t === URI_PARTS || t === REGISTERED_DOMAIN || t === USER_AGENT || t === IP_LOCATION) return enrichingCommand();
  if (t === TS_COLLAPSE || t === DEDUP || t === METRICS_INFO || t === TS_INFO) {
    const kw = p++;
    const s = span(kw);
    if (t === DEDUP) {
      if (!snapshot) refuse(kw, CHECKS.snapshotOnly('DEDUP'));
      return { type: 'DedupCommand', span: s };
    }
    return { type: t === TS_COLLAPSE ? 'TsCollapseCommand' : t === METRICS_INFO ? 'MetricsInfoCommand' : 'TsInfoCommand', span: s };
  }
  if (t === MMR) return mmrCommand();
  throw BAIL;
}

function fromCommand(): A.FromCommand | A.TsCommand {
  const kw = p++;
  const sources: A.IndexSource[] = [];
  const subqueries: A.Subquery[] = [];
  sourceOrSubquery(sources, subqueries);
  while (kinds[p] === COMMA) {
    p++;
    sourceOrSubquery(sources, subqueries);
  }
  const metadata: A.Identifier[] = [];
  if (kinds[p] === METADATA) {
    p++;
    const meta = [expect(UNQUOTED_SOURCE)];
    while (kinds[p] === COMMA) {
      p++;
      meta.push(expect(UNQUOTED_SOURCE));
    }
    const seen = new Set<string>();
    for (const t of meta) {
      const name = image(t);
      if (!METADATA_FIELDS.includes(name.toLowerCase())) refuse(t, CHECKS.metadataUnknown(name), span(t), 'unknown-metadata-field');
      if (seen.has(name)) refuse(t, CHECKS.metadataTwice(name));
      seen.add(name);
      metadata.push({ type: 'Identifier', span: span(t), name });
    }
  }
  if (kinds[kw] === TS && subqueries.length) refuse(kw, CHECKS.tsSubquery, subqueries[0].span);
  return { type: kinds[kw] === TS ? 'TsCommand' : 'FromCommand', span: { start: starts[kw], end: lastEnd() }, sources, subqueries, metadata };
}

/** An index pattern, or a subquery `(FROM ... | ...)`. */
function sourceOrSubquery(sources: A.IndexSource[], subqueries: A.Subquery[]): void {
  if (kinds[p] !== LP) {
    sources.push(indexPattern());
    return;
  }
  const open = p++;
  const t = kinds[p];
  if (t !== FROM && t !== TS) throw BAIL;
  const commands: A.Command[] = [fromCommand()];
  pipedCommands(commands);
  expect(RP);
  subqueries.push({ type: 'Subquery', span: { start: starts[open], end: lastEnd() }, commands });
}

/** `checkSelector`: give up on an invalid selector (a JOIN gives up on any, at the source). */
function indexPattern(checkSelector = true): A.IndexSource {
  const t = kinds[p];
  if (t === QUOTED_STRING) {
    const q = p++;
    return { type: 'IndexSource', span: span(q), index: decodeString(image(q)).value, quoted: true };
  }
  const a = expect(UNQUOTED_SOURCE);
  let b = -1;
  let c = -1;
  if (kinds[p] === COLON) {
    p++;
    b = expect(UNQUOTED_SOURCE);
  }
  if (kinds[p] === CAST_OP) {
    p++;
    c = expect(UNQUOTED_SOURCE);
  }
  const source: A.IndexSource = { type: 'IndexSource', span: { start: starts[a], end: lastEnd() }, index: b >= 0 ? image(b) : image(a), quoted: false };
  if (b >= 0) source.cluster = image(a);
  if (c >= 0) {
    const selector = image(c);
    source.selector = selector;
    const s = selector.toLowerCase();
    if (checkSelector && s !== 'data' && s !== 'failures') refuse(c, CHECKS.selector(selector));
  }
  return source;
}

function inlineStatsCommand(): A.InlineStatsCommand {
  const kw = p++;
  if (kinds[kw] === INLINE) expect(INLINE_STATS);
  const body = statsBody();
  if (!body.aggregates.length) refuse(kw, CHECKS.inlineStatsEmpty, { start: starts[kw], end: kinds[kw] === INLINE ? ends[kw + 1] : ends[kw] });
  return {
    type: 'InlineStatsCommand',
    span: { start: starts[kw], end: lastEnd() },
    aggregates: body.aggregates,
    by: body.by,
    syntax: kinds[kw] === INLINESTATS ? 'inlinestats' : 'inline stats',
  };
}

function statsBody(): { aggregates: A.Aggregate[]; by: A.Assignment[] } {
  const aggregates: A.Aggregate[] = [];
  let by: A.Assignment[] = [];
  if (STARTS_EXPRESSION[kinds[p]] === 1) {
    aggregates.push(aggField());
    while (kinds[p] === COMMA) {
      p++;
      aggregates.push(aggField());
    }
  }
  if (kinds[p] === BY) {
    p++;
    by = fields();
  }
  return { aggregates, by };
}

function aggField(): A.Aggregate {
  const start = starts[p];
  const base = field();
  let where: A.Expression | undefined;
  if (kinds[p] === WHERE) {
    p++;
    where = booleanExpression();
  }
  const agg: A.Aggregate = { type: 'Aggregate', span: { start, end: lastEnd() }, expression: base.expression };
  if (base.name) agg.name = base.name;
  if (where) agg.where = where;
  return agg;
}

function fields(): A.Assignment[] {
  const out = [field()];
  while (kinds[p] === COMMA) {
    p++;
    out.push(field());
  }
  return out;
}

/**
 * `name.name... =` ahead, each name a token of `names`: IS_NAME, a named field of EVAL/STATS/ROW...;
 * IS_PATTERN, ENRICH WITH new = field.
 */
function namedAhead(names: Uint8Array): boolean {
  let k = 0;
  if (names[kinds[p + k]] !== 1) return false;
  k++;
  while (kinds[p + k] === DOT && names[kinds[p + k + 1]] === 1) k += 2;
  return kinds[p + k] === ASSIGN;
}

function field(): A.Assignment {
  if (p >= count) throw BAIL;
  const start = starts[p];
  let name: A.Column | undefined;
  if (namedAhead(IS_NAME)) {
    name = qualifiedName();
    expect(ASSIGN);
  }
  const expression = booleanExpression();
  const a: A.Assignment = { type: 'Assignment', span: { start, end: lastEnd() }, expression };
  if (name) a.name = name;
  return a;
}

function keepCommand(): A.KeepCommand | A.DropCommand {
  const kw = p++;
  const columns = [qualifiedNamePattern()];
  while (kinds[p] === COMMA) {
    p++;
    columns.push(qualifiedNamePattern());
  }
  const star = kinds[kw] === DROP ? undefined : keepStarProblem(columns);
  if (star) refuse(kw, CHECKS.keepStarTwice, star);
  const s = { start: starts[kw], end: lastEnd() };
  return kinds[kw] === DROP ? { type: 'DropCommand', span: s, columns } : { type: 'KeepCommand', span: s, columns };
}

function renameCommand(): A.RenameCommand {
  const kw = p++;
  const renames = [renameClause()];
  while (kinds[p] === COMMA) {
    p++;
    renames.push(renameClause());
  }
  return { type: 'RenameCommand', span: { start: starts[kw], end: lastEnd() }, renames };
}

function renameClause(): A.RenameClause {
  if (p >= count) throw BAIL;
  const start = starts[p];
  const x = qualifiedNamePattern();
  const op = kinds[p];
  if (op !== AS && op !== ASSIGN) throw BAIL;
  p++;
  const y = qualifiedNamePattern();
  const as = op === AS;
  return { type: 'RenameClause', span: { start, end: lastEnd() }, oldName: as ? x : y, newName: as ? y : x, syntax: as ? 'as' : 'assign' };
}

function sortCommand(): A.SortCommand {
  const kw = p++;
  const orders = [orderExpression()];
  while (kinds[p] === COMMA) {
    p++;
    orders.push(orderExpression());
  }
  return { type: 'SortCommand', span: { start: starts[kw], end: lastEnd() }, orders };
}

function orderExpression(): A.SortOrder {
  if (p >= count) throw BAIL;
  const start = starts[p];
  const expression = booleanExpression();
  let dir = END;
  let nulls = END;
  if (kinds[p] === ASC || kinds[p] === DESC) dir = kinds[p++];
  if (kinds[p] === NULLS) {
    p++;
    if (kinds[p] !== FIRST && kinds[p] !== LAST) throw BAIL;
    nulls = kinds[p++];
  }
  const order: A.SortOrder = { type: 'SortOrder', span: { start, end: lastEnd() }, expression };
  if (dir !== END) order.direction = dir === ASC ? 'asc' : 'desc';
  if (nulls !== END) order.nulls = nulls === FIRST ? 'first' : 'last';
  return order;
}

/** The reference primaryExpression where a command takes one (DISSECT, GROK, COMPLETION): no signs. */
function primary(): A.Expression {
  const t = kinds[p];
  if (t === MINUS || t === PLUS) throw BAIL;
  return operand();
}

function dissectCommand(): A.DissectCommand {
  const kw = p++;
  const input = primary();
  const pt = expect(QUOTED_STRING);
  const options: A.DissectOption[] = [];
  if (kinds[p] === UNQUOTED_IDENTIFIER || kinds[p] === QUOTED_IDENTIFIER) {
    options.push(dissectOption());
    while (kinds[p] === COMMA) {
      p++;
      options.push(dissectOption());
    }
  }
  const pattern = token(pt);
  const problem = dissectProblem(pattern);
  if (problem) refuse(kw, problem.message, problem.span);
  return { type: 'DissectCommand', span: { start: starts[kw], end: lastEnd() }, input, pattern: stringLiteral(pattern), options, fields: dissectFields(pattern) };
}

function dissectOption(): A.DissectOption {
  const t = kinds[p];
  if (t !== UNQUOTED_IDENTIFIER && t !== QUOTED_IDENTIFIER) throw BAIL;
  const id = p++;
  expect(ASSIGN);
  const first = p;
  const value = constant();
  const name = identifier(id);
  if (name.name.toLowerCase() !== 'append_separator') refuse(id, CHECKS.dissectOption(name.name), name.span);
  if (!(value.type === 'Literal' && (value.literalType === 'string' || value.literalType === 'param'))) refuse(first, CHECKS.dissectSeparator, value.span);
  return { type: 'DissectOption', span: { start: starts[id], end: lastEnd() }, name, value };
}

function grokCommand(): A.GrokCommand {
  const kw = p++;
  const input = primary();
  const patterns = [token(expect(QUOTED_STRING))];
  while (kinds[p] === COMMA) {
    p++;
    patterns.push(token(expect(QUOTED_STRING)));
  }
  const problem = grokProblem(patterns);
  if (problem) refuse(kw, problem.message, problem.span);
  return {
    type: 'GrokCommand',
    span: { start: starts[kw], end: lastEnd() },
    input,
    patterns: patterns.map(stringLiteral),
    fields: patterns.flatMap((t) => grokFields(t)),
  };
}

function completionCommand(): A.CompletionCommand {
  const kw = p++;
  let target: A.Column | undefined;
  if (namedAhead(IS_NAME)) {
    target = qualifiedName();
    expect(ASSIGN);
  }
  const prompt = primary();
  let options: A.MapExpression | undefined;
  if (kinds[p] === WITH) {
    p++;
    options = mapExpression();
  }
  const cmd: A.CompletionCommand = { type: 'CompletionCommand', span: { start: starts[kw], end: lastEnd() }, prompt };
  if (target) cmd.target = target;
  if (options) cmd.options = options;
  return cmd;
}

function enrichCommand(): A.EnrichCommand {
  const kw = p++;
  const pt = p;
  const t = kinds[p];
  if (t !== ENRICH_POLICY_NAME && t !== QUOTED_STRING) throw BAIL;
  p++;
  const quoted = t === QUOTED_STRING;
  const name = quoted ? decodeString(image(pt)).value : image(pt);
  const policy: A.Identifier = { type: 'Identifier', span: span(pt), name };
  if (quoted) policy.quoted = true;
  else {
    const colon = name.indexOf(':');
    if (colon >= 0 && !ENRICH_MODES.includes(name.slice(0, colon).toLowerCase())) refuse(pt, CHECKS.enrichMode(name.slice(0, colon)), { start: starts[pt], end: starts[pt] + colon });
  }
  let on: A.ColumnPattern | undefined;
  if (kinds[p] === ON) {
    p++;
    on = qualifiedNamePattern();
  }
  const withs: A.EnrichField[] = [];
  if (kinds[p] === WITH) {
    p++;
    withs.push(enrichWithClause());
    while (kinds[p] === COMMA) {
      p++;
      withs.push(enrichWithClause());
    }
  }
  const cmd: A.EnrichCommand = { type: 'EnrichCommand', span: { start: starts[kw], end: lastEnd() }, policy, with: withs };
  if (on) cmd.on = on;
  return cmd;
}

function enrichWithClause(): A.EnrichField {
  if (p >= count) throw BAIL;
  const start = starts[p];
  let newName: A.ColumnPattern | undefined;
  if (namedAhead(IS_PATTERN)) {
    newName = qualifiedNamePattern();
    expect(ASSIGN);
  }
  const field = qualifiedNamePattern();
  const f: A.EnrichField = { type: 'EnrichField', span: { start, end: lastEnd() }, field };
  if (newName) f.newName = newName;
  return f;
}

function joinCommand(): A.JoinCommand {
  const kw = p++;
  const t = kinds[kw];
  if (t !== LOOKUP && !snapshot) refuse(kw, CHECKS.snapshotOnly(`${image(kw).toUpperCase()} JOIN`));
  expect(JOIN);
  const first = p;
  const target = indexPattern(false);
  if (target.selector !== undefined) refuse(first, CHECKS.joinSelector, target.span);
  expect(ON);
  const conditions = [booleanExpression()];
  while (kinds[p] === COMMA) {
    p++;
    conditions.push(booleanExpression());
  }
  const problem = joinProblem(target, conditions);
  if (problem) refuse(first, problem.message, problem.span);
  const joinType = t === LOOKUP ? 'lookup' : t === LEFT ? 'left' : t === RIGHT ? 'right' : 'full';
  return { type: 'JoinCommand', span: { start: starts[kw], end: lastEnd() }, joinType, target, conditions };
}

function changePointCommand(): A.ChangePointCommand {
  const kw = p++;
  const value = qualifiedName();
  let key: A.Column | undefined;
  let typeName: A.Column | undefined;
  let pvalueName: A.Column | undefined;
  if (kinds[p] === ON) {
    p++;
    key = qualifiedName();
  }
  if (kinds[p] === AS) {
    p++;
    typeName = qualifiedName();
    expect(COMMA);
    pvalueName = qualifiedName();
  }
  const cmd: A.ChangePointCommand = { type: 'ChangePointCommand', span: { start: starts[kw], end: lastEnd() }, value };
  if (key) cmd.key = key;
  if (typeName) {
    cmd.typeName = typeName;
    cmd.pvalueName = pvalueName;
  }
  return cmd;
}

function rerankCommand(): A.RerankCommand {
  const kw = p++;
  let target: A.Column | undefined;
  if (namedAhead(IS_NAME)) {
    target = qualifiedName();
    expect(ASSIGN);
  }
  const query = constant();
  expect(ON);
  const rerankFields = fields();
  const options = commandOptions();
  const cmd: A.RerankCommand = { type: 'RerankCommand', span: { start: starts[kw], end: lastEnd() }, query, fields: rerankFields };
  if (target) cmd.target = target;
  if (options) cmd.options = options;
  return cmd;
}

function forkCommand(): A.ForkCommand {
  const kw = p++;
  if (kinds[p] !== LP) throw BAIL;
  const branches: A.ForkBranch[] = [];
  let ninth = -1;
  while (kinds[p] === LP) {
    const open = p++;
    if (branches.length === 8) ninth = open;
    const commands: A.Command[] = [processingCommand()];
    pipedCommands(commands);
    expect(RP);
    branches.push({ type: 'ForkBranch', span: { start: starts[open], end: lastEnd() }, commands });
  }
  // The reference path: at least two branches, at most 8.
  if (branches.length < 2) refuse(kw, CHECKS.forkOneBranch, { start: starts[kw], end: branches[0].span.end });
  if (ninth >= 0) refuse(ninth, CHECKS.forkBranches, branches[8].span);
  return { type: 'ForkCommand', span: { start: starts[kw], end: lastEnd() }, branches };
}

function fuseCommand(): A.FuseCommand {
  const kw = p++;
  let method: A.Identifier | undefined;
  if (kinds[p] === UNQUOTED_IDENTIFIER || kinds[p] === QUOTED_IDENTIFIER) method = identifier(p++);
  // The clauses in text order: the reference path gives each name to the keyword before it.
  const clauses: Array<[number, A.Column]> = [];
  let options: A.MapExpression | undefined;
  for (;;) {
    const t = kinds[p];
    if (t === SCORE || t === GROUP || t === KEY) {
      p++;
      expect(BY);
      clauses.push([t, qualifiedName()]);
      while (t === KEY && kinds[p] === COMMA) {
        p++;
        clauses.push([t, qualifiedName()]);
      }
    } else if (t === WITH) {
      p++;
      const m = mapExpression();
      options ??= m;
    } else break;
  }
  const cmd: A.FuseCommand = { type: 'FuseCommand', span: { start: starts[kw], end: lastEnd() }, key: [] };
  if (method) cmd.method = method;
  for (const [t, col] of clauses) {
    if (t === SCORE) cmd.score = col;
    else if (t === GROUP) cmd.group = col;
    else cmd.key.push(col);
  }
  if (options) cmd.options = options;
  return cmd;
}

/** URI_PARTS, REGISTERED_DOMAIN, USER_AGENT, IP_LOCATION: `prefix = primaryExpression`, the last two with options. */
function enrichingCommand(): A.UriPartsCommand | A.RegisteredDomainCommand | A.UserAgentCommand | A.IpLocationCommand {
  const kw = p++;
  const t = kinds[kw];
  const target = qualifiedName();
  expect(ASSIGN);
  const expression = primary();
  const s = { start: starts[kw], end: 0 };
  if (t === URI_PARTS || t === REGISTERED_DOMAIN) {
    s.end = lastEnd();
    return t === REGISTERED_DOMAIN ? { type: 'RegisteredDomainCommand', span: s, target, expression } : { type: 'UriPartsCommand', span: s, target, expression };
  }
  const options = commandOptions();
  s.end = lastEnd();
  const cmd: A.UserAgentCommand | A.IpLocationCommand = t === IP_LOCATION ? { type: 'IpLocationCommand', span: s, target, expression } : { type: 'UserAgentCommand', span: s, target, expression };
  if (options) cmd.options = options;
  return cmd;
}

function mmrCommand(): A.MmrCommand {
  const kw = p++;
  let queryVector: A.Expression | undefined;
  if (kinds[p] !== ON) queryVector = primary();
  expect(ON);
  const on = qualifiedName();
  expect(MMR_LIMIT);
  const limit = constant();
  const options = commandOptions();
  const cmd: A.MmrCommand = { type: 'MmrCommand', span: { start: starts[kw], end: lastEnd() }, on, limit: limit.type === 'Literal' ? limit : undefined };
  if (queryVector) cmd.queryVector = queryVector;
  if (options) cmd.options = options;
  return cmd;
}

// ------------------------------------------------------------ names

function qualifiedName(): A.Column {
  if (IS_NAME[kinds[p]] !== 1) throw BAIL;
  const first = p++;
  while (kinds[p] === DOT) {
    p++;
    if (IS_NAME[kinds[p]] !== 1) throw BAIL;
    p++;
  }
  return column(first, p - 1, lastEnd());
}

function qualifiedNamePattern(): A.ColumnPattern {
  if (IS_PATTERN[kinds[p]] !== 1) throw BAIL;
  const first = p++;
  while (kinds[p] === DOT) {
    p++;
    if (IS_PATTERN[kinds[p]] !== 1) throw BAIL;
    p++;
  }
  const parts: string[] = [];
  let wildcard = false;
  let parameterized = false;
  // Parts that are their text, without blanks around their dots: the name is the text itself (no join).
  let plain = true;
  for (let k = first; k < p; k += 2) {
    if (k > first && (ends[k - 2] !== starts[k - 1] || ends[k - 1] !== starts[k])) plain = false;
    if (kinds[k] === ID_PATTERN) {
      const text = image(k);
      // Without backquotes the name is the text (decodePattern builds it a character at a time).
      if (text.indexOf('`') < 0) {
        parts.push(text);
        wildcard ||= text.indexOf('*') >= 0;
        continue;
      }
      const d = decodePattern(text);
      parts.push(d.name);
      wildcard ||= d.wildcard;
      plain = false;
    } else {
      parameterized = true;
      parts.push(image(k));
    }
  }
  const name = parts.length === 1 ? parts[0] : plain ? src.slice(starts[first], ends[p - 1]) : parts.join('.');
  const pat: A.ColumnPattern = { type: 'ColumnPattern', span: { start: starts[first], end: lastEnd() }, name, parts, wildcard };
  if (parameterized) pat.parameterized = true;
  return pat;
}

// ------------------------------------------------------------ expressions

type Suffix =
  | { kind: 'in'; negated: boolean; list: A.Expression[]; end: number }
  | { kind: 'like'; negated: boolean; operator: 'like' | 'rlike'; patterns: A.Literal[]; list: boolean; end: number }
  | { kind: 'null'; negated: boolean; end: number }
  | { kind: 'match'; query: A.Literal | A.ListLiteral; end: number };

/**
 * One predicate of a boolean expression: NOTs (token indexes), a value expression (`count` operators:
 * `ops[0..count-1]` between `operands[0..count]`, the arrays reused from predicate to predicate; `cmp`:
 * index of its comparison in `ops`), a suffix.
 */
interface Pred {
  start: number;
  nots: number[] | undefined;
  operands: A.Expression[];
  ops: number[];
  count: number;
  cmp: number;
  suffix: Suffix | undefined;
  /** With a suffix: the end of the value expression before it. */
  valueEnd: number;
  /** How many entries of `operands` this parse set (cleared after it). */
  used: number;
}

/** The records of the predicates being read, by nesting depth of booleanExpression. */
const predPool: Pred[] = [];
let predDepth = 0;
/** The deepest `predDepth` of this parse (the records to clear after it). */
let deepestPred = 0;

function startPredicate(pr: Pred, start: number, nots: number[] | undefined): void {
  pr.start = start;
  pr.nots = nots;
  pr.count = 0;
  pr.cmp = -1;
  pr.suffix = undefined;
}

/**
 * The expression of a predicate, as the reference notExpression / predicate / valueExpression build it;
 * `end`: the end of its text (its value's, without a suffix, is `pr.valueEnd`).
 */
function predicate(pr: Pred, end: number): A.Expression {
  let value: A.Expression;
  const n = pr.count;
  const valueEnd = pr.suffix ? pr.valueEnd : end;
  if (!n) value = pr.operands[0];
  else if (pr.cmp < 0) value = fold(pr.operands, pr.ops, 0, n, pr.start, valueEnd);
  else {
    const k = pr.cmp;
    const op = pr.ops[k];
    const left = fold(pr.operands, pr.ops, 0, k, pr.start, ends[op - 1]);
    const right = fold(pr.operands, pr.ops, k + 1, n, starts[op + 1], valueEnd);
    value = binary(left, op, right, pr.start, valueEnd);
  }
  let e = pr.suffix ? applySuffix(value, pr.suffix, { start: pr.start, end: pr.suffix.end }) : value;
  if (pr.nots) {
    for (let k = pr.nots.length - 1; k >= 0; k--) e = { type: 'UnaryExpression', span: { start: starts[pr.nots[k]], end }, operator: 'not', operand: e };
  }
  return e;
}

function applySuffix(expression: A.Expression, s: Suffix, sp: Span): A.Expression {
  switch (s.kind) {
    case 'in':
      return { type: 'InExpression', span: sp, expression, negated: s.negated, list: s.list };
    case 'like':
      return { type: 'LikeExpression', span: sp, operator: s.operator, expression, negated: s.negated, patterns: s.patterns, list: s.list };
    case 'null':
      return { type: 'IsNullExpression', span: sp, expression, negated: s.negated };
    case 'match': {
      let f: A.Expression = expression;
      let fieldType: A.Identifier | undefined;
      if (f.type === 'Cast' && f.expr.type === 'Column') {
        fieldType = { type: 'Identifier', span: f.targetTypeSpan, name: f.targetType };
        f = f.expr;
      }
      if (f.type !== 'Column') refuse(p, CHECKS.matchField, expression.span);
      const m: A.MatchExpression = { type: 'MatchExpression', span: sp, field: f, query: s.query.type === 'Literal' ? s.query : undefined };
      if (fieldType) m.fieldType = fieldType;
      return m;
    }
  }
}

/**
 * The reference booleanExpression, andExpression, notExpression, predicate and valueExpression in one
 * loop: `NOT* operand`, then binary operators (OR, AND, comparisons, arithmetic), each followed by an
 * operand (with NOT* after OR and AND), or a predicate suffix (IN, LIKE, RLIKE, IS NULL, `:`).
 * Precedence is applied after the loop; what the reference grammar does not accept in that order (a
 * second comparison, NOT after another operator, an operator after a suffix) gives up.
 */
function booleanExpression(): A.Expression {
  // Where the expression's text starts (its first NOT or operand, a parenthesis included).
  const exprStart = starts[p];
  let nots: number[] | undefined;
  while (kinds[p] === NOT) (nots ??= []).push(p++);
  if (p >= count) throw BAIL;
  // This call's predicate record (one per nesting depth, reused: nothing allocated per predicate).
  const pred = (predPool[predDepth++] ??= { start: 0, nots: undefined, operands: [], ops: [], count: 0, cmp: -1, suffix: undefined, valueEnd: 0, used: 0 });
  if (predDepth > deepestPred) deepestPred = predDepth;
  startPredicate(pred, starts[p], nots);
  pred.operands[0] = operand();
  if (pred.used === 0) pred.used = 1;
  // Each predicate is folded in when it ends (AND over OR, both left-associative, as fold(..., 'and')
  // would fold the list of them), so that a long chain keeps no list of predicates alive: `acc` is the
  // AND chain being built, `low` the OR chain before it (`lowOp` its last OR), `logic` the AND or OR
  // before the current predicate (-1 before the first); `accStart` and `predStart` where the text of
  // `acc` and of the current predicate (its NOTs included) start.
  let acc: A.Expression | undefined;
  let accStart = exprStart;
  let predStart = exprStart;
  let low: A.Expression | undefined;
  let lowOp = -1;
  let logic = -1;
  for (;;) {
    const t = kinds[p];
    // The AND or OR after the current predicate, and the first operand of the next one.
    let op = -1;
    let next: A.Expression | undefined;
    let start = 0;
    let inner: number[] | undefined;
    if (IS_BINARY[t] === 1) {
      op = p++;
      while (kinds[p] === NOT) (inner ??= []).push(p++);
      if (p >= count) throw BAIL;
      start = starts[p];
      const right = operand();
      if (t === AND || t === OR) next = right;
      else {
        if (inner || pred.suffix) throw BAIL;
        if (IS_COMPARISON[t] === 1) {
          if (pred.cmp >= 0) throw BAIL;
          if (t === CIEQ && !snapshot) refuse(op, CHECKS.snapshotOnly("The case-insensitive comparison '=~'"));
          pred.cmp = pred.count;
        }
        pred.ops[pred.count] = op;
        pred.operands[++pred.count] = right;
        if (pred.count >= pred.used) pred.used = pred.count + 1;
        continue;
      }
    } else if (STARTS_SUFFIX[t] === 1) {
      const valueEnd = lastEnd();
      const suffix = predicateSuffix();
      if (pred.suffix) throw BAIL;
      pred.suffix = suffix;
      pred.valueEnd = valueEnd;
      continue;
    }
    // The predicate's text ends before the AND or OR after it, or here.
    const predEnd = next ? ends[op - 1] : lastEnd();
    const e = predicate(pred, predEnd);
    if (logic < 0) acc = e;
    else if (kinds[logic] === AND) acc = binary(acc!, logic, e, accStart, predEnd);
    else {
      low = low === undefined ? acc : binary(low, lowOp, acc!, exprStart, ends[logic - 1]);
      lowOp = logic;
      acc = e;
      accStart = predStart;
    }
    if (!next) break;
    logic = op;
    predStart = starts[op + 1];
    startPredicate(pred, start, inner);
    pred.operands[0] = next;
  }
  predDepth--;
  return low === undefined ? acc! : binary(low, lowOp, acc!, exprStart, lastEnd());
}

/** IN (...), LIKE / RLIKE patterns, IS NULL, `: constant`, each maybe negated. */
function predicateSuffix(): Suffix {
  const t = kinds[p];
  if (t === IS) {
    p++;
    let negated = false;
    if (kinds[p] === NOT) {
      p++;
      negated = true;
    }
    expect(NULL);
    return { kind: 'null', negated, end: lastEnd() };
  }
  if (t === COLON) {
    p++;
    return { kind: 'match', query: constant(), end: lastEnd() };
  }
  let negated = false;
  if (t === NOT) {
    p++;
    negated = true;
  }
  const u = kinds[p];
  if (u === IN) {
    p++;
    expect(LP);
    const list = [valueExpression()];
    while (kinds[p] === COMMA) {
      p++;
      list.push(valueExpression());
    }
    expect(RP);
    return { kind: 'in', negated, list, end: lastEnd() };
  }
  if (u !== LIKE && u !== RLIKE) throw BAIL;
  p++;
  const patterns: A.Literal[] = [];
  let list = false;
  if (kinds[p] === LP) {
    p++;
    patterns.push(likePattern());
    while (kinds[p] === COMMA) {
      p++;
      patterns.push(likePattern());
    }
    expect(RP);
    list = true;
  } else patterns.push(likePattern());
  return { kind: 'like', negated, operator: u === LIKE ? 'like' : 'rlike', patterns, list, end: lastEnd() };
}

function likePattern(): A.Literal {
  const t = kinds[p];
  if (t !== QUOTED_STRING && t !== PARAM && t !== NAMED_OR_POSITIONAL_PARAM) throw BAIL;
  return literalToken(p++);
}

/** The chain `operand (arith operand)*` from `first` (its text from `start`), folded with multiplicative precedence. */
function arithmetic(first: A.Expression, start: number): A.Expression {
  if (IS_ARITHMETIC[kinds[p]] !== 1) return first;
  const operands = [first];
  const ops: number[] = [];
  while (IS_ARITHMETIC[kinds[p]] === 1) {
    ops.push(p++);
    operands.push(operand());
  }
  return fold(operands, ops, 0, ops.length, start, lastEnd());
}

/** additive [comparison additive] (an element of an IN list). */
function valueExpression(): A.Expression {
  const start = starts[p];
  const left = arithmetic(operand(), start);
  if (IS_COMPARISON[kinds[p]] !== 1) return left;
  const op = p++;
  const right = arithmetic(operand(), starts[op + 1]);
  if (kinds[op] === CIEQ && !snapshot) refuse(op, CHECKS.snapshotOnly("The case-insensitive comparison '=~'"));
  return binary(left, op, right, start, lastEnd());
}

/**
 * Unary signs over a primary expression: the reference unaryExpression, primaryExpression, atom,
 * functionCall, qualifiedName and exprConstant in one function, the atom decided by its first token
 * (the reference atom's gates are the checks after a name: `(` makes a call, a parameter without `.`
 * is a literal).
 */
function operand(): A.Expression {
  let signs: number[] | undefined;
  while (kinds[p] === MINUS || kinds[p] === PLUS) (signs ??= []).push(p++);
  // A cast or a sign covers the text of its operand, parentheses included.
  const atomStart = starts[p];
  let e = atom();
  while (kinds[p] === CAST_OP) {
    p++;
    const t = kinds[p];
    if (t !== UNQUOTED_IDENTIFIER && t !== QUOTED_IDENTIFIER) throw BAIL;
    const idk = p++;
    const id = identifier(idk);
    const targetType = id.name.toLowerCase();
    if (id.name && !castTypes.includes(targetType)) refuse(idk, CHECKS.castType(id.name), id.span);
    e = { type: 'Cast', span: { start: atomStart, end: id.span.end }, expr: e, targetType, targetTypeSpan: id.span };
  }
  if (!signs) return e;
  const end = lastEnd();
  for (let k = signs.length - 1; k >= 0; k--) {
    const op = signs[k];
    e = { type: 'UnaryExpression', span: { start: starts[op], end }, operator: kinds[op] === MINUS ? '-' : '+', operand: e };
  }
  return e;
}

function atom(): A.Expression {
  const t = kinds[p];
  if (IS_FUNCTION_NAME[t] === 1) return nameOrCall();
  switch (t) {
    case INTEGER_LITERAL: {
      const int = p++;
      const unit = kinds[p] === UNQUOTED_IDENTIFIER ? p++ : -1;
      return integerLiteral(int, unit, '', { start: starts[int], end: lastEnd() });
    }
    case NULL:
    case TRUE:
    case FALSE:
    case DECIMAL_LITERAL:
    case QUOTED_STRING:
      return literalToken(p++);
    case OPENING_BRACKET:
      return arrayLiteral();
    case LP: {
      p++;
      const e = booleanExpression();
      expect(RP);
      return e;
    }
  }
  throw BAIL;
}

/** A name: a function call when `(` follows, else a column, or a parameter literal (`?`, `?x` without `.`). */
function nameOrCall(): A.Expression {
  const first = p++;
  const type = kinds[first];
  let call: { args: A.Expression[]; star: boolean; map: A.MapExpression | undefined } | undefined;
  if (kinds[p] === LP) call = callArguments();
  let dotted = false;
  while (kinds[p] === DOT) {
    p++;
    if (IS_NAME[kinds[p]] !== 1) throw BAIL;
    p++;
    dotted = true;
  }
  if (call) {
    if (dotted) throw BAIL;
    const fn: A.FunctionCall = {
      type: 'FunctionCall',
      span: { start: starts[first], end: lastEnd() },
      name: type === QUOTED_IDENTIFIER ? unquoteName(image(first)) : image(first),
      nameSpan: span(first),
      args: call.args,
    };
    if (call.star) fn.star = true;
    if (call.map) fn.options = call.map;
    return fn;
  }
  if (type === FIRST || type === LAST) throw BAIL;
  if (!dotted && (type === PARAM || type === NAMED_OR_POSITIONAL_PARAM)) return paramLiteral(token(first));
  return column(first, p - 1, lastEnd());
}

/** `( [* | expression (, expression | map)*] )` of a function call. */
function callArguments(): { args: A.Expression[]; star: boolean; map: A.MapExpression | undefined } {
  p++; // (
  const args: A.Expression[] = [];
  let star = false;
  let map: A.MapExpression | undefined;
  let maps = 0;
  const t = kinds[p];
  if (t === ASTERISK) {
    p++;
    star = true;
  } else if (STARTS_EXPRESSION[t] === 1) {
    args.push(booleanExpression());
    while (kinds[p] === COMMA) {
      p++;
      if (kinds[p] === LEFT_BRACES) {
        const at = p;
        const m = mapExpression();
        // One map, the last argument (build.ts reports a second one at the first).
        if (maps++ === 0) map = m;
        else refuse(at, CHECKS.mapLast, map!.span);
      } else {
        const e = booleanExpression();
        if (map) refuse(p, CHECKS.mapLast, map.span);
        args.push(e);
      }
    }
  }
  expect(RP);
  return { args, star, map };
}

function mapExpression(): A.MapExpression {
  const open = expect(LEFT_BRACES);
  const entries: A.MapEntry[] = [];
  if (kinds[p] === QUOTED_STRING) {
    entries.push(mapEntry());
    while (kinds[p] === COMMA) {
      p++;
      entries.push(mapEntry());
    }
  }
  expect(RIGHT_BRACES);
  return { type: 'MapExpression', span: { start: starts[open], end: lastEnd() }, entries };
}

function mapEntry(): A.MapEntry {
  const k = expect(QUOTED_STRING);
  expect(COLON);
  const value = kinds[p] === LEFT_BRACES ? mapExpression() : constant();
  return { type: 'MapEntry', span: { start: starts[k], end: lastEnd() }, key: stringLiteral(token(k)), value };
}

/** A constant where Elasticsearch expects one (LIMIT, options, map values): signs belong to numbers. */
function constant(): A.Literal | A.ListLiteral {
  const t = kinds[p];
  if (t === PLUS || t === MINUS || t === INTEGER_LITERAL || t === DECIMAL_LITERAL) {
    const start = starts[p];
    let prefix = '';
    if (t === PLUS || t === MINUS) {
      if (t === MINUS) prefix = '-';
      p++;
    }
    const u = kinds[p];
    if (u === INTEGER_LITERAL) {
      const int = p++;
      const unit = kinds[p] === UNQUOTED_IDENTIFIER ? p++ : -1;
      return integerLiteral(int, unit, prefix, { start, end: lastEnd() });
    }
    const dec = expect(DECIMAL_LITERAL);
    return { type: 'Literal', literalType: 'decimal', span: { start, end: lastEnd() }, value: prefix + image(dec) };
  }
  switch (t) {
    case NULL:
    case TRUE:
    case FALSE:
    case QUOTED_STRING:
    case PARAM:
    case NAMED_OR_POSITIONAL_PARAM:
      return literalToken(p++);
    case OPENING_BRACKET:
      return arrayLiteral();
  }
  throw BAIL;
}

const literalKind = (e: A.Literal) => (e.literalType === 'integer' || e.literalType === 'decimal' ? 'number' : e.literalType);

function arrayLiteral(): A.ListLiteral {
  const open = p++;
  const elements = [arrayElement()];
  while (kinds[p] === COMMA) {
    p++;
    elements.push(arrayElement());
  }
  expect(CLOSING_BRACKET);
  const kind = literalKind(elements[0]);
  for (const e of elements) if (literalKind(e) !== kind) refuse(open, CHECKS.mixedList, { start: starts[open], end: lastEnd() });
  return { type: 'ListLiteral', span: { start: starts[open], end: lastEnd() }, elements };
}

function arrayElement(): A.Literal {
  const t = kinds[p];
  if (t === PLUS || t === MINUS || t === INTEGER_LITERAL || t === DECIMAL_LITERAL) {
    const start = starts[p];
    let prefix = '';
    if (t === PLUS || t === MINUS) {
      if (t === MINUS) prefix = '-';
      p++;
    }
    const u = kinds[p];
    if (u !== INTEGER_LITERAL && u !== DECIMAL_LITERAL) throw BAIL;
    const value = prefix + image(p++);
    const s = { start, end: lastEnd() };
    return u === INTEGER_LITERAL ? { type: 'Literal', literalType: 'integer', span: s, value } : { type: 'Literal', literalType: 'decimal', span: s, value };
  }
  if (t === TRUE || t === FALSE || t === QUOTED_STRING) return literalToken(p++);
  throw BAIL;
}

// ------------------------------------------------------------ entry points

let overflowed = false;

/**
 * Where the last `fastParseScanned` gave up: the index of the token it stopped at (scanned.count: the
 * end), and whether it ran out of stack instead (only when the host left it far less stack than Node's
 * default: it recurses once per `(` and the compact scan lets through at most MAX_EXPRESSION_DEPTH);
 * `check`: the reference builder's diagnostic there when it gave up on one of its checks (`refuse`).
 */
export function bailedAt(): { token: number; overflowed: boolean; check?: { message: string; span: Span; code: string } } {
  return refusal ? { token: p, overflowed, check: refusal } : { token: p, overflowed };
}

/**
 * The AST of the query the lexer scanned last (lexer.ts `scan`, which must have reported nothing), or
 * undefined when the fast path gives up and the reference path must parse it.
 */
export function fastParseScanned(text: string, snapshotMode = false): A.Query | undefined {
  src = text;
  snapshot = snapshotMode;
  kinds = scanned.kinds;
  starts = scanned.starts;
  ends = scanned.ends;
  count = scanned.count;
  p = 0;
  predDepth = 0;
  overflowed = false;
  refusal = undefined;
  try {
    return statements();
  } catch (e) {
    // BAIL, or a query nested beyond the stack: the reference path reports it.
    overflowed = e instanceof RangeError;
    return undefined;
  } finally {
    src = '';
    // The predicate records hold no part of this AST past the parse (and a deep nesting no records).
    if (predPool.length > 64) predPool.length = 64;
    for (let d = 0; d < predPool.length && d < deepestPred; d++) {
      const pr = predPool[d];
      startPredicate(pr, 0, undefined);
      const operands = pr.operands;
      for (let k = 0; k < pr.used; k++) operands[k] = undefined as unknown as A.Expression;
      pr.used = 0;
    }
    deepestPred = 0;
  }
}

/**
 * `fastParseScanned`, also taking top-level pipes with no command after them, which the reference path
 * reports (`EMPTY_PIPE` at each) and otherwise ignores: a query being typed (`FROM a | WHERE b |`),
 * or thousands of `|`, need not go through the reference path for that. `keep`: how many of their
 * spans to return (in order); `count`: how many there are.
 */
export function fastParseScannedWithEmptyPipes(text: string, keep: number, snapshotMode = false): { ast: A.Query; emptyPipes: Span[]; count: number } | undefined {
  emptyPipes = [];
  emptyPipesKept = keep;
  emptyPipeCount = 0;
  try {
    const ast = fastParseScanned(text, snapshotMode);
    return ast && { ast, emptyPipes: emptyPipes.map(span), count: emptyPipeCount };
  } finally {
    emptyPipes = undefined;
  }
}

/**
 * The same on Chevrotain's token objects (as `lex` gives them; for tests): undefined when the fast
 * path gives up.
 */
export function fastParse(tokens: IToken[], snapshotMode = false): A.Query | undefined {
  // The images at their offsets, blanks between: what the parser reads of the text.
  let text = '';
  const n = tokens.length;
  const saved = { count: scanned.count, kinds: scanned.kinds, starts: scanned.starts, ends: scanned.ends };
  scanned.kinds = new Uint16Array(n + 1);
  scanned.starts = new Int32Array(n + 1);
  scanned.ends = new Int32Array(n + 1);
  scanned.count = n;
  tokens.forEach((t, k) => {
    text += ' '.repeat(t.startOffset - text.length) + t.image;
    scanned.kinds[k] = t.tokenTypeIdx;
    scanned.starts[k] = t.startOffset;
    scanned.ends[k] = t.endOffset! + 1;
  });
  try {
    return fastParseScanned(text, snapshotMode);
  } finally {
    Object.assign(scanned, saved);
  }
}
