/** `parse(text)`: lexing, parsing with recovery, AST building and diagnostics. Never throws. */
import { MAX_DIAGNOSTICS_PER_CODE, capDiagnostics, diagnostic, recoveryStoppedDiagnostic, summaryDiagnostic, withoutStackTraces, type Diagnostic, type ParseResult } from '@esql-lint/core';
import type { CstNode, IRecognitionException, IToken } from 'chevrotain';
import type { Expression, Query } from './ast.js';
import { AstBuilder } from './build.js';
import { bailedAt, completedOperands, fastParseScanned } from './fast.js';
import * as T from './lexer.js';
import { describeFound, expectedLabels, hintFor, joinAlternatives, lexerMessage, type ErrorFacts } from './messages.js';
import { getParser } from './parser.js';
import { REFERENCE_NESTING } from './reference-nesting.js';
import { scan, scanCompact, scanToken, scanned } from './scan.js';

export interface ParseOptions {
  /** Reserved for future use (e.g. an Elasticsearch version). */
  readonly [key: string]: unknown;
}

export interface LexResult {
  tokens: IToken[];
  diagnostics: Diagnostic[];
}

export function lex(text: string): LexResult {
  // The scanner's tokens carry their inclusive end (the parser's node locations, our spans, need it).
  // Past the cap, lexer errors are only counted (random bytes give one per character): the scanner keeps
  // the first 101 (the 101st locates the summary).
  const result = scan(text, MAX_DIAGNOSTICS_PER_CODE + 1);
  const diagnostics: Diagnostic[] = [];
  const errors = result.errors;
  for (const e of errors.length > MAX_DIAGNOSTICS_PER_CODE ? errors.slice(0, MAX_DIAGNOSTICS_PER_CODE) : errors) {
    const span = { start: e.offset, end: e.offset + Math.max(1, e.length) };
    diagnostics.push(diagnostic('syntax-error', 'error', lexerMessage(text, e.offset, e.length), span));
  }
  if (result.errorCount > MAX_DIAGNOSTICS_PER_CODE) {
    const e = errors[MAX_DIAGNOSTICS_PER_CODE];
    diagnostics.push(summaryDiagnostic('syntax-error', 'error', result.errorCount - MAX_DIAGNOSTICS_PER_CODE, { start: e.offset, end: e.offset + Math.max(1, e.length) }));
  }
  for (const b of result.groups.bad ?? []) {
    const message = b.image === '&&' ? "'&&' is not an EQL operator: use 'and'" : "'||' is not an EQL operator: use 'or'";
    const span = { start: b.startOffset, end: b.startOffset + b.image.length };
    diagnostics.push(diagnostic('syntax-error', 'error', message, span, [{ title: `Replace with '${b.image === '&&' ? 'and' : 'or'}'`, edits: [{ span, newText: b.image === '&&' ? 'and' : 'or' }], safe: true }]));
  }
  for (const c of result.groups.comments ?? []) {
    if (c.image.startsWith('/*') && (c.image.length < 4 || !c.image.endsWith('*/'))) {
      diagnostics.push(
        diagnostic('syntax-error', 'error', "Unterminated comment: add the closing '*/'", {
          start: c.startOffset,
          end: c.startOffset + 2,
        }),
      );
    }
  }
  return { tokens: result.tokens, diagnostics };
}

function emptyQuery(text: string): Query {
  return { type: 'Query', span: { start: 0, end: text.length }, body: undefined, pipes: [] };
}

export function parse(text: string, _options?: ParseOptions): ParseResult<Query> {
  if (typeof text !== 'string') text = String(text);
  try {
    return withoutStackTraces(() => parseUnsafe(text));
  } catch (e) {
    const tooDeep = e instanceof RangeError;
    const message = tooDeep ? TOO_DEEP : `Internal parser error: ${(e as Error)?.message ?? e}`;
    return {
      ast: emptyQuery(text),
      diagnostics: [diagnostic('syntax-error', 'error', message, { start: 0, end: text.length })],
    };
  }
}

let useFastPath = true;

/** Turns the fast path off (`false`) or on, for tests that compare it with the main path. */
export function setFastPath(on: boolean): void {
  useFastPath = on;
}

const TOO_DEEP = 'The query is too deeply nested to be parsed';

/**
 * The result for a text nested deeper than REFERENCE_NESTING that the hand-written parser does not take
 * (`clean`: it lexed cleanly, so its first problem is where the parser stopped; otherwise the scan's
 * first lexical problem): one diagnostic.
 */
function deepProblem(text: string, clean: boolean): ParseResult<Query> {
  const end = text.length;
  const note = `the query is nested more than ${REFERENCE_NESTING} levels deep, where only its first problem is reported`;
  let d: Diagnostic;
  if (clean) {
    const bail = bailedAt();
    const i = bail.token;
    const span = i >= scanned.count ? { start: end, end } : { start: scanned.starts[i], end: scanned.ends[i] };
    if (bail.overflowed) d = diagnostic('syntax-error', 'error', TOO_DEEP, span);
    else if (bail.check) d = diagnostic(bail.check.code, 'error', `${bail.check.message} (${note})`, bail.check.span);
    else d = diagnostic('syntax-error', 'error', span.start === end ? `Unexpected end of the query (${note})` : `Unexpected '${text.slice(span.start, Math.min(span.end, span.start + 40))}' (${note})`, span);
  } else {
    // The first lexical diagnostic, as `lex` words it, for the text up to the first problem's token.
    const first = lex(text.slice(0, Math.min(end, scanned.problem + 2))).diagnostics.find((x) => x.span.start >= scanned.problem);
    const span = first?.span ?? { start: scanned.problem, end: Math.min(end, scanned.problem + 1) };
    d = diagnostic('syntax-error', 'error', `${first?.message ?? `Unexpected character '${text[scanned.problem]}'`} (${note})`, span);
  }
  return { ast: emptyQuery(text), diagnostics: [d] };
}

function parseUnsafe(text: string): ParseResult<Query> {
  // The compact scan (no token objects) says whether the text lexes cleanly (what `lex` would report
  // nothing on) and how deeply it nests: past MAX_NESTING nothing more is done.
  const clean = scanCompact(text);
  // A lexical problem before the token past the limit is reported instead (random bytes nest deep by
  // their unmatched brackets: their first error tells more).
  const at = scanned.tooDeep;
  if (at >= 0 && !(scanned.problem >= 0 && scanned.problem < at)) {
    return { ast: emptyQuery(text), diagnostics: [diagnostic('syntax-error', 'error', TOO_DEEP, { start: at, end: at + (text[at] === '!' ? 2 : text.startsWith('not', at) ? 3 : 1) })] };
  }
  // Too deep for Chevrotain's recursion: the hand-written parser alone (on both paths).
  const deep = at >= 0 || scanned.depth > REFERENCE_NESTING;
  // Error-free queries (most of them) take the fast path (fast.ts); it gives up on anything else.
  if ((useFastPath || deep) && clean) {
    const fast = fastParseScanned(text);
    if (fast) return { ast: fast.ast, diagnostics: capDiagnostics(dedupe(fast.diagnostics)) };
  }
  if (deep) return deepProblem(text, clean);
  // The main path; for a text that lexed cleanly, with the operands the fast path completed before it gave
  // up each read as one token (see `splicedTokens`).
  const spliced = useFastPath && clean ? splicedTokens(text) : undefined;
  const { tokens, diagnostics } = spliced ?? lex(text);
  if (tokens.length === 0) {
    if (diagnostics.length === 0) {
      diagnostics.push(
        diagnostic('syntax-error', 'error', "Empty query: expected an event query such as 'process where ...', a 'sequence' or a 'sample'", {
          start: text.length,
          end: text.length,
        }),
      );
    }
    return { ast: emptyQuery(text), diagnostics };
  }
  const parser = getParser();
  parser.input = tokens;
  const cst = parser.statement();
  // Out of stack: the parser stopped at once (core unwindOnOverflow); reported as the RangeError it was.
  if (parser.overflow.overflowed) throw new RangeError('Maximum call stack size exceeded');
  const syntax: Diagnostic[] = [];
  // The token right after characters the lexer dropped is not a new error: it was reported there.
  const afterLexerError = new Set<number>();
  if (parser.errors.length > 0) for (const d of diagnostics) afterLexerError.add(firstTokenFrom(tokens, d.span.start));
  let lastIndex = -Infinity;
  for (const e of parser.errors) {
    // A syntax error right after another one is usually a cascade of the first: keep the first only.
    const index = e.token && Number.isFinite(e.token.startOffset) ? tokenIndex(tokens, e.token) : tokens.length;
    if (index >= 0 && index <= lastIndex + 2 && syntax.length > 0) continue;
    if (afterLexerError.has(index)) continue;
    lastIndex = index;
    syntax.push(syntaxDiagnostic(text, tokens, e, index));
  }
  const builder = spliced ? new SplicedBuilder(text, syntax.length > 0, spliced.operands) : new AstBuilder(text, syntax.length > 0 || diagnostics.length > 0);
  const ast = cst ? builder.statement(cst) : emptyQuery(text);
  const stopped = recoveryStoppedDiagnostic(parser.recovery, text.length);
  const all = dedupe([...diagnostics, ...syntax, ...builder.diagnostics]);
  if (stopped) all.push(stopped);
  return { ast, diagnostics: capDiagnostics(all) };
}

/**
 * The tokens of the text `scanCompact` last scanned (it lexed cleanly, so `lex` reports nothing on it) for
 * the main path, when the fast path gave up after completing operands of `and` / `or` (fast.ts
 * `completedOperands`): each of those is one placeholder token spanning it, whose AST the builder takes
 * from the fast path. Undefined when there are none.
 *
 * The main path's parse of the rest is the same: an operand followed by `and` / `or` is a `notExpression`
 * of the grammar, whose parse ends at that operator whatever its tokens are (the placeholder, an
 * identifier, is one); decisions are taken on the tokens from the operand on, and Chevrotain's recovery
 * only moves forward, from the first error, which lies after every completed operand. Its messages depend
 * on the grammar position only (recovery.ts grammarOnlyMessages) and on the tokens from the error on.
 * So the main path reads a few tokens where a rule with a long list (thousands of values) before a typing
 * error at its end had thousands (test/eql-fast-diff.test.ts compares the two on mutations of the corpus).
 */
function splicedTokens(text: string): (LexResult & { operands: Map<number, { end: number; ast: Expression }> }) | undefined {
  const done = completedOperands();
  if (done.count === 0) return undefined;
  const tokens: IToken[] = [];
  const operands = new Map<number, { end: number; ast: Expression }>();
  let next = 0;
  for (let i = 0; i < scanned.count; ) {
    if (next < done.count && done.from[next] === i) {
      const start = scanned.starts[i];
      const end = scanned.ends[done.to[next] - 1];
      tokens.push({ image: text.slice(start, end), startOffset: start, endOffset: end - 1, tokenTypeIdx: T.Identifier.tokenTypeIdx!, tokenType: T.Identifier } as IToken);
      operands.set(start, { end, ast: done.asts[next] });
      i = done.to[next++];
    } else tokens.push(scanToken(text, i++));
  }
  return { tokens, diagnostics: [], operands };
}

/** The builder of a spliced parse: a placeholder's `notExpression` is the operand's AST from the fast path. */
class SplicedBuilder extends AstBuilder {
  constructor(text: string, partial: boolean, private readonly operands: Map<number, { end: number; ast: Expression }>) {
    super(text, partial);
  }
  protected override notExpression(n: CstNode): Expression | undefined {
    const location = n.location;
    const operand = location ? this.operands.get(location.startOffset) : undefined;
    if (operand !== undefined && location!.endOffset === operand.end - 1) return operand.ast;
    return super.notExpression(n);
  }
}

/** The index of `token` in `tokens` (sorted by offset), -1 when it is not one of them (inserted by recovery, EOF). */
function tokenIndex(tokens: IToken[], token: IToken): number {
  const i = firstTokenFrom(tokens, token.startOffset);
  return tokens[i] === token ? i : -1;
}

/** The index of the first token starting at or after `offset` (tokens.length when none). */
function firstTokenFrom(tokens: IToken[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list.sort((a, b) => a.span.start - b.span.start)) {
    const key = `${d.span.start}:${d.span.end}:${d.message}`;
    // One syntax error per position: later cascades at the same offset add nothing.
    const posKey = `${d.span.start}`;
    if (seen.has(key) || (d.message.startsWith('Expected') && seen.has(posKey))) continue;
    seen.add(key);
    seen.add(posKey);
    out.push(d);
  }
  return out;
}

/** The facts of a structured message (messages.ts) and their expected labels, by message: a grammar position's message is one string. */
const factsByMessage = new Map<string, { facts: ErrorFacts; labels: string[] }>();

function factsOf(message: string): { facts: ErrorFacts; labels: string[] } {
  let found = factsByMessage.get(message);
  if (found === undefined) {
    let facts: ErrorFacts;
    try {
      facts = JSON.parse(message) as ErrorFacts;
    } catch {
      facts = { kind: 'noViableAlt', expected: [], rule: '' };
    }
    found = { facts, labels: expectedLabels(facts.expected) };
    // Bounded: messages come from the grammar's positions (a few hundred), but never let it grow without end.
    if (factsByMessage.size > 5000) factsByMessage.clear();
    factsByMessage.set(message, found);
  }
  return found;
}

function syntaxDiagnostic(text: string, tokens: IToken[], e: IRecognitionException, index: number): Diagnostic {
  const { facts, labels } = factsOf(e.message);
  const found = e.token;
  const atEnd = !found || !Number.isFinite(found.startOffset) || found.tokenType.name === 'EOF';
  const span = atEnd ? { start: text.length, end: text.length } : { start: found.startOffset, end: found.startOffset + found.image.length };
  const idx = atEnd ? -1 : index;
  const next = idx >= 0 ? tokens[idx + 1] : undefined;
  let message: string;
  if (facts.kind === 'notAllInput' || (facts.expected.length === 1 && facts.expected[0] === 'EOF' && !atEnd)) {
    message = `Unexpected ${describeFound(found)} after the end of the query${endHint(found)}`;
  } else {
    message = `Expected ${joinAlternatives(labels)} but found ${describeFound(atEnd ? undefined : found)}`;
    if (atEnd) message = `Unexpected end of the query: expected ${joinAlternatives(labels)}`;
  }
  const hint = hintFor(atEnd ? undefined : found, next, facts.expected);
  if (hint) message += `; ${hint}`;
  return diagnostic('syntax-error', 'error', message, span);
}

function endHint(found: IToken | undefined): string {
  if (!found) return '';
  switch (found.tokenType.name) {
    case 'RParen':
      return " (unbalanced ')')";
    case 'RBracket':
      return " (unbalanced ']')";
    case 'Eq':
    case 'Neq':
    case 'Lt':
    case 'Lte':
    case 'Gt':
    case 'Gte':
      return ' (comparisons cannot be chained: combine them with \'and\')';
    case 'Identifier':
      return T.KEYWORDS.has(found.image.toLowerCase()) ? '' : " (missing 'and' / 'or' before it?)";
    case 'DoubleString':
      return " (missing 'and' / 'or' before it?)";
    default:
      return '';
  }
}
