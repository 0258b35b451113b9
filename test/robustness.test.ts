/**
 * Bad input never crashes the linter: mutated corpus files (deleted, inserted, swapped characters,
 * truncations, random bytes) lint without an exception or an internal-error, with every range inside
 * the file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Linter } from '../packages/linter/src/index.js';
import { corpusRuleFiles, HAS_CORPUS } from './support/corpus.js';

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ` \n\t"'\`\\()[]{}|:=<>!?*~,.#@$%^&-+/;_0123456789aAzZéß\u0000\u2028🙂`;

function mutate(text: string, r: () => number): string {
  const pos = () => Math.floor(r() * (text.length + 1));
  switch (Math.floor(r() * 5)) {
    case 0: {
      const a = pos();
      return text.slice(0, a) + text.slice(a + 1 + Math.floor(r() * 20));
    }
    case 1: {
      const a = pos();
      let ins = '';
      for (let i = 0; i < 1 + r() * 6; i++) ins += ALPHABET[Math.floor(r() * ALPHABET.length)];
      return text.slice(0, a) + ins + text.slice(a);
    }
    case 2:
      return text.slice(0, pos());
    case 3: {
      const a = pos();
      const b = pos();
      return text.slice(0, Math.min(a, b)) + text.slice(Math.max(a, b), Math.max(a, b) + 40) + text.slice(Math.min(a, b));
    }
    default: {
      // Mutate inside the query, where the parsers and checks work.
      const q = text.indexOf("query = '''");
      if (q < 0) return text;
      const a = q + 12 + Math.floor(r() * 200);
      return text.slice(0, a) + ALPHABET[Math.floor(r() * ALPHABET.length)] + text.slice(a + 1);
    }
  }
}

describe.skipIf(!HAS_CORPUS)('robustness on mutated corpus files', () => {
  it('never throws, never reports an internal error, keeps every range in the file', () => {
    const linter = new Linter({});
    const files = corpusRuleFiles();
    const r = rng(20261122);
    const problems: string[] = [];
    for (let i = 0; i < 600; i++) {
      const file = files[Math.floor(r() * files.length)];
      let text = readFileSync(file, 'utf8');
      for (let k = 0; k < 1 + Math.floor(r() * 3); k++) text = mutate(text, r);
      let result;
      try {
        result = linter.lintText(text, file);
      } catch (e) {
        problems.push(`${file}: threw ${(e as Error).message}`);
        continue;
      }
      for (const d of result.diagnostics) {
        if (d.code === 'internal-error') problems.push(`${file}: ${d.message}`);
        if (d.span.start < 0 || d.span.end > text.length || d.span.start > d.span.end) problems.push(`${file}: ${d.code} range ${d.span.start}-${d.span.end} outside 0-${text.length}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  }, 120_000);

  it('lints random bytes as any file kind without throwing', () => {
    const linter = new Linter({});
    const r = rng(7);
    for (let i = 0; i < 200; i++) {
      let text = '';
      for (let k = 0; k < r() * 300; k++) text += String.fromCharCode(Math.floor(r() * 0x3000));
      for (const name of ['x.toml', 'x.esql', 'x.eql', 'x.kql']) {
        const result = linter.lintText(text, name);
        expect(result.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
      }
    }
  });
});

describe('long inputs', () => {
  it('lints 5,000-condition chains in every language without an internal error', () => {
    const linter = new Linter({});
    const cases: Record<string, string> = {
      'q.kql': 'process.name:x or '.repeat(5000) + 'process.pid:2',
      'q.eql': 'process where ' + 'process.name == "x" or '.repeat(5000) + 'process.pid == 2',
      'q.esql': 'from logs-* | where ' + 'process.name == "x" or '.repeat(5000) + 'process.pid == 2 | keep process.name',
    };
    for (const [name, text] of Object.entries(cases)) {
      const diagnostics = linter.lintText(text, name).diagnostics;
      // Elasticsearch refuses an ES|QL expression tree more than 400 levels deep (a 5,001-term chain is
      // 5,003): that verdict, once, and nothing else.
      if (name === 'q.esql') {
        expect(diagnostics.map((d) => d.message), name).toEqual([expect.stringMatching(/^ES\|QL statement exceeded the maximum expression depth allowed \(400\)/)]);
        continue;
      }
      const codes = diagnostics.map((d) => d.code);
      expect(codes, name).toEqual([]);
    }
  });
});
