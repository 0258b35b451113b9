import { afterEach, describe, expect, it } from 'vitest';
import { fastQuery } from '../packages/parser-kql/src/fast.js';
import { parse, setFastPath } from '../packages/parser-kql/src/parse.js';
import { scan } from '../packages/parser-kql/src/scan.js';
import { corpusQueries } from './support/corpus.js';
import { compareFastPath, withEdits } from './support/fast-path.js';

// The KQL fast path (packages/parser-kql/src/fast.ts) must give exactly what the main path gives (AST with
// spans, diagnostics) wherever it does not give up: compared here on the corpus, on edits of it, and on
// generated queries mixing every form of the grammar, valid or not.

const takesFastPath = (text: string) => {
  const l = scan(text);
  return l.errors.length === 0 && fastQuery(l.tokens) !== undefined;
};
const compare = (texts: string[], options = {}) => compareFastPath(texts, takesFastPath, (t) => parse(t, options), setFastPath);


let seed = 5;
const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), seed % n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];
const some = <T>(good: readonly T[], bad: readonly T[]): T => (rnd(40) === 0 ? pick(bad) : pick(good));

const FIELDS = ['a', 'process.name', '"quoted field"', 'host.*', 'f\\:g', '*'];
const VALUES = ['1', 'abc', '"quoted value"', '"esc \\" q"', '*', 'ab*', '*ab', 'two words', '\\*', '"\\u0041"', 'x\\or'];
const BAD = ['"open', '\\', '(', ')', '{', '}', ':', '<', 'or', 'and', 'not'];
const value = () => some(VALUES, BAD);

function values(depth: number): string {
  if (depth > 2 || rnd(3) > 0) return `${rnd(6) === 0 ? 'not ' : ''}${value()}`;
  const n = 1 + rnd(3);
  return `(${Array.from({ length: n }, () => values(depth + 1)).join(` ${pick(['or', 'and', 'OR', 'AND'])} `)})`;
}

function term(depth: number): string {
  switch (rnd(depth > 2 ? 4 : 6)) {
    case 0:
      return value();
    case 1:
      return `${some(FIELDS, BAD)} ${pick(['<', '<=', '>', '>='])} ${value()}`;
    case 2:
    case 3:
      return `${some(FIELDS, BAD)}${pick([':', ' : ', ':'])}${values(0)}`;
    case 4:
      return `${some(FIELDS, BAD)}:{ ${query(depth + 1)} }`;
    default:
      return `(${query(depth + 1)})`;
  }
}

function query(depth = 0): string {
  let s = `${rnd(5) === 0 ? 'not ' : ''}${term(depth)}`;
  const n = rnd(depth > 1 ? 2 : 5);
  for (let i = 0; i < n; i++) s += ` ${some(['or', 'and', 'or', 'and', 'OR'], ['', 'not', 'or or'])} ${rnd(6) === 0 ? 'not ' : ''}${term(depth + 1)}`;
  return s;
}

describe('KQL fast path', () => {
  afterEach(() => setFastPath(true));

  it('gives the ASTs and diagnostics of the main path on the corpus and on edits of it', () => {
    seed = 5;
    const seeds = corpusQueries('kuery').map((q) => q.query);
    const texts = ['', ' ', '\n', ...withEdits(seeds, rnd)];
    const { fast, total, failures } = compare(texts);
    expect(failures).toEqual([]);
    // Every error-free corpus query takes the fast path.
    if (seeds.length > 0) expect(fast).toBeGreaterThanOrEqual(seeds.length);
    expect(fast).toBeLessThanOrEqual(total);
  });

  it('gives the ASTs and diagnostics of the main path on generated queries, with and without leading wildcards', () => {
    seed = 5;
    const texts = Array.from({ length: 3000 }, () => query());
    const { fast, failures } = compare(texts);
    expect(failures).toEqual([]);
    expect(compare(texts.slice(0, 1000), { allowLeadingWildcards: false }).failures).toEqual([]);
    // The generator reaches both paths.
    expect(fast).toBeGreaterThan(600);
    expect(fast).toBeLessThan(texts.length - 600);
  });
});
