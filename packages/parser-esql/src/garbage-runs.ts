import { createTokenInstance, type IToken, type TokenType } from './chevrotain.js';
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

let skipping = true;

/** Internal, for tests: `false` gives the parser every token (what the skipping must not change). */
export function setGarbageSkipping(on: boolean): void {
  skipping = on;
}

export function parserTokensOf(text: string): IToken[] {
  const { count, kinds, starts, ends } = scanned;
  const tokens: IToken[] = [];
  const add = (k: number) => {
    tokens.push(createTokenInstance(TOKEN_TYPES[kinds[k]], text.slice(starts[k], ends[k]), starts[k], ends[k] - 1, NaN, NaN, NaN, NaN));
  };
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
  }
  return tokens;
}
