import { afterEach, describe, expect, it } from 'vitest';
import { fastParse } from '../packages/parser-eql/src/fast.js';
import { lex, parse, setFastPath } from '../packages/parser-eql/src/parse.js';
import { corpusQueries } from './support/corpus.js';
import { compareFastPath, withEdits } from './support/fast-path.js';

// The EQL fast path (packages/parser-eql/src/fast.ts) must give exactly what the main path gives (AST with
// spans, diagnostics) wherever it does not give up: compared here on the corpus, on edits of it, and on
// generated queries that mix every operator, predicate, literal and query form, valid or not.

const takesFastPath = (text: string) => {
  const l = lex(text);
  return l.diagnostics.length === 0 && l.tokens.length > 0 && fastParse(text, l.tokens) !== undefined;
};
const compare = (texts: string[]) => compareFastPath(texts, takesFastPath, (t) => parse(t), setFastPath);


let seed = 7;
const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), seed % n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];

// Mostly what the fast path takes, now and then what it leaves to the main path (the second lists).
const some = <T>(good: readonly T[], bad: readonly T[]): T => (rnd(40) === 0 ? pick(bad) : pick(good));
const FIELDS = ['a', 'process.name', '?opt.field', 'x.y.z', '`quoted name`', '`tick``s`', 'a.`b`'];
const BAD_FIELDS = ['f[0]', '`open', 'a.b[1]'];
const CONSTANTS = ['1', '0', '42', '1.5', '-3', '9223372036854775807', '"str"', '"esc\\"aped"', '"""triple"""', '?"raw"', 'null', 'true', 'false'];
const BAD_CONSTANTS = ['9223372036854775808', '1e999', '"bad\\q"', "'single'"];
const field = () => some(FIELDS, BAD_FIELDS);
const constant = () => some(CONSTANTS, BAD_CONSTANTS);
const CALLS: Array<[string, number]> = [['length', 1], ['wildcard', 2], ['startsWith~', 2], ['endswith', 2], ['concat', 3], ['add', 2], ['cidrMatch', 2], ['number', 1], ['stringContains', 2]];
const BAD_CALLS: Array<[string, number]> = [['unknownFn', 1], ['length~', 1], ['add', 3], ['between', 0]];
const BINARY = ['==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'and', 'or', 'and', 'or'];
const BAD_BINARY = ['=', '== 1 ==', '&&', 'of'];

function operand(depth: number): string {
  const k = rnd(depth > 2 ? 3 : 9);
  if (k === 0) return field();
  if (k === 1) return constant();
  if (k === 2) return `${field()} ${pick(['==', '!=', '>', ':'])} ${constant()}`;
  if (k === 3) return `(${expression(depth + 1)})`;
  if (k === 4) return `${pick(['not ', '-', '+', 'not not ', '- -'])}${operand(depth + 1)}`;
  if (k === 5) {
    const [name, n] = some(CALLS, BAD_CALLS);
    return `${name}(${Array.from({ length: n }, () => expression(depth + 1)).join(', ')})`;
  }
  if (k === 6) {
    const list = Array.from({ length: 1 + rnd(3) }, () => (rnd(12) === 0 ? field() : constant())).join(', ');
    return `${field()} ${pick(['in', 'not in', 'in~', 'IN', 'not in~'])} (${list})`;
  }
  if (k === 7) {
    const p = rnd(12) === 0 ? field() : constant();
    return `${field()} ${pick([':', 'like', 'like~', 'regex', 'regex~'])} ${rnd(2) ? p : `(${p}, ${constant()})`}`;
  }
  return rnd(12) === 0 ? `descendant of [process where ${operand(depth + 1)}]` : `${field()} ${pick(['+', '*', '-'])} ${constant()}`;
}

function expression(depth = 0): string {
  let s = operand(depth);
  const n = rnd(depth > 1 ? 2 : 4);
  for (let i = 0; i < n; i++) s += ` ${some(BINARY, BAD_BINARY)} ${operand(depth + 1)}`;
  return s;
}

function query(): string {
  const term = () => `${rnd(8) === 0 ? '![' : '['}${pick(['process', 'any', '"quoted"', 'file'])} where ${expression()}]${rnd(3) === 0 ? ` by ${field()}` : ''}${rnd(6) === 0 ? ` with runs=${pick(['2', '0', '200', 'x'])}` : ''}`;
  const terms = () => Array.from({ length: 1 + rnd(3) }, term).join(' ');
  const pipes = rnd(3) === 0 ? ` | ${pick(['head', 'tail', 'count', 'unique', 'hed'])} ${pick(['5', '-1', '2 + 3', 'a', '', '1, 2'])}` : '';
  switch (rnd(6)) {
    case 0:
      return `sequence${rnd(2) ? ` by ${field()}` : ''}${rnd(2) ? ` with maxspan=${pick(['5m', '1', '0s', '1.5m', '3x'])}` : ''} ${terms()}${rnd(4) === 0 ? ` until ${term()}` : ''}${pipes}`;
    case 1:
      return `sample by ${field()} ${terms()}${pipes}`;
    case 2:
      return `join ${terms()}`;
    default:
      return `${pick(['process', 'any', 'network', '"quoted"'])} where ${expression()}${pipes}`;
  }
}

describe('EQL fast path', () => {
  afterEach(() => setFastPath(true));

  it('gives the ASTs and diagnostics of the main path on the corpus and on edits of it', () => {
    const seeds = corpusQueries('eql').map((q) => q.query);
    const texts = withEdits(seeds, rnd);
    const { fast, total, failures } = compare(texts);
    expect(failures).toEqual([]);
    // Every error-free corpus query takes the fast path.
    if (seeds.length > 0) expect(fast).toBeGreaterThanOrEqual(seeds.length);
    expect(fast).toBeLessThanOrEqual(total);
  });

  it('gives the ASTs and diagnostics of the main path on generated queries', () => {
    seed = 7;
    const texts = Array.from({ length: 4000 }, query);
    const { fast, failures } = compare(texts);
    console.log(`generated: ${fast} of ${texts.length} took the fast path`);
    expect(failures).toEqual([]);
    // The generator reaches both paths.
    expect(fast).toBeGreaterThan(800);
    expect(fast).toBeLessThan(texts.length - 1000);
  });
});
