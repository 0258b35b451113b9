import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Linter } from '../src/index.js';
import { corpusQueries, HAS_CORPUS } from '../../../test/support/corpus.js';

const linter = new Linter();

/** A small deterministic PRNG, so failures reproduce. */
function prng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const OWN = [
  'from logs-endpoint.events.process-* metadata _id, _version, _index | where process.name == "a" | eval Esql.x = to_lower(process.name) | stats Esql.c = count(*) by host.name | keep Esql.c, host.name',
  'row a = 1 | dissect b "%{x} %{?y}" | grok c "%{NUMBER:n:int}" | rename n as m | drop m | keep *',
  'from a | enrich p on x with y = z | lookup join l on q | change_point v on k as t, p | fork (where a > 1) (eval b = 2)',
];

describe('the ES|QL analysis never fails on broken queries', () => {
  it('lints prefixes and random slices of queries without internal errors', () => {
    const texts = [...OWN, ...(HAS_CORPUS ? corpusQueries('esql').slice(0, 20).map((q) => q.query) : [])];
    const rand = prng(7);
    const failures: string[] = [];
    for (const t of texts) {
      const samples = [t.slice(0, Math.floor(t.length / 2)), t.slice(0, Math.floor(t.length / 3))];
      for (let i = 0; i < 6; i++) {
        const a = Math.floor(rand() * t.length);
        const b = a + Math.floor(rand() * (t.length - a));
        samples.push(t.slice(0, a) + t.slice(b));
      }
      for (const s of samples) {
        const d = linter.lintText(s, 'q.esql').diagnostics.find((x) => x.code === 'internal-error');
        if (d) failures.push(`${JSON.stringify(s.slice(0, 80))}: ${d.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has no internal error on any corpus ES|QL rule, deprecated ones included', () => {
    if (!HAS_CORPUS) return;
    for (const q of corpusQueries('esql')) {
      const codes = linter.lintText(readFileSync(q.file, 'utf8'), q.file).diagnostics.map((d) => d.code);
      expect(codes, q.file).not.toContain('internal-error');
    }
  });
});
