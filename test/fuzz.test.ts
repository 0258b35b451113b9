/**
 * Fuzzing the parsers and the linter (issue 15): corpus mutations, prefixes, deep nesting, long chains
 * and random bytes. Each case asserts: no throw, every diagnostic and AST span inside the text, and at
 * most 100 diagnostics of one code per query plus one "N more". `npm test` runs a bounded number of
 * cases (FUZZ_RUNS, default 40 per language); `npm run fuzz` runs many more.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../packages/core/src/index.js';
import { parse as parseKql } from '../packages/parser-kql/src/index.js';
import { parse as parseEql } from '../packages/parser-eql/src/index.js';
import { parse as parseEsql } from '../packages/parser-esql/src/index.js';
import { Linter } from '../packages/linter/src/index.js';
import { corpusQueries, HAS_CORPUS } from './support/corpus.js';
import { ADVERSARIAL, randomBytes } from './support/adversarial.mjs';
import { rng } from './support/fuzz.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SCALES = process.env.FUZZ_RUNS ? [1, 10, 100] : [1];
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PARSERS = { kuery: parseKql, eql: parseEql, esql: parseEsql } as const;
type Language = keyof typeof PARSERS;

const PIECES = [' ', '\n', '(', ')', '[', ']', '{', '}', '|', ':', '"', "'", '`', '\\', '*', ',', '.', '==', ' or ', ' and ', ' not ', ' where ', ' by ', '| where ', '| stats ', 'FROM ', 'sequence ', '[any where true]', '?', '@', '#', '\u0000', '🙂', 'é', '"""', '/*', '//', '0x', '1e', '-'];

/** Mutated query texts, prefixes, nesting, chains and random text, for one language. */
function* cases(language: Language, runs: number, r: () => number): Generator<string> {
  const corpus = HAS_CORPUS ? corpusQueries(language).map((q) => q.query) : [];
  const seeds = corpus.length ? corpus : { kuery: ['a:b and c:d'], eql: ['process where a == 1'], esql: ['FROM logs-* | WHERE a > 1 | KEEP a'] }[language];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  for (let i = 0; i < runs; i++) {
    const base = pick(seeds);
    const pos = () => Math.floor(r() * (base.length + 1));
    switch (i % 8) {
      case 0: // a prefix
        yield base.slice(0, pos());
        break;
      case 1: {
        // a few random edits
        let t = base;
        for (let e = 0; e < 1 + r() * 5; e++) {
          const a = Math.floor(r() * (t.length + 1));
          t = r() < 0.5 ? t.slice(0, a) + pick(PIECES) + t.slice(a) : t.slice(0, a) + t.slice(a + 1 + Math.floor(r() * 10));
        }
        yield t;
        break;
      }
      case 2: {
        // a slice duplicated (long repetitions)
        const a = pos();
        const b = Math.min(base.length, a + 1 + Math.floor(r() * 30));
        yield base.slice(0, b) + base.slice(a, b).repeat(1 + Math.floor(r() * 200)) + base.slice(b);
        break;
      }
      case 3: {
        // deep nesting
        const n = 1 + Math.floor(r() * 5000);
        yield language === 'esql' ? `FROM a | WHERE ${'('.repeat(n)}a${')'.repeat(n)}` : language === 'eql' ? `any where ${'('.repeat(n)}true${')'.repeat(n)}` : `${'('.repeat(n)}a:1${')'.repeat(n)}`;
        break;
      }
      case 4: {
        // a long chain
        const n = 1 + Math.floor(r() * 3000);
        const chain = Array.from({ length: n }, (_, j) => (language === 'kuery' ? `f${j}:${j}` : `f${j} == ${j}`)).join(r() < 0.5 ? ' or ' : ' and ');
        yield language === 'esql' ? `FROM a | WHERE ${chain}` : language === 'eql' ? `any where ${chain}` : chain;
        break;
      }
      case 5: // random bytes
        yield randomBytes(1 + Math.floor(r() * 3000), Math.floor(r() * 1e9));
        break;
      case 6: // random pieces
        yield Array.from({ length: 1 + Math.floor(r() * 300) }, () => pick(PIECES)).join('');
        break;
      default: {
        // a corpus query with a piece repeated many times in the middle
        const a = pos();
        yield base.slice(0, a) + pick(PIECES).repeat(1 + Math.floor(r() * 2000)) + base.slice(a);
      }
    }
  }
}

/** Problems of one parse or lint result; empty when all is well. */
function check(text: string, diagnostics: readonly Diagnostic[], ast?: unknown): string[] {
  const out: string[] = [];
  const perCode = new Map<string, number>();
  for (const d of diagnostics) {
    perCode.set(d.code, (perCode.get(d.code) ?? 0) + 1);
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) out.push(`diagnostic span ${d.span.start}-${d.span.end} outside 0-${text.length}`);
  }
  for (const [code, n] of perCode) if (n > 101) out.push(`${n} diagnostics of ${code}`);
  // Every node span inside the text (an explicit stack: deep trees must not overflow here either).
  const stack: unknown[] = ast ? [ast] : [];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const span = (node as { span?: { start: number; end: number } }).span;
    if (span && typeof span.start === 'number' && !(span.start >= 0 && span.start <= span.end && span.end <= text.length)) {
      out.push(`node span ${span.start}-${span.end} outside 0-${text.length}`);
      break;
    }
    for (const v of Object.values(node)) if (v && typeof v === 'object') stack.push(v);
  }
  return out;
}

describe('fuzz: parsers', () => {
  for (const language of Object.keys(PARSERS) as Language[]) {
    it(`${language}: ${RUNS} generated inputs parse without throwing, spans in range, diagnostics capped`, () => {
      const r = rng(SEED + language.length);
      const failures: string[] = [];
      for (const text of cases(language, RUNS, r)) {
        let problems: string[];
        try {
          const { ast, diagnostics } = PARSERS[language](text);
          problems = check(text, diagnostics, ast);
        } catch (e) {
          problems = [`threw ${(e as Error)?.message}`];
        }
        if (problems.length) failures.push(`${JSON.stringify(text.slice(0, 80))}: ${problems[0]}`);
      }
      expect(failures.slice(0, 5)).toEqual([]);
    });
  }

  it(`adversarial inputs of issue 15 at x${SCALES.join(', x')}: at most 101 diagnostics of a code, spans in range`, () => {
    const failures: string[] = [];
    for (const input of ADVERSARIAL) {
      for (const scale of SCALES) {
        const text = input.make(scale);
        const { ast, diagnostics } = PARSERS[input.language](text);
        for (const p of check(text, diagnostics, ast)) failures.push(`${input.name} x${scale}: ${p}`);
      }
    }
    expect(failures).toEqual([]);
    // The summary says how many were left out.
    const { diagnostics } = parseEql('process where' + ' or'.repeat(3000));
    expect(diagnostics.length).toBeLessThanOrEqual(101);
    expect(diagnostics.some((d) => /more syntax-error problems in this query not shown|not checked/.test(d.message))).toBe(true);
  }, 180_000);

  it('a long ES|QL pipeline is not "nested too deeply": nesting is limited by depth, not by length', () => {
    const text = 'FROM logs-*' + ' | WHERE a > 1'.repeat(31_000);
    const { diagnostics } = parseEsql(text);
    expect(diagnostics.filter((d) => /nested/.test(d.message))).toEqual([]);
  }, 180_000);
});

describe('fuzz: linter', () => {
  const linter = new Linter();
  const rule = (language: string, query: string) =>
    `[metadata]\nmaturity = "production"\n\n[rule]\nlanguage = "${language}"\ntype = "${language === 'kuery' ? 'query' : language}"\nindex = ["logs-endpoint.events.*"]\nquery = '''\n${query.replace(/'''/g, '')}\n'''\n`;

  it('rules with generated queries lint without throwing; at most 101 diagnostics of one code', () => {
    const failures: string[] = [];
    for (const language of Object.keys(PARSERS) as Language[]) {
      const r = rng(SEED * 3 + language.length);
      for (const q of cases(language, Math.ceil(RUNS / 3), r)) {
        const text = rule(language, q);
        try {
          const res = linter.lintText(text, 'fuzz.toml');
          const problems = check(text, res.diagnostics);
          if (res.diagnostics.some((d) => d.code === 'internal-error')) problems.push('internal-error');
          if (problems.length) failures.push(`${language} ${JSON.stringify(q.slice(0, 60))}: ${problems[0]}`);
        } catch (e) {
          failures.push(`${language} ${JSON.stringify(q.slice(0, 60))}: threw ${(e as Error)?.message}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('patterns with thousands of stars (KEEP, DROP, KQL fields, index patterns) lint and match as globs', () => {
    // Found by FUZZ_RUNS=1000: `KEEP user_agent.origin****…*al` ran for minutes on a backtracking RegExp.
    const stars = '*'.repeat(2000);
    const esql = linter.lintText(rule('esql', `FROM logs-* | EVAL user_agent.original = "x" | KEEP user_agent.origin${stars}al | DROP a${stars}b${stars}c`), 'r.toml');
    expect(esql.diagnostics.filter((d) => d.code === 'unknown-column').map((d) => d.message)).toEqual([`No column matches the pattern "a${stars}b${stars}c" at this point of the query.`]);
    const kql = linter.lintText(rule('kuery', `process.${stars}nmae${stars}:x and ${'a*'.repeat(3000)}b:1`), 'r.toml');
    expect(kql.diagnostics.filter((d) => d.code === 'unknown-field')).toHaveLength(2);
    const index = linter.lintText(rule('kuery', 'process.name:x').replace('"logs-endpoint.events.*"', `"logs-${'e*'.repeat(3000)}x"`), 'r.toml');
    expect(index.diagnostics.some((d) => d.code === 'internal-error')).toBe(false);
  });

  it('a rule with 300 unknown fields reports 100 of them and one "200 more"', () => {
    const query = Array.from({ length: 300 }, (_, i) => `process.nmae${i}:x`).join(' or ');
    const res = linter.lintText(rule('kuery', query), 'r.toml');
    const unknown = res.diagnostics.filter((d) => d.code === 'unknown-field');
    expect(unknown).toHaveLength(101);
    expect(unknown[100].message).toMatch(/^200 more unknown-field problems in this query not shown/);
  });
});
