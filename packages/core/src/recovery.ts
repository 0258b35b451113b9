import { diagnostic, type Diagnostic } from './diagnostic.js';

/**
 * Bounds what Chevrotain's error recovery costs, for the three parsers. Core does not depend on
 * chevrotain: each parser passes the few exports used here.
 *
 * - Chevrotain computes the expected token paths of an alternation or repetition again for every
 *   error it reports there (a grammar walk each time); they depend only on the grammar position, so
 *   they are cached per parser (same messages, computed once).
 * - After `maxErrors` errors the parser moves to the end of the input: recovery stops, the rule stack
 *   unwinds at end of input, and the caller reports that the rest of the query is not checked.
 */
export interface RecoveryApi {
  getLookaheadPaths(options: { occurrence: number; rule: any; prodType: any; maxLookahead: number }): any;
  NoViableAltException: new (message: string, token: any, previousToken: any) => Error;
  EarlyExitException: new (message: string, token: any, previousToken: any) => Error;
}

export interface RecoveryLimit {
  /** The token at which the parser stopped recovering, in the last parse (undefined if it did not). */
  stoppedAt: { startOffset: number } | undefined;
}

/** Syntax errors after which a parser gives up on the rest of the input. */
export const MAX_PARSER_ERRORS = 250;

// Chevrotain's PROD_TYPE numbers (repetitions that must iterate once) by their production names.
const EARLY_EXIT_PRODUCTIONS: Record<number, string> = { 2: 'RepetitionMandatory', 3: 'RepetitionMandatoryWithSeparator' };

export function limitRecovery(parser: object, api: RecoveryApi, maxErrors = MAX_PARSER_ERRORS): RecoveryLimit {
  const p = parser as any;
  const state: RecoveryLimit = { stoppedAt: undefined };
  const paths = new Map<string, any>();
  const pathsFor = (kind: string, occurrence: number) => {
    const ruleName: string = p.getCurrRuleFullName();
    const key = `${ruleName}|${kind}|${occurrence}`;
    let found = paths.get(key);
    if (found === undefined) {
      found = api.getLookaheadPaths({ occurrence, rule: p.getGAstProductions()[ruleName], prodType: kind, maxLookahead: p.maxLookahead });
      paths.set(key, found);
    }
    return { ruleName, found };
  };
  const lookahead = () => {
    const actual = [];
    for (let i = 1; i <= p.maxLookahead; i++) actual.push(p.LA(i));
    return actual;
  };

  p.raiseNoAltException = function raiseNoAltException(occurrence: number, errMsgTypes: string | undefined) {
    const { ruleName, found } = pathsFor('Alternation', occurrence);
    const previous = p.LA(0);
    const message = p.errorMessageProvider.buildNoViableAltMessage({
      expectedPathsPerAlt: found, actual: lookahead(), previous, customUserDescription: errMsgTypes, ruleName,
    });
    throw p.SAVE_ERROR(new api.NoViableAltException(message, p.LA(1), previous));
  };
  p.raiseEarlyExitException = function raiseEarlyExitException(occurrence: number, prodType: number, userDefinedErrMsg: string | undefined) {
    const { ruleName, found } = pathsFor(EARLY_EXIT_PRODUCTIONS[prodType] ?? 'RepetitionMandatory', occurrence);
    const message = p.errorMessageProvider.buildEarlyExitMessage({
      expectedIterationPaths: found[0], actual: lookahead(), previous: p.LA(0), customUserDescription: userDefinedErrMsg, ruleName,
    });
    throw p.SAVE_ERROR(new api.EarlyExitException(message, p.LA(1), p.LA(0)));
  };

  const save = p.SAVE_ERROR;
  p.SAVE_ERROR = function SAVE_ERROR(error: unknown) {
    const saved = save.call(p, error);
    if (state.stoppedAt === undefined && p._errors.length >= maxErrors) {
      state.stoppedAt = p.LA(1);
      p.moveToTerminatedState();
    }
    return saved;
  };
  const reset = p.reset;
  p.reset = function resetParser() {
    state.stoppedAt = undefined;
    return reset.call(p);
  };
  return state;
}

/** The diagnostic saying where a parser stopped recovering (see `limitRecovery`). */
export function recoveryStoppedDiagnostic(limit: RecoveryLimit, textLength: number): Diagnostic | undefined {
  const at = limit.stoppedAt;
  if (!at) return undefined;
  const start = Number.isFinite(at.startOffset) ? Math.min(at.startOffset, textLength) : textLength;
  return diagnostic('syntax-error', 'error', `Too many syntax errors: the rest of the query (from here on) is not checked`, { start, end: textLength });
}

/**
 * Runs `fn` with V8's stack trace capture off (`Error.stackTraceLimit = 0`), restoring it after. Chevrotain
 * builds an exception, stack trace included, for every syntax error and recovery catches them all: the
 * traces are never read, and capturing them was about a third of the cost of a syntax error.
 */
export function withoutStackTraces<T>(fn: () => T): T {
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  if (limit === undefined || limit === 0) return fn();
  E.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    E.stackTraceLimit = limit;
  }
}
