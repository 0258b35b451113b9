import { describe, expect, it } from 'vitest';
import { NameIndex, closestMatches } from '../src/index.js';

/** The did-you-mean answer computed the plain way (a Set is never indexed: the distance to every name). */
const linear = (name: string, candidates: string[]) => closestMatches(name, new Set(candidates));

/** A seeded generator, so that a failure is reproducible. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('did-you-mean index', () => {
  const r = rng(7);
  const parts = ['process', 'name', 'pid', 'parent', 'user', 'host', 'os', 'event', 'code', 'file', 'path', 'dll', 'args', 'id', 'x'];
  const field = () => Array.from({ length: 1 + Math.floor(r() * 4) }, () => parts[Math.floor(r() * parts.length)]).join('.');
  const mutate = (s: string) => {
    const a = [...s];
    const edits = Math.floor(r() * 5);
    for (let e = 0; e < edits; e++) {
      const i = Math.floor(r() * (a.length + 1));
      const op = Math.floor(r() * 5);
      if (op === 0) a.splice(i, 0, 'abcdefghijklmnopqrstuvwxyz._'[Math.floor(r() * 28)]);
      else if (op === 1) a.splice(i, 1);
      else if (op === 2) a[i] = 'abcdefghijklmnopqrstuvwxyz._'[Math.floor(r() * 28)];
      else if (op === 3 && i + 1 < a.length) [a[i], a[i + 1]] = [a[i + 1], a[i]];
      else a[i] = (a[i] ?? '').toUpperCase();
    }
    return a.join('');
  };
  const names = [...new Set([...Array.from({ length: 3000 }, field), 'Process.Name', 'ab', 'a', 'pdi', 'pid', 'PID'])];

  it('answers exactly as the distance to every name does', () => {
    const index = new NameIndex(names);
    const mismatches: string[] = [];
    for (let i = 0; i < 600; i++) {
      const q = i % 3 === 0 ? field() : mutate(names[Math.floor(r() * names.length)]);
      const want = linear(q, names);
      const got = index.closest(q);
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${q}: ${got} vs ${want}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('closestMatches indexes long candidate arrays and gives the same answers', () => {
    for (const q of ['process.nmae', 'proces.pid', 'user.Name', 'zz', 'hots.name', 'pdi']) {
      expect(closestMatches(q, names)).toEqual(linear(q, names));
    }
  });
});
