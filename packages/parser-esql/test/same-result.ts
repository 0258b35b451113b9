import { expect } from 'vitest';
import { parse } from '../src/index.js';

/**
 * Expects parse() to give the same result, byte for byte (key order included), in two settings of the
 * parser (`a` and `b` switch to them; `a` is restored after), in each snapshot mode of `modes`.
 */
export function expectSameResults(inputs: string[], a: () => void, b: () => void, modes = [false, true]): void {
  const mismatches: string[] = [];
  for (const text of inputs) {
    for (const snapshot of modes) {
      a();
      const first = JSON.stringify(parse(text, { snapshot }));
      b();
      const second = JSON.stringify(parse(text, { snapshot }));
      a();
      if (first !== second) mismatches.push(`${JSON.stringify(text.slice(0, 300))} (snapshot ${snapshot})\n  a: ${first.slice(0, 600)}\n  b: ${second.slice(0, 600)}`);
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
}
