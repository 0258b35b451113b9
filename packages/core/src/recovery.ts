import { diagnostic, type Diagnostic } from './diagnostic.js';
import { cacheRecovery } from './recovery-cache.js';
import { unwindWithoutThrow } from './recovery-unwind.js';

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
  /** Needed with `grammarOnlyMessages` (the MismatchedToken messages are cached too). */
  MismatchedTokenException?: new (message: string, token: any, previousToken: any) => Error;
}

export interface RecoveryLimit {
  /** The token at which the parser stopped recovering, in the last parse (undefined if it did not). */
  stoppedAt: { startOffset: number } | undefined;
}

/** Syntax errors after which a parser gives up on the rest of the input. */
export const MAX_PARSER_ERRORS = 250;

// Chevrotain's PROD_TYPE numbers (repetitions that must iterate once) by their production names.
const EARLY_EXIT_PRODUCTIONS: Record<number, string> = { 2: 'RepetitionMandatory', 3: 'RepetitionMandatoryWithSeparator' };

export interface RecoveryOptions {
  /**
   * The parser's errorMessageProvider builds its NoViableAlt, EarlyExit and MismatchedToken messages from
   * the grammar position alone (expected paths or token type, rule name), never from the actual or
   * previous tokens: each message is then built once per grammar position and reused.
   */
  grammarOnlyMessages?: boolean;
  /**
   * Make the recognition exceptions without Chevrotain's constructors (see recognitionException): the
   * same fields and prototype. Needs `MismatchedTokenException` in the api. Implied by grammarOnlyMessages.
   */
  lightExceptions?: boolean;
  /**
   * `false`: no `context` (the human-readable rule stack) on the saved errors; for parsers whose
   * diagnostics never read it (two arrays per error, as long as the rule stack).
   */
  errorContext?: boolean;
  /** Also cache Chevrotain's per-error follow-set work (see recovery-cache.ts); needs the EOF token type. */
  cacheFollows?: { EOF: any };
  /**
   * NoViableAlt errors recovered without throwing them through the rules (see recovery-unwind.ts); needs
   * Chevrotain's isRecognitionException. Call after performSelfAnalysis, before unwindOnOverflow.
   */
  unwindWithoutThrow?: { isRecognitionException(e: unknown): boolean };
}

/**
 * A recognition exception as Chevrotain's constructors make it (same prototype, name, message, token,
 * resyncedTokens, previousToken), without running them: they call Error's constructor and
 * Object.setPrototypeOf for each instance, a good part of the cost of an error. No stack (none is
 * captured during a parse anyway, see withoutStackTraces).
 */
function recognitionException(Ctor: new (...args: any[]) => Error, name: string, message: string, token: unknown, previousToken: unknown): Error {
  const e = Object.create(Ctor.prototype);
  e.message = message;
  e.token = token;
  e.resyncedTokens = [];
  e.previousToken = previousToken;
  e.name = name;
  return e;
}

export function limitRecovery(parser: object, api: RecoveryApi, maxErrors = MAX_PARSER_ERRORS, options: RecoveryOptions = {}): RecoveryLimit {
  const p = parser as any;
  const state: RecoveryLimit = { stoppedAt: undefined };
  // Paths (and, with grammarOnlyMessages, messages) by rule short name (a multiple of 4096 in Chevrotain),
  // production kind and occurrence: a number, no string built per error.
  const paths = new Map<number, { ruleName: string; found: any; message?: string }>();
  const KIND = { Alternation: 1, RepetitionMandatory: 2, RepetitionMandatoryWithSeparator: 3 } as Record<string, number>;
  const pathsFor = (kind: string, occurrence: number) => {
    const key = (p.currRuleShortName * 4 + (KIND[kind] ?? 0)) * 4096 + occurrence;
    let entry = Number.isSafeInteger(key) && occurrence < 4096 ? paths.get(key) : undefined;
    if (entry === undefined) {
      const ruleName: string = p.getCurrRuleFullName();
      const found = api.getLookaheadPaths({ occurrence, rule: p.getGAstProductions()[ruleName], prodType: kind, maxLookahead: p.maxLookahead });
      entry = { ruleName, found };
      if (Number.isSafeInteger(key) && occurrence < 4096) paths.set(key, entry);
    }
    return entry;
  };
  const lookahead = () => {
    const actual = [];
    for (let i = 1; i <= p.maxLookahead; i++) actual.push(p.LA(i));
    return actual;
  };
  const grammarOnly = options.grammarOnlyMessages === true;
  const light = (grammarOnly || options.lightExceptions === true) && api.MismatchedTokenException !== undefined;
  const make = light
    ? (Ctor: new (...args: any[]) => Error, name: string, message: string, token: unknown, previous: unknown) => recognitionException(Ctor, name, message, token, previous)
    : (Ctor: new (...args: any[]) => Error, _name: string, message: string, token: unknown, previous: unknown) => new Ctor(message, token, previous);

  p.raiseNoAltException = function raiseNoAltException(occurrence: number, errMsgTypes: string | undefined) {
    const entry = pathsFor('Alternation', occurrence);
    const previous = p.LA(0);
    let message = grammarOnly && errMsgTypes === undefined ? entry.message : undefined;
    if (message === undefined) {
      message = p.errorMessageProvider.buildNoViableAltMessage({
        expectedPathsPerAlt: entry.found, actual: lookahead(), previous, customUserDescription: errMsgTypes, ruleName: entry.ruleName,
      }) as string;
      if (grammarOnly && errMsgTypes === undefined) entry.message = message;
    }
    const error = p.SAVE_ERROR(make(api.NoViableAltException, 'NoViableAltException', message, p.LA(1), previous));
    if (pend !== undefined && pend(error)) return;
    throw error;
  };
  p.raiseEarlyExitException = function raiseEarlyExitException(occurrence: number, prodType: number, userDefinedErrMsg: string | undefined) {
    const entry = pathsFor(EARLY_EXIT_PRODUCTIONS[prodType] ?? 'RepetitionMandatory', occurrence);
    let message = grammarOnly && userDefinedErrMsg === undefined ? entry.message : undefined;
    if (message === undefined) {
      message = p.errorMessageProvider.buildEarlyExitMessage({
        expectedIterationPaths: entry.found[0], actual: lookahead(), previous: p.LA(0), customUserDescription: userDefinedErrMsg, ruleName: entry.ruleName,
      }) as string;
      if (grammarOnly && userDefinedErrMsg === undefined) entry.message = message;
    }
    throw p.SAVE_ERROR(make(api.EarlyExitException, 'EarlyExitException', message, p.LA(1), p.LA(0)));
  };
  if (light) {
    // Chevrotain's consumeInternalError, with a light exception (and the message cached per rule and
    // expected token type with grammarOnlyMessages).
    const Mismatched = api.MismatchedTokenException!;
    const mismatch = new Map<number, string>();
    p.consumeInternalError = function consumeInternalError(tokType: any, nextToken: unknown, options: { ERR_MSG?: string } | undefined) {
      const previousToken = p.LA(0);
      let msg: string | undefined;
      if (options !== undefined && options.ERR_MSG) msg = options.ERR_MSG;
      else {
        const key = p.currRuleShortName * 4096 + tokType.tokenTypeIdx;
        const cacheable = grammarOnly && Number.isSafeInteger(key) && tokType.tokenTypeIdx < 4096;
        msg = cacheable ? mismatch.get(key) : undefined;
        if (msg === undefined) {
          msg = p.errorMessageProvider.buildMismatchTokenMessage({ expected: tokType, actual: nextToken, previous: previousToken, ruleName: p.getCurrRuleFullName() }) as string;
          if (cacheable) mismatch.set(key, msg);
        }
      }
      throw p.SAVE_ERROR(recognitionException(Mismatched, 'MismatchedTokenException', msg, nextToken, previousToken));
    };
  }
  if (options.cacheFollows) cacheRecovery(parser, options.cacheFollows);
  const pend = options.unwindWithoutThrow ? unwindWithoutThrow(parser, options.unwindWithoutThrow.isRecognitionException) : undefined;

  const save = p.SAVE_ERROR;
  const withContext = options.errorContext !== false;
  p.SAVE_ERROR = function SAVE_ERROR(error: unknown) {
    // Chevrotain's SAVE_ERROR adds the context and keeps the error (it is only given recognition exceptions).
    let saved = error;
    if (withContext) saved = save.call(p, error);
    else p._errors.push(error);
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
