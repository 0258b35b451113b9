// parser.ts's nesting limit, in a module of its own: parse.ts reads it on the fast path, where the bundles do not
// evaluate parser.ts (scripts/lazy-reference-parser.mjs; issue 19, start-up).
/**
 * The deepest nesting (scan.ts: brackets and pending prefix operators) the Chevrotain parser is given.
 * Its recursion costs ~5 KB of stack per level of `(` in interpreted frames (8-9 rules a level), ~6.5 KB
 * with error recovery at the bottom (measured with `node --stack-size`: 32 levels and an error ~270 KB).
 * Deeper (up to MAX_NESTING) parse.ts lets the hand-written parser decide alone: it parses a clean
 * query, and reports the first problem of any other (one diagnostic).
 */
export const REFERENCE_NESTING = 32;
