import { EOF, type IRecognitionException, type IToken } from './chevrotain.js';
import { capDiagnostics, diagnostic, MAX_DIAGNOSTICS_PER_CODE, recoveryStoppedDiagnostic, summaryDiagnostic, withoutStackTraces, type Diagnostic, type ExpectedItem, type ParseResult, type Span } from '@esql-lint/core';
import type { ParseOptions, Query } from './ast.js';
import { AstBuilder, EMPTY_PIPE } from './build.js';
import { lex, LIMIT_COMMANDS, LIMIT_NONE, MAX_EXPRESSION_DEPTH, MAX_QUERY_DEPTH, scan, scanned } from './lexer.js';
import { parserTokensOf } from './garbage-runs.js';
import { getParser, parseTokens, REFERENCE_NESTING } from './parser.js';
import { bailedAt, fastParseScannedWithEmptyPipes } from './fast.js';
import { treeTooDeep } from './expression-depth.js';
import { Garbage, INVALID, PROMQL_TEXT, tokenLabels } from './tokens.js';

export type * from './ast.js';
export { walk, children, type Visitor } from './walk.js';
export { print, columnName } from './print.js';
export { format } from './format.js';
export { fieldReferences } from './references.js';
export { syntaxTokens } from './syntax-tokens.js';
export { GROK_PATTERN_NAMES } from './grok-patterns.js';

/** Alias of fieldReferences: every column reference with its role ('read' or 'define'). */
export { fieldReferences as columnReferences } from './references.js';

let referenceOnly = false;

/**
 * Internal, for tests and A/B measurements: `true` sends every query through the reference path
 * (parser.ts + build.ts), which the fast path (fast.ts) must agree with.
 */
export function setReferenceOnly(on: boolean): void {
  referenceOnly = on;
}

function errorSpan(text: string, e: IRecognitionException): { start: number; end: number } {
  const t = e.token;
  if (!t || t.tokenType === EOF || !Number.isFinite(t.startOffset)) return { start: text.length, end: text.length };
  return { start: t.startOffset, end: t.endOffset! + 1 };
}

/**
 * Parses an ES|QL query. Never throws: the result always has a (possibly partial) AST, and every
 * problem is a `syntax-error` diagnostic with the range of the offending text.
 */
export function parse(text: string, options: ParseOptions = {}): ParseResult<Query> {
  // Chevrotain's recognition exceptions are Errors: capturing their stacks was most of the cost of a
  // query full of errors.
  return withoutStackTraces(() => parseUnsafe(sequential(text), options));
}

/**
 * `text` as one sequential string (same content). A query read from a rule file is a slice of the file's
 * text (V8 keeps it as a SlicedString: a parent and an offset), and every `charCodeAt` of the lexer's
 * loops then goes through the parent; on a copy of its own the corpus queries parse ~12 % faster, and
 * the copy costs ~1 % of that. A join of two parts is the cheap way to get one (`slice`, `concat`, a
 * join of one part return slices or the string itself).
 */
function sequential(text: string): string {
  return text.length < 32 ? text : [text.slice(0, 1), text.slice(1)].join('');
}

/**
 * The reference path's diagnostics of a query whose only problems are `count` pipes with no command
 * after them (`spans`: the first of them), as capDiagnostics leaves them: each at its `|`, or the
 * first MAX_DIAGNOSTICS_PER_CODE and one summary of the others at the next one. Only those are made.
 */
function emptyPipeDiagnostics(spans: Span[], count: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const shown = count > MAX_DIAGNOSTICS_PER_CODE ? MAX_DIAGNOSTICS_PER_CODE : count;
  for (let k = 0; k < shown; k++) out.push(diagnostic('syntax-error', 'error', EMPTY_PIPE, spans[k]));
  if (count > shown) out.push(summaryDiagnostic('syntax-error', 'error', count - shown, spans[shown]));
  return out;
}

function emptyQuery(text: string): Query {
  return { type: 'Query', span: { start: 0, end: text.length }, settings: [], commands: [] };
}

/** Elasticsearch's messages for its depth limits (lexer.ts), with what they count. */
const EXPRESSION_TOO_DEEP =
  `ES|QL statement exceeded the maximum expression depth allowed (${MAX_EXPRESSION_DEPTH}): Elasticsearch refuses a query whose ` +
  `parentheses, function calls and prefix operators (NOT, -, +) go more than ${MAX_EXPRESSION_DEPTH} levels deep, and this is the level past it`;
const TREE_TOO_DEEP =
  `ES|QL statement exceeded the maximum expression depth allowed (${MAX_EXPRESSION_DEPTH}): Elasticsearch builds this expression ` +
  `more than ${MAX_EXPRESSION_DEPTH} levels deep (one level for each operand of an operator chain, function call and prefix operator, ` +
  `two for each parenthesis)`;

/**
 * A clean query's result, with Elasticsearch's check of the depth of the tree it builds (expression-depth.ts),
 * which it makes only once the query parsed.
 */
function checkedTree(ast: Query, diagnostics: Diagnostic[]): ParseResult<Query> {
  if (diagnostics.length === 0) {
    const at = treeTooDeep(ast);
    if (at) return { ast, diagnostics: [diagnostic('syntax-error', 'error', TREE_TOO_DEEP, at)] };
  }
  return { ast, diagnostics };
}
const TOO_MANY_COMMANDS =
  `ESQL statement exceeded the maximum query depth allowed (${MAX_QUERY_DEPTH}): Elasticsearch accepts at most ${MAX_QUERY_DEPTH} ` +
  `processing commands in a query, and this is command ${MAX_QUERY_DEPTH + 1}`;

/**
 * The result for a text past one of Elasticsearch's depth limits (`scanned.limit`): one diagnostic at
 * the token or command past it, and no parse. Elasticsearch lexes the whole query first, so a lexical
 * error anywhere is reported instead (random bytes go past the limits by their unmatched parentheses:
 * their lexical errors tell more).
 */
function pastLimit(text: string, lexDiagnostics: Diagnostic[]): ParseResult<Query> {
  if (lexDiagnostics.length) return { ast: emptyQuery(text), diagnostics: capDiagnostics(lexDiagnostics) };
  const message = scanned.limit === LIMIT_COMMANDS ? TOO_MANY_COMMANDS : EXPRESSION_TOO_DEEP;
  return { ast: emptyQuery(text), diagnostics: [diagnostic('syntax-error', 'error', message, { start: scanned.limitStart, end: scanned.limitEnd })] };
}

/**
 * The result for a text nested deeper than REFERENCE_NESTING (within Elasticsearch's limits) that the
 * hand-written parser did not parse: its first problem, one diagnostic. With lexical errors, those
 * (Chevrotain's recovery is not run that deep); otherwise the token where the fast path stopped, with the
 * builder's message when it stopped at one of the builder's checks (an ENRICH mode, LIMIT -1...).
 */
function deepProblem(text: string, lexDiagnostics: Diagnostic[]): ParseResult<Query> {
  const note = `the query nests more than ${REFERENCE_NESTING} levels deep, where esql-lint reads it with its fast parser only and reports the first problem it meets`;
  if (lexDiagnostics.length) {
    const [first, ...rest] = lexDiagnostics;
    return { ast: emptyQuery(text), diagnostics: capDiagnostics([{ ...first, message: `${first.message} (${note})` }, ...rest]) };
  }
  const bail = bailedAt();
  if (bail.check) return { ast: emptyQuery(text), diagnostics: [diagnostic(bail.check.code, 'error', `${bail.check.message} (${note})`, bail.check.span)] };
  const end = text.length;
  const span = bail.token >= scanned.count ? { start: end, end } : { start: scanned.starts[bail.token], end: scanned.ends[bail.token] };
  const message = bail.overflowed
    ? 'The query is nested too deeply to be parsed here (too little stack left)'
    : span.start === end
      ? `Unexpected end of the query (${note})`
      : `Unexpected '${text.slice(span.start, Math.min(span.end, span.start + 40))}' (${note})`;
  return { ast: emptyQuery(text), diagnostics: [diagnostic('syntax-error', 'error', message, span)] };
}

function parseUnsafe(text: string, options: ParseOptions): ParseResult<Query> {
  try {
    const lexDiagnostics = scan(text);
    // Past Elasticsearch's depth limits nothing more is done.
    if (scanned.limit !== LIMIT_NONE) return pastLimit(text, lexDiagnostics);
    // Too deep for Chevrotain's recursion: the hand-written parser alone (on both paths).
    const deep = scanned.nesting > REFERENCE_NESTING;
    // A clean query takes the fast path (fast.ts, on the lexer's compact tokens); anything else, the
    // reference path below, on Chevrotain's token objects.
    if (!lexDiagnostics.length && (!referenceOnly || deep)) {
      const fast = fastParseScannedWithEmptyPipes(text, MAX_DIAGNOSTICS_PER_CODE + 1, options.snapshot === true);
      if (fast) return checkedTree(fast.ast, emptyPipeDiagnostics(fast.emptyPipes, fast.count));
    }
    if (deep) return deepProblem(text, lexDiagnostics);
    // The reference path, without the tokens inside segments that can only be garbage (garbage-runs.ts).
    const { tokens, droppedPipes } = parserTokensOf(text);
    const { cst, errors } = parseTokens(tokens);
    // Out of stack (or past the parser's rule-stack limit): reported as the RangeError it was.
    if (getParser().overflow.overflowed) throw new RangeError('Maximum call stack size exceeded');
    const diagnostics: Diagnostic[] = [...lexDiagnostics];
    const lexed = new Set(lexDiagnostics.map((d) => d.span.start));
    // Sets, not scans of the list: a query full of errors must stay linear.
    const spans = new Set(lexDiagnostics.map((d) => `${d.span.start}:${d.span.end}`));
    for (const e of errors) {
      const span = errorSpan(text, e);
      // The lexer already explained invalid characters and broken strings.
      if (e.token?.tokenType === INVALID || lexed.has(span.start)) continue;
      const key = `${span.start}:${span.end}`;
      if (spans.has(key)) continue;
      spans.add(key);
      diagnostics.push(diagnostic('syntax-error', 'error', e.message, span));
    }
    const builder = new AstBuilder(text, options.snapshot === true, droppedPipes);
    const ast = builder.query(cst);
    const starts = new Set(diagnostics.map((d) => d.span.start));
    for (const d of builder.diagnostics) {
      // One message per place: the parser's own explanation wins over the builder's generic one.
      if (starts.has(d.span.start)) continue;
      starts.add(d.span.start);
      diagnostics.push(d);
    }
    const stopped = recoveryStoppedDiagnostic(getParser().recovery, text.length);
    if (stopped) diagnostics.push(stopped);
    diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    return checkedTree(ast, capDiagnostics(diagnostics));
  } catch (err) {
    // Defensive: a bug must not take the caller down.
    return {
      ast: emptyQuery(text),
      diagnostics: [
        diagnostic('syntax-error', 'error', err instanceof RangeError ? 'The query is nested too deeply to be parsed' : `Internal parser error: ${(err as Error)?.message ?? String(err)}`, {
          start: 0,
          end: text.length,
        }),
      ],
    };
  }
}

/**
 * What may come next at `offset`: keywords (commands, operators, options) and token classes
 * (`field name`, `string`...). Computed from the grammar with the text before `offset`.
 */
export function expectedAt(text: string, offset: number): ExpectedItem[] {
  try {
    const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
    let tokens: IToken[] = lex(before).tokens;
    // A word being typed right at the offset is what we complete: drop it.
    const last = tokens[tokens.length - 1];
    if (last && last.endOffset! + 1 === before.length && /\w$/.test(before)) tokens = tokens.slice(0, -1);
    const parser = getParser();
    const suggestions = parser.computeContentAssist('statements', tokens);
    const out: ExpectedItem[] = [];
    const seen = new Set<string>();
    for (const s of suggestions) {
      const t = s.nextTokenType;
      if (t === Garbage || t === INVALID || t === PROMQL_TEXT) continue;
      const label = tokenLabels.get(t);
      if (!label) continue;
      const key = label.kind + ':' + label.label;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ kind: label.kind, label: label.label });
    }
    return out;
  } catch {
    return [];
  }
}
