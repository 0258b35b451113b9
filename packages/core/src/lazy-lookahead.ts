/**
 * A Chevrotain lookahead strategy that computes each lookahead function on its first use instead of
 * in `performSelfAnalysis`. Computing them all is most of a parser's start-up (~240 ms for ES|QL);
 * a process that parses one query needs a small part of them. The functions are Chevrotain's own
 * (LL(k)), so decisions are unchanged. Core does not depend on chevrotain: the parser passes the class.
 *
 *   super(tokens, { lookaheadStrategy: lazyLookahead(LLkLookaheadStrategy, 2), maxLookahead: 2, ... })
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LaFunction = (this: any, alts?: any) => any;

export interface LookaheadStrategy {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  buildLookaheadForAlternation(options: any): LaFunction;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  buildLookaheadForOptional(options: any): LaFunction;
}

export function lazyLookahead<S extends LookaheadStrategy>(Strategy: new (options: { maxLookahead: number }) => S, maxLookahead: number): S {
  const strategy = new Strategy({ maxLookahead });
  const eagerOr = strategy.buildLookaheadForAlternation.bind(strategy);
  const eagerOption = strategy.buildLookaheadForOptional.bind(strategy);
  // An alternation's function takes the alternatives, an option's or repetition's none.
  strategy.buildLookaheadForAlternation = (options) => {
    let fn: LaFunction | undefined;
    const lazy: LazyFunction = function (this: unknown, alts: unknown) {
      return (lazy[RESOLVED] = fn ??= eagerOr(options)).call(this, alts);
    };
    return lazy;
  };
  strategy.buildLookaheadForOptional = (options) => {
    let fn: LaFunction | undefined;
    const lazy: LazyFunction = function (this: unknown) {
      return (lazy[RESOLVED] = fn ??= eagerOption(options)).call(this);
    };
    return lazy;
  };
  return strategy;
}

const RESOLVED = Symbol('resolved lookahead function');
type LazyFunction = LaFunction & { [RESOLVED]?: LaFunction };

/**
 * Puts in place of each lazy lookahead function that has been computed the function itself, so that
 * a decision no longer goes through the wrapper (one call fewer per decision). `cache` is the
 * parser's lookahead cache (Chevrotain's `lookAheadFuncsCache`, a Map); anything else is left alone.
 * Decisions are unchanged: the wrapper only ever called that function.
 */
export function promoteLookahead(cache: unknown): void {
  if (!(cache instanceof Map)) return;
  for (const [key, fn] of cache) {
    const resolved = (fn as LazyFunction)?.[RESOLVED];
    if (resolved) cache.set(key, resolved);
  }
}
