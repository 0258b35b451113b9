import { createTokenInstance, type IToken, type TokenType } from './chevrotain.js';
import { MAX_DIAGNOSTICS_PER_CODE, type Span } from '@esql-lint/core';
import { scanned, TOKEN_TYPES } from './lexer.js';
import * as T from './tokens.js';

/**
 * Chevrotain's token objects of the last scan for the reference parser, without the inside of the
 * segments that can only be garbage.
 *
 * The grammar (parser.ts `statements`) reads an optional source command, then `garbage`, then for
 * each `|` an optional processing command and `garbage`; `garbage` takes every token up to the next
 * `|` (every token type but PIPE is of the Garbage category), with no error and no recovery. A segment
 * (the tokens before the first `|`, or between two `|`) whose first token can start no command
 * (`STARTS_NO_COMMAND`: an unknown command word, an invalid character) is therefore all garbage, and
 * what the AST builder reads of it is its first and last token (the ErrorCommand's name, message and
 * span: build.ts `errorCommand`). The tokens between them are left out: the parser takes the same
 * decisions (its lookahead, two tokens, never reaches inside such a segment from outside it), reports
 * the same errors, and the builder the same AST and diagnostics. Random bytes are mostly such
 * segments: a token object and a CST entry for each of their tokens was most of the cost of a parse.
 */
const STARTS_NO_COMMAND = new Uint8Array(256);
for (const t of [T.UNKNOWN_CMD, T.INVALID]) STARTS_NO_COMMAND[t.tokenTypeIdx!] = 1;

/** The token types `STARTS_NO_COMMAND` holds (for the test that checks them against the grammar). */
export const startsNoCommand: readonly TokenType[] = [T.UNKNOWN_CMD, T.INVALID];

const PIPE = T.PIPE.tokenTypeIdx!;
const LP = T.LP.tokenTypeIdx!;
const OPENING_BRACKET = T.OPENING_BRACKET.tokenTypeIdx!;

let skipping = true;

/** Internal, for tests: `false` gives the parser every token (what the skipping must not change). */
export function setGarbageSkipping(on: boolean): void {
  skipping = on;
}

/**
 * The pipes left out after a kept one (by its start offset), as the AST builder reports them: the spans
 * of the first ones, and how many others (`extra`, from `extraSpan` on) stand for one summary.
 */
export type DroppedPipes = Map<number, { spans: Span[]; extra: number; extraSpan: Span | undefined }>;

/**
 * The tokens for the parser, and the pipes left out. Besides the inside of garbage segments, the
 * middle of a run of three or more `|` is left out when no `(` or `[` comes before it: there the
 * grammar has no nested pipeline, so each `|` is one iteration of `statements`' loop, and a `|` with
 * another right after it is an empty one (no command, no garbage, no error: the parser cannot have an
 * error there, its state is that of the `|` before). The builder reports each left-out `|` as it
 * reports an empty `|` (build.ts: EMPTY_PIPE), after the first of the run, if the parser reached it.
 * Only the first `keep` of them are made diagnostics; the others one summary, which capDiagnostics
 * counts for what it stands for.
 */
export function parserTokensOf(text: string, keep = MAX_DIAGNOSTICS_PER_CODE + 1): { tokens: IToken[]; droppedPipes: DroppedPipes } {
  const { count, kinds, starts, ends } = scanned;
  const tokens: IToken[] = [];
  const droppedPipes: DroppedPipes = new Map();
  const add = (k: number) => {
    tokens.push(createTokenInstance(TOKEN_TYPES[kinds[k]], text.slice(starts[k], ends[k]), starts[k], ends[k] - 1, NaN, NaN, NaN, NaN));
  };
  // Pipe runs are left out only before the first opening parenthesis or bracket.
  let opener = 0;
  while (opener < count && kinds[opener] !== LP && kinds[opener] !== OPENING_BRACKET) opener++;
  let spans = 0;
  let k = 0;
  while (k < count) {
    // A segment starts here (the query's start, or after a `|`): k..end-1.
    let end = k;
    while (end < count && kinds[end] !== PIPE) end++;
    if (skipping && end - k > 2 && STARTS_NO_COMMAND[kinds[k]] === 1) {
      add(k);
      add(end - 1);
    } else for (let j = k; j < end; j++) add(j);
    if (end < count) add(end);
    k = end + 1;
    // A run of pipes end..last (all PIPE): its middle is left out, `last` is kept.
    let last = end;
    while (last + 1 < count && kinds[last + 1] === PIPE) last++;
    if (skipping && last - end >= 2 && last < opener) {
      const run = { spans: [] as Span[], extra: 0, extraSpan: undefined as Span | undefined };
      for (let j = end + 1; j < last; j++) {
        if (spans < keep) {
          run.spans.push({ start: starts[j], end: ends[j] });
          spans++;
        } else {
          run.extraSpan ??= { start: starts[j], end: ends[j] };
          run.extra++;
        }
      }
      droppedPipes.set(starts[end], run);
      add(last);
      k = last + 1;
    }
  }
  return { tokens, droppedPipes };
}
