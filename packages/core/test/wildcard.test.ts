import { describe, expect, it } from 'vitest';
import { wildcardPattern } from '../src/index.js';

/** The reference: the pattern as a regular expression (`*` = any characters, newlines too). */
const reference = (pattern: string, text: string) =>
  new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^]*')}$`).test(text);

describe('wildcardPattern', () => {
  it('matches as a `*` glob does', () => {
    const cases: Array<[string, string, boolean]> = [
      ['logs-*', 'logs-endpoint.events.process-default', true],
      ['logs-*', 'logs-', true],
      ['logs-*', 'log', false],
      ['*', '', true],
      ['', '', true],
      ['', 'a', false],
      ['a', 'a', true],
      ['a', 'ab', false],
      ['process.*.name', 'process.parent.name', true],
      ['process.*.name', 'process.name', false],
      ['a*a', 'a', false],
      ['a*a', 'aa', true],
      ['*ab*ab*', 'xabyab', true],
      ['*ab*ab*', 'xaby', false],
      ['a*b*c', 'abc', true],
      ['a*b*c', 'acb', false],
      ['a*bc*bc', 'abcbc', true],
      ['a*bc*bc', 'abc', false],
      ['user.*****name', 'user.name', true],
      ['user.*****name', 'user.nam', false],
      ['user.*****name', 'user.x.name', true],
      ['a*\n*b', 'a\n\nb', true],
    ];
    for (const [p, t, want] of cases) expect([p, t, wildcardPattern(p).test(t)]).toEqual([p, t, want]);
  });

  it('agrees with the regular expression on generated patterns and texts', () => {
    let seed = 7;
    const r = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const word = (alphabet: string, n: number) => Array.from({ length: Math.floor(r() * n) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    for (let i = 0; i < 20_000; i++) {
      const p = word('ab*.', 8);
      const t = word('ab.', 8);
      expect([p, t, wildcardPattern(p).test(t)]).toEqual([p, t, reference(p, t)]);
    }
  });

  it('a pattern with thousands of stars answers at once (a RegExp backtracks for minutes)', () => {
    const p = wildcardPattern(`user_agent.origin${'*'.repeat(2000)}al`);
    expect(p.test('user_agent.original')).toBe(true);
    expect(p.test('user_agent.origin_x')).toBe(false);
    const many = wildcardPattern('a*'.repeat(3000) + 'b');
    expect(many.test('a'.repeat(5000))).toBe(false);
    expect(many.test('a'.repeat(3000) + 'b')).toBe(true);
  });
});
