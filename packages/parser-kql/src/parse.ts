import type { CstElement, CstNode, IToken } from 'chevrotain';
import { MAX_DIAGNOSTICS_PER_CODE, capDiagnostics, diagnostic, LineIndex, recoveryStoppedDiagnostic, summaryDiagnostic, withoutStackTraces, type Diagnostic, type ParseResult, type Position } from '@esql-lint/core';
import type { ErrorNode, Query } from './ast.js';
import { AstBuilder, spanOf } from './build.js';
import { bailedAt, fastParseScanned } from './fast.js';
import type { LiteralPayload } from './lexer.js';
import { lexicalDiagnostics, parserDiagnostic, shorten } from './messages.js';
import { getParser, REFERENCE_NESTING } from './parser.js';
import { K_END, scan, scanCompact, scanned } from './scan.js';

export interface ParseOptions {
  /**
   * Kibana's `query:allowLeadingWildcards` advanced setting (default true). When false, a value starting
   * with `*` (other than a lone `*`) is an error, as in Kibana.
   */
  allowLeadingWildcards?: boolean;
  /**
   * Where an offset of the query is, for messages that cite a position ("the '(' at line 10, column
   * 41"). By default lines and columns of the query text itself; a host that embeds the query (a rule
   * file) passes its own, so that messages cite the FILE's line and column.
   */
  positionOf?: (offset: number) => Position;
}

/** Lexes `text`. Never throws. */
export function lex(text: string): IToken[] {
  return scan(text).tokens;
}

function collectTokens(node: CstNode, into: Set<IToken>): void {
  for (const list of Object.values(node.children)) {
    for (const el of list as CstElement[]) {
      if ('image' in el) into.add(el);
      else collectTokens(el, into);
    }
  }
}

/** Runs of tokens that recovery skipped, as error nodes. */
function skippedInput(tokens: IToken[], cst: CstNode, end: number): ErrorNode[] {
  const used = new Set<IToken>();
  collectTokens(cst, used);
  const out: ErrorNode[] = [];
  let run: IToken[] = [];
  const flush = () => {
    if (run.length) out.push({ type: 'Error', span: spanOf(run, end) });
    run = [];
  };
  for (const t of tokens) {
    if (used.has(t)) flush();
    else run.push(t);
  }
  flush();
  return out;
}

function leadingWildcardDiagnostics(tokens: IToken[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.tokenType.name !== 'UnquotedLiteral') continue;
    const p = t.payload as LiteralPayload;
    // Kibana checks values (after ':' or free text), not field names nor range bounds.
    const next = tokens[i + 1]?.tokenType.name;
    const prev = tokens[i - 1]?.tokenType.name;
    if (next === 'Colon' || next === 'Lt' || next === 'Lte' || next === 'Gt' || next === 'Gte') continue;
    if (prev === 'Lt' || prev === 'Lte' || prev === 'Gt' || prev === 'Gte') continue;
    if (p.leadingWildcard) {
      out.push(
        diagnostic(
          'syntax-error',
          'error',
          'Leading wildcards are disabled (Kibana setting query:allowLeadingWildcards)',
          { start: t.startOffset, end: t.startOffset + 1 },
        ),
      );
    }
  }
  return out;
}

let useFastPath = true;

/** Turns the fast path off (`false`) or on, for tests that compare it with the main path. */
export function setFastPath(on: boolean): void {
  useFastPath = on;
}

/** Parses a KQL (Kibana Query Language) query. Never throws: errors become diagnostics and a partial AST. */
export function parse(text: string, options: ParseOptions = {}): ParseResult<Query> {
  return withoutStackTraces(() => parseText(text, options));
}


/** The result for a text nested past MAX_NESTING: one diagnostic at the bracket past the limit. */
function tooDeep(end: number, at: number): ParseResult<Query> {
  return {
    ast: { type: 'Query', span: { start: 0, end }, body: undefined, errors: [{ type: 'Error', span: { start: 0, end } }] },
    diagnostics: [diagnostic('syntax-error', 'error', 'The query is nested too deeply to be parsed', { start: at, end: at + 1 })],
  };
}

/**
 * The result for a text nested deeper than REFERENCE_NESTING that the hand-written parser does not parse
 * (`clean`: it lexed cleanly, so its first syntax error is where the parser stopped; otherwise the
 * scan's first problem, an unterminated string or an invalid escape).
 */
function deepError(text: string, clean: boolean): ParseResult<Query> {
  const end = text.length;
  const note = `the query is nested more than ${REFERENCE_NESTING} levels deep, where only its first error is reported`;
  let message: string;
  let span: { start: number; end: number };
  if (clean) {
    const bail = bailedAt();
    const i = bail.token;
    span = scanned.kinds[i] === K_END ? { start: end, end } : { start: scanned.starts[i], end: scanned.ends[i] };
    if (bail.overflowed) message = 'The query is nested too deeply to be parsed';
    else message = span.start === end ? `Unexpected end of the query (${note})` : `Unexpected '${shorten(text.slice(span.start, span.end))}' (${note})`;
  } else {
    const at = scanned.problem;
    if (text[at] === '"') {
      span = { start: at, end: at + 1 };
      message = `Unterminated quoted string: this '"' is never closed (${note})`;
    } else {
      span = { start: at, end: Math.min(end, at + 2) };
      message = `Invalid escape '${text.slice(span.start, span.end)}' (${note})`;
    }
  }
  return {
    ast: { type: 'Query', span: { start: 0, end }, body: undefined, errors: [{ type: 'Error', span: { start: 0, end } }] },
    diagnostics: [diagnostic('syntax-error', 'error', message, span)],
  };
}

function parseText(text: string, options: ParseOptions): ParseResult<Query> {
  const end = text.length;
  let lines: LineIndex | undefined;
  const positionOf = options.positionOf ?? ((offset: number) => (lines ??= new LineIndex(text)).position(offset));
  try {
    // The compact scan (no token objects) says whether the text lexes cleanly and how deeply it nests:
    // past MAX_NESTING nothing more is done (not even tokens: 14 MB of 'a:{' took GBs of them).
    const noWildcards = options.allowLeadingWildcards === false;
    let clean = scanCompact(text, noWildcards);
    // A lexical error (not a `*` refused by noWildcards) before the bracket past the limit is reported
    // instead (random bytes nest deep by their unmatched brackets: their first error tells more).
    const lexicalError = text[scanned.problem] === '"' || text[scanned.problem] === '\\';
    if (scanned.tooDeep >= 0 && !(lexicalError && scanned.problem < scanned.tooDeep)) return tooDeep(end, scanned.tooDeep);
    // Too deep for Chevrotain's recursion: the hand-written parser alone (on both paths). A `*` refused by
    // noWildcards is not an error in itself: the scan is made again with wildcards, and they are checked
    // on the tokens after the parse.
    const deep = scanned.tooDeep >= 0 || scanned.depth > REFERENCE_NESTING;
    let wildcards = false;
    if (deep && !clean && noWildcards && !lexicalError) {
      clean = scanCompact(text, false);
      wildcards = true;
    }
    // Error-free queries (most of them) take the fast path: the hand-written parser (fast.ts) gives up on
    // anything else. Then the main path.
    if ((useFastPath || deep) && clean) {
      const body = fastParseScanned(text);
      if (body !== undefined) {
        const diagnostics = wildcards ? leadingWildcardDiagnostics(scan(text).tokens) : [];
        return { ast: { type: 'Query', span: { start: 0, end }, body: body ?? undefined, errors: [] }, diagnostics: capDiagnostics(diagnostics) };
      }
    }
    if (deep) return deepError(text, clean);
    // The scanner keeps the first 101 errors (the 101st locates the summary) and counts the others.
    const lexed = scan(text, MAX_DIAGNOSTICS_PER_CODE + 1);
    const tokens = lexed.tokens;
    const diagnostics: Diagnostic[] = [];
    // Past the cap, lexer errors are only counted.
    for (const e of lexed.errors.slice(0, MAX_DIAGNOSTICS_PER_CODE)) {
      diagnostics.push(
        diagnostic('syntax-error', 'error', `Unexpected character '${text[e.offset] ?? ''}'`, {
          start: e.offset,
          end: e.offset + Math.max(1, e.length),
        }),
      );
    }
    if (lexed.errorCount > MAX_DIAGNOSTICS_PER_CODE) {
      const e = lexed.errors[MAX_DIAGNOSTICS_PER_CODE];
      diagnostics.push(summaryDiagnostic('syntax-error', 'error', lexed.errorCount - MAX_DIAGNOSTICS_PER_CODE, { start: e.offset, end: e.offset + Math.max(1, e.length) }));
    }
    const lexical = lexicalDiagnostics(tokens);
    diagnostics.push(...lexical);
    if (options.allowLeadingWildcards === false) diagnostics.push(...leadingWildcardDiagnostics(tokens));

    const parser = getParser();
    parser.input = tokens;
    const cst = parser.query();
    // Out of stack: the parser stopped at once (core unwindOnOverflow); reported as the RangeError it was.
    if (parser.overflow.overflowed) throw new RangeError('Maximum call stack size exceeded');
    const unterminated = lexical.length > 0;
    const seen = new Set<number>();
    for (const e of parser.errors) {
      const d = parserDiagnostic(e, text, tokens, positionOf);
      // An unterminated string swallows the rest of the query: what is missing at the end is a consequence.
      if (unterminated && d.span.start === end) continue;
      if (seen.has(d.span.start)) continue;
      seen.add(d.span.start);
      diagnostics.push(d);
    }
    const stopped = recoveryStoppedDiagnostic(parser.recovery, end);
    if (stopped) diagnostics.push(stopped);
    diagnostics.sort((a, b) => a.span.start - b.span.start);
    const body = new AstBuilder(end).query(cst);
    // Without a syntax error the parser consumed every token: nothing was skipped.
    const errors = parser.errors.length > 0 ? skippedInput(tokens, cst, end) : [];
    const ast: Query = { type: 'Query', span: { start: 0, end }, body, errors };
    return { ast, diagnostics: capDiagnostics(diagnostics) };
  } catch (err) {
    // Defensive: a bug must not crash the caller.
    return {
      ast: { type: 'Query', span: { start: 0, end }, body: undefined, errors: [{ type: 'Error', span: { start: 0, end } }] },
      diagnostics: [
        diagnostic('syntax-error', 'error', err instanceof RangeError ? 'The query is nested too deeply to be parsed' : `Internal parser error: ${(err as Error)?.message ?? String(err)}`, {
          start: 0,
          end,
        }),
      ],
    };
  }
}

