import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLexer as eqlLexer } from '../packages/parser-eql/src/lexer.js';
import { scan as eqlScan } from '../packages/parser-eql/src/scan.js';
import { createLexer as kqlLexer } from '../packages/parser-kql/src/lexer.js';
import { scan as kqlScan } from '../packages/parser-kql/src/scan.js';
import { ADVERSARIAL, randomBytes } from './support/adversarial.mjs';
import { corpusQueries } from './support/corpus.js';

// The KQL and EQL parsers lex with hand-written scanners; the Chevrotain token definitions they follow
// stay the specification: Chevrotain's Lexer over them must give the same tokens, groups and errors.

/** Deterministic inputs around `seeds`: the seeds, their prefixes, random edits with language pieces, random bytes. */
function inputs(seeds: string[], pieces: string[], n: number): string[] {
  let s = 7;
  const rnd = (k: number) => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff), s % k);
  const out = [...seeds, '', ' ', '\u00a0', '\\', '"', 'a\\'];
  for (const seed of seeds) for (let c = 1; c < 4; c++) out.push(seed.slice(0, Math.floor((seed.length * c) / 4)));
  for (let i = 0; i < n; i++) {
    let t = seeds.length ? seeds[rnd(seeds.length)] : '';
    for (let e = 1 + rnd(4); e > 0; e--) {
      const at = rnd(t.length + 1);
      const piece = rnd(3) === 0 ? String.fromCharCode(rnd(260)) : pieces[rnd(pieces.length)];
      t = rnd(4) === 0 ? t.slice(0, at) + t.slice(at + 1 + rnd(3)) : t.slice(0, at) + piece + t.slice(at);
    }
    out.push(t);
  }
  for (let i = 0; i < 1000; i++) {
    let t = '';
    for (let k = rnd(10); k >= 0; k--) t += pieces[rnd(pieces.length)] + (rnd(2) ? ' ' : '');
    out.push(t);
  }
  for (let i = 0; i < 200; i++) out.push(randomBytes(1 + rnd(300), i + 1));
  return out;
}

// Tokens with their inclusive end offset (the EQL scanner sets it, Chevrotain's 'onlyOffset' lexer does not).
const withEnd = (tokens: unknown[]) => (tokens as Array<{ startOffset: number; image: string }>).map((t) => ({ ...t, endOffset: t.startOffset + t.image.length - 1 }));
const comparable = (r: { tokens: unknown[]; errors: unknown[]; groups?: Record<string, unknown[]> }) => ({
  tokens: withEnd(r.tokens),
  errors: r.errors,
  groups: Object.fromEntries(Object.entries(r.groups ?? {}).map(([k, v]) => [k, withEnd(v)])),
});

describe.each([
  [
    'KQL',
    kqlLexer,
    kqlScan,
    'kuery',
    [' ', ' or ', ' and ', 'not ', 'NOT ', ' OR ', 'or', 'and', '(', ')', '{', '}', ':', '"', '\\', '\\"', '\\u0041', '\\n', '*', '<', '<=', '>', '>=', '\u00a0', '\t', '\n', 'a', 'b c'],
  ],
  [
    'EQL',
    eqlLexer,
    eqlScan,
    'eql',
    ['in~', 'like~', 'regex~', 'and', 'or', 'not', 'null', 'nullx', 'and~', 'x~', '@a', '_b', '"""', '"', "'", '?"', "?'", '`', '``', '.5', '1.', '1e5', '1.2e-3', '//', '/*', '*/', '&&', '||', '|', '&', '!', '!=', '![', '==', '=', '<=', '>=', '<', '>', '\n', '\r', '\t', '\u00a0', '~', '\\', '\\"', '$', ';', '{', '9', 'sequence', 'seq'],
  ],
] as const)('%s scanner', (_name, createLexer, scan, language, pieces) => {
  it('gives the tokens and errors of the Chevrotain lexer on the corpus, on edits of it and on random text', () => {
    const lexer = createLexer();
    const seeds = [...corpusQueries(language).map((q) => q.query), ...ADVERSARIAL.filter((a) => a.language === language).map((a) => a.make(1))];
    const failures: string[] = [];
    const all = inputs(seeds, [...pieces], 3000);
    expect(all.length).toBeGreaterThan(4000);
    for (const text of all) {
      if (!isDeepStrictEqual(comparable(scan(text)), comparable(lexer.tokenize(text)))) failures.push(JSON.stringify(text.slice(0, 200)));
      if (failures.length > 5) break;
    }
    expect(failures).toEqual([]);
  });
});
