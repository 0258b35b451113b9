/**
 * Chevrotain's error recovery without a throw per rule (issue 15). Chevrotain reports a syntax error by
 * throwing it; every rule wrapper on the way catches it, decides whether it can re-sync there, and
 * throws it again (its `finally` throws it once more, the sub-rule call above once more): four throws,
 * ~1-2 µs each on V8, for every error. A 3 KB EQL query of 1,100 misplaced `or`s (250 errors before
 * recovery stops) spent ~70 % of its 2-3 ms in them.
 *
 * Here the parser's NoViableAlt errors (an alternation none of whose alternatives fits: most errors of
 * an error-dense text) are not thrown. `pend(error)` notes the error and swaps the grammar methods for
 * ones that do nothing (as overflow.ts does when the stack runs out), so the rule body in which it was
 * raised returns at once. Each rule wrapper then takes the decision Chevrotain's `invokeRuleCatch` takes
 * for a caught recognition exception: re-sync here (the methods come back and the rule returns its
 * partial CST, marked `recoveredNode`) or hand the error to the rule above (with the partial CST, which
 * the sub-rule call above adds to its node, as Chevrotain's `subruleInternalError` does). Same errors,
 * same CST, same re-synced tokens as Chevrotain's own; other errors (mismatched tokens, early exits) are
 * still thrown and handled by Chevrotain's code.
 *
 * The replaced rule wrapper and sub-rule call keep Chevrotain's frame count (no extra stack per level).
 * Preconditions, checked where they can be: rules defined with the default config (re-sync on, no
 * recovery value function), no backtracking, a CST parser, and no MANY_SEP / AT_LEAST_ONE_SEP (their
 * separator loops would spin on a method that does nothing). Core does not depend on chevrotain.
 */

/** The methods rule bodies call (and the CST bookkeeping), replaced by a no-op while an error is pending. */
const PAUSED = [
  'consumeInternal',
  'subruleInternal',
  'orInternal',
  'manyInternal',
  'optionInternal',
  'atLeastOneInternal',
  'attemptInRepetitionRecovery',
  'cstPostTerminal',
  'cstPostNonTerminal',
  'cstPostRule',
] as const;

/** Whether the grammar has a production these semantics do not cover (a repetition with a separator). */
function hasSeparatorRepetition(productions: Record<string, any>): boolean {
  const seen = new Set<unknown>();
  const visit = (prod: any): boolean => {
    if (prod === null || typeof prod !== 'object' || seen.has(prod)) return false;
    seen.add(prod);
    if (prod.separator !== undefined) return true;
    return Array.isArray(prod.definition) && prod.definition.some(visit);
  };
  return Object.values(productions).some(visit);
}

/**
 * Installs the no-throw path on a Chevrotain CstParser after performSelfAnalysis. Returns `pend`, which
 * the parser's raiseNoAltException calls with the saved error instead of throwing it (it returns false
 * when the error must be thrown after all), or undefined when the grammar does not qualify.
 */
export function unwindWithoutThrow(parser: object, isRecognitionException: (e: unknown) => boolean): ((error: unknown) => boolean) | undefined {
  const p = parser as any;
  const productions = p.getGAstProductions?.() as Record<string, any> | undefined;
  if (!productions || p.outputCst !== true || hasSeparatorRepetition(productions)) return undefined;
  let pending: any;
  const nothing = () => undefined;
  // Own properties from now on (values change, the shape does not).
  for (const name of PAUSED) p[name] = p[name];
  const real: Record<(typeof PAUSED)[number], any> = Object.fromEntries(PAUSED.map((name) => [name, p[name]])) as any;
  // One named store per method (a loop over the names was a keyed store each, ~10 % of such a parse).
  const pause = () => {
    p.consumeInternal = nothing;
    p.subruleInternal = nothing;
    p.orInternal = nothing;
    p.manyInternal = nothing;
    p.optionInternal = nothing;
    p.atLeastOneInternal = nothing;
    p.attemptInRepetitionRecovery = nothing;
    p.cstPostTerminal = nothing;
    p.cstPostNonTerminal = nothing;
    p.cstPostRule = nothing;
  };
  const resume = () => {
    p.consumeInternal = real.consumeInternal;
    p.subruleInternal = real.subruleInternal;
    p.orInternal = real.orInternal;
    p.manyInternal = real.manyInternal;
    p.optionInternal = real.optionInternal;
    p.atLeastOneInternal = real.atLeastOneInternal;
    p.attemptInRepetitionRecovery = real.attemptInRepetitionRecovery;
    p.cstPostTerminal = real.cstPostTerminal;
    p.cstPostNonTerminal = real.cstPostNonTerminal;
    p.cstPostRule = real.cstPostRule;
  };
  const postNonTerminal = real.cstPostNonTerminal as (this: any, cst: unknown, label: string) => void;

  /**
   * At the end of a rule body with an error pending: Chevrotain's invokeRuleCatch for a recognition
   * exception (re-sync on, as the rules' default config has it). Returns the rule's result.
   */
  const settle = (self: any): unknown => {
    const e = pending;
    if (!self.isBackTracking() && self.recoveryEnabled) {
      const reSyncTokType = self.findReSyncTokenType();
      const partial = self.CST_STACK[self.CST_STACK.length - 1];
      partial.recoveredNode = true;
      if (self.isInCurrentRuleReSyncSet(reSyncTokType)) {
        e.resyncedTokens = self.reSyncTo(reSyncTokType);
        pending = undefined;
        resume();
        return partial;
      }
      e.partialCstResult = partial;
      return undefined;
    }
    if (self.RULE_STACK_IDX === 0) {
      self.moveToTerminatedState();
      pending = undefined;
      resume();
    }
    return undefined;
  };

  const coreRules = new Map<string, (...args: unknown[]) => unknown>();
  for (const ruleName of Object.keys(productions)) {
    const rule = p[ruleName];
    const impl = rule?.originalGrammarAction;
    const shortName = p.fullRuleNameToShort?.[ruleName];
    if (typeof impl !== 'function' || shortName === undefined) return undefined;
    // Chevrotain's invokeRuleWithTry, with the pending error's decision after the body.
    const core = function invokeRule(this: any, ...args: unknown[]) {
      try {
        this.ruleInvocationStateUpdate(shortName, ruleName, this.subruleIdx);
        impl.apply(this, args);
        if (pending !== undefined) return settle(this);
        const cst = this.CST_STACK[this.CST_STACK.length - 1];
        this.cstPostRule(cst);
        return cst;
      } catch (e) {
        return this.invokeRuleCatch(e, true, nothing);
      } finally {
        this.ruleFinallyStateUpdate();
      }
    };
    coreRules.set(ruleName, core);
  }
  for (const [ruleName, core] of coreRules) {
    const rule = p[ruleName];
    // Chevrotain's rootRule (a rule called by the parser's user); an error still pending when the root
    // rule returns is thrown, as it would have come out of Chevrotain's.
    const root = function rootRule(this: any, ...args: unknown[]) {
      this.onBeforeParse(ruleName);
      try {
        const result = core.apply(this, args);
        if (pending !== undefined) {
          const e = pending;
          pending = undefined;
          resume();
          throw e;
        }
        return result;
      } finally {
        this.onAfterParse(ruleName);
      }
    };
    p[ruleName] = Object.assign(root, { ruleName, originalGrammarAction: rule.originalGrammarAction, coreRule: core });
  }

  // Chevrotain's subruleInternal, with the pending error's partial CST added as subruleInternalError adds it.
  const subruleInternal = function subruleInternal(this: any, ruleToCall: any, idx: number, options: any) {
    try {
      const args = options !== undefined ? options.ARGS : undefined;
      this.subruleIdx = idx;
      const ruleResult = ruleToCall.coreRule.apply(this, args);
      const label = options !== undefined && options.LABEL !== undefined ? options.LABEL : ruleToCall.ruleName;
      if (pending !== undefined) {
        if (pending.partialCstResult !== undefined) {
          postNonTerminal.call(this, pending.partialCstResult, label);
          delete pending.partialCstResult;
        }
        return undefined;
      }
      this.cstPostNonTerminal(ruleResult, label);
      return ruleResult;
    } catch (e) {
      throw this.subruleInternalError(e, options, ruleToCall.ruleName);
    }
  };
  real.subruleInternal = subruleInternal;
  p.subruleInternal = subruleInternal;

  const reset = p.reset;
  p.reset = function (this: any) {
    if (pending !== undefined) {
      pending = undefined;
      resume();
    }
    return reset.call(this);
  };

  return (error: unknown) => {
    if (pending !== undefined || !isRecognitionException(error) || p.isBackTracking()) return false;
    pending = error;
    pause();
    return true;
  };
}
