import { describe, expect, it } from 'vitest';
import { lazyLookahead, promoteLookahead } from '../src/index.js';

// A stand-in for Chevrotain's LLkLookaheadStrategy: each built function records its calls.
class CountingStrategy {
  built = 0;
  constructor(readonly options: { maxLookahead: number }) {}
  buildLookaheadForAlternation(options: { answer: number }) {
    this.built++;
    return function (this: { calls: number }) {
      this.calls++;
      return options.answer;
    };
  }
  buildLookaheadForOptional(options: { answer: boolean }) {
    this.built++;
    return function (this: { calls: number }) {
      this.calls++;
      return options.answer;
    };
  }
}

describe('lazyLookahead / promoteLookahead', () => {
  it('builds each function on first use, and promotion puts that same function in the cache', () => {
    const strategy = lazyLookahead(CountingStrategy, 2);
    const or = strategy.buildLookaheadForAlternation({ answer: 1 });
    const opt = strategy.buildLookaheadForOptional({ answer: true });
    const unused = strategy.buildLookaheadForOptional({ answer: false });
    expect(strategy.built).toBe(0);
    const parser = { calls: 0 };
    expect(or.call(parser, [])).toBe(1);
    expect(opt.call(parser)).toBe(true);
    expect(strategy.built).toBe(2);
    const cache = new Map<number, unknown>([[1, or], [2, opt], [3, unused], [4, 'other']]);
    promoteLookahead(cache);
    expect(cache.get(1)).not.toBe(or);
    expect(cache.get(3)).toBe(unused);
    expect(cache.get(4)).toBe('other');
    expect((cache.get(1) as (alts: unknown[]) => number).call(parser, [])).toBe(1);
    expect((cache.get(2) as () => boolean).call(parser)).toBe(true);
    expect(parser.calls).toBe(4);
    expect(strategy.built).toBe(2);
    promoteLookahead(undefined);
  });
});
