/**
 * Makes running out of stack cheap for a Chevrotain parser (issue 15). A query nested deeper than the
 * stack allows ends as a RangeError that the parser reports as "nested too deeply"; before, that error
 * was caught and thrown again by every rule on the stack (Chevrotain's rule and sub-rule wrappers catch
 * everything: two throws per rule, ~0.6 µs each), which was most of the cost of such a query: thousands
 * of rules deep, 6-7 ms for a 5 KB KQL query of 1,600 nested `a:{`.
 *
 * Here the first rule that catches the RangeError notes it and returns, and the grammar methods
 * (CONSUME, SUBRULE, OR, MANY, OPTION... and the CST bookkeeping) are swapped for ones that do nothing,
 * so every rule above returns at once, without a throw. The caller then sees `overflowed` and reports
 * what it reported for the RangeError (it throws one of its own to reach the same handler). The descent
 * runs Chevrotain's own methods (no wrapper frame: the depth at which the stack runs out is unchanged);
 * the next `reset` (a new input) puts them back.
 *
 * Core does not depend on chevrotain: the parser passes itself.
 */
export interface OverflowState {
  /** The last parse ran out of stack (and stopped). */
  overflowed: boolean;
}

/** The methods rule bodies and rule wrappers call, replaced by a no-op once the stack ran out. */
const STOPPED = [
  'consumeInternal',
  'subruleInternal',
  'orInternal',
  'manyInternal',
  'optionInternal',
  'atLeastOneInternal',
  'manySepFirstInternal',
  'atLeastOneSepFirstInternal',
  'cstPostTerminal',
  'cstPostNonTerminal',
  'cstPostRule',
] as const;

export function unwindOnOverflow(parser: object): OverflowState {
  const p = parser as any;
  const state: OverflowState = { overflowed: false };
  // Each method becomes an own property now, holding Chevrotain's function (some already are: the CST
  // bookkeeping for the chosen location tracking), so that stopping and restoring only change values:
  // adding or deleting properties on the parser would change its shape, and a delete would leave it a
  // slow dictionary object for every later parse.
  const original = STOPPED.map((name) => [name, p[name]] as const);
  for (const [name, fn] of original) p[name] = fn;
  const nothing = () => undefined;
  const invokeRuleCatch = p.invokeRuleCatch;
  p.invokeRuleCatch = function (this: any, e: unknown, resyncEnabled: boolean, recoveryValueFunc: unknown) {
    if (state.overflowed) return undefined;
    if (e instanceof RangeError) {
      state.overflowed = true;
      for (const name of STOPPED) this[name] = nothing;
      return undefined;
    }
    return invokeRuleCatch.call(this, e, resyncEnabled, recoveryValueFunc);
  };
  const reset = p.reset;
  p.reset = function (this: any) {
    if (state.overflowed) {
      state.overflowed = false;
      for (const [name, fn] of original) this[name] = fn;
    }
    return reset.call(this);
  };
  return state;
}

/**
 * Stops a Chevrotain parser as if out of stack once more than `max` rules are on its rule stack:
 * Chevrotain's bookkeeping at the start of each rule runs first, then the check, after the push (the
 * rule's `finally` pops it again). A parser whose input is bounded in depth never gets there; this
 * only makes sure that no input at all reaches the real end of the stack, whatever the host left.
 */
export function limitRuleStack(parser: object, max: number): void {
  // The depth is RULE_STACK_IDX + 1: Chevrotain never shrinks the RULE_STACK array (its length is the
  // deepest any parse went), so its length would stop every later parse once one had reached the limit.
  const self = parser as { RULE_STACK_IDX: number; ruleInvocationStateUpdate: (...args: unknown[]) => void };
  const update = self.ruleInvocationStateUpdate;
  self.ruleInvocationStateUpdate = function (this: typeof self, ...args: unknown[]) {
    update.apply(this, args);
    if (this.RULE_STACK_IDX + 1 > max) throw new RangeError('Maximum rule depth exceeded');
  };
}
