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
    return function (this: unknown, alts: unknown) {
      return (fn ??= eagerOr(options)).call(this, alts);
    };
  };
  strategy.buildLookaheadForOptional = (options) => {
    let fn: LaFunction | undefined;
    return function (this: unknown) {
      return (fn ??= eagerOption(options)).call(this);
    };
  };
  return strategy;
}
