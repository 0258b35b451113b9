import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { parse } from '../src/index.js';

const queries = corpusQueries('esql');

/** ~20 evenly spread cut points per query, plus every `|` boundary. */
function cuts(q: string): number[] {
  const out = new Set<number>();
  for (let k = 0; k <= 20; k++) out.add(Math.floor((q.length * k) / 20));
  for (let i = q.indexOf('|'); i >= 0; i = q.indexOf('|', i + 1)) {
    out.add(i);
    out.add(i + 1);
  }
  return [...out];
}

describe.skipIf(!HAS_CORPUS)('prefixes of corpus queries', () => {
  it('every prefix parses without throwing and yields a partial AST', () => {
    let n = 0;
    for (const { query } of queries) {
      for (const c of cuts(query)) {
        const prefix = query.slice(0, c);
        const { ast, diagnostics } = parse(prefix);
        expect(ast.type).toBe('Query');
        for (const d of diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(prefix.length);
          expect(d.span.start).toBeLessThanOrEqual(d.span.end);
        }
        n++;
      }
    }
    expect(n).toBeGreaterThan(queries.length * 10);
  });

  it('a prefix cut at a command boundary keeps the commands before it', () => {
    for (const { query } of queries) {
      const full = parse(query).ast.commands;
      if (full.length < 2) continue;
      const { ast } = parse(query.slice(0, full[full.length - 1].span.start));
      expect(ast.commands.map((c) => c.type)).toEqual(full.slice(0, -1).map((c) => c.type));
    }
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});

describe('robustness', () => {
  it('never throws on random slices and random bytes', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'FROM WHERE EVAL STATS BY KEEP ( ) [ ] { } | , . = == :: : " """ ` ? ?? 1 1.5 a b * / // /* */ \\ \n \t NOT AND OR IN LIKE ';
    const words = alphabet.split(' ');
    for (let k = 0; k < 400; k++) {
      let s = '';
      const len = Math.floor(rand() * 30);
      for (let i = 0; i < len; i++) s += rand() < 0.8 ? words[Math.floor(rand() * words.length)] + ' ' : String.fromCharCode(Math.floor(rand() * 0x3000));
      const { ast } = parse(s);
      expect(ast.type).toBe('Query');
      expect(parse(s.slice(0, Math.floor(rand() * s.length))).ast.type).toBe('Query');
    }
    const corpus = queries.map((q) => q.query).join('\n');
    for (let k = 0; k < 200 && corpus; k++) {
      const a = Math.floor(rand() * corpus.length);
      expect(parse(corpus.slice(a, a + Math.floor(rand() * 300))).ast.type).toBe('Query');
    }
  });
});
