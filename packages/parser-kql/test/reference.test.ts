/**
 * Differential tests: the parser's verdict (no diagnostic = accepted) against an independent PEG recognizer
 * of Kibana's grammar (reference.ts), on generated queries and on mutated corpus queries.
 */
import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS } from '../../../test/support/corpus.js';
import { parse, walk, type Query } from '../src/index.js';
import { kibanaAccepts, kibanaLiterals } from './reference.js';

/** Field names and values of our tree, in source order. */
function ourLiterals(ast: Query): string[] {
  const out: string[] = [];
  walk(ast, {
    enter: (n) => {
      if (n.type === 'Field') out.push(n.name);
      else if (n.type === 'Literal') out.push(n.value);
    },
  });
  return out;
}

function literalMismatches(texts: string[]): string[] {
  const bad: string[] = [];
  for (const t of texts) {
    const theirs = kibanaLiterals(t);
    if (!theirs) continue;
    const ours = ourLiterals(parse(t).ast);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) bad.push(`${JSON.stringify(t)}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`);
  }
  return bad;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FRAGMENTS = [
  'a', 'b', 'x.y', 'foo', '1', ' ', ' ', '  ', '\n', '\t', '\u00A0', 'or', 'and', 'not', 'OR', 'AND', 'Not',
  ' or ', ' and ', 'not ', ':', '(', ')', '{', '}', '"', '"q"', '\\', '\\\\', '\\:', '\\"', '\\*', '\\n', '\\u0041',
  '\\uZZ', '\\and', '\\x', '*', '<', '<=', '>', '>=', 'cannot ', 'nota', 'ora', 'or\n', '\\ ',
];

function verdictMismatches(texts: string[]): string[] {
  const bad: string[] = [];
  for (const t of texts) {
    const ours = parse(t).diagnostics.length === 0;
    const theirs = kibanaAccepts(t);
    if (ours !== theirs) bad.push(`${JSON.stringify(t)}: kibana ${theirs ? 'accepts' : 'rejects'}, we ${ours ? 'accept' : 'reject'}`);
  }
  return bad;
}

describe('same verdict as Kibana grammar', () => {
  it('on generated queries', () => {
    const r = rng(42);
    const texts: string[] = [];
    for (let n = 0; n < 6000; n++) {
      const k = 1 + Math.floor(r() * 8);
      let t = '';
      for (let i = 0; i < k; i++) t += FRAGMENTS[Math.floor(r() * FRAGMENTS.length)];
      texts.push(t);
    }
    const accepted = texts.filter(kibanaAccepts).length;
    // The generator must exercise both verdicts.
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(texts.length - 500);
    expect(verdictMismatches(texts)).toEqual([]);
    expect(literalMismatches(texts)).toEqual([]);
  });

  it.skipIf(!HAS_CORPUS)('reads the same field names and values as Kibana on every corpus query', () => {
    const texts = corpusQueries('kuery').map((q) => q.query);
    expect(texts.filter((t) => !kibanaAccepts(t))).toEqual([]);
    expect(literalMismatches(texts)).toEqual([]);
  });

  it.skipIf(!HAS_CORPUS)('on mutated corpus queries (deletions, insertions)', () => {
    const r = rng(7);
    const texts: string[] = [];
    for (const { query } of corpusQueries('kuery')) {
      for (let m = 0; m < 3; m++) {
        const at = Math.floor(r() * (query.length + 1));
        if (m === 0) texts.push(query.slice(0, at) + query.slice(at + 1));
        else texts.push(query.slice(0, at) + FRAGMENTS[Math.floor(r() * FRAGMENTS.length)] + query.slice(at));
      }
    }
    expect(verdictMismatches(texts)).toEqual([]);
  });
});
