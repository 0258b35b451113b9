/**
 * Adversarial inputs of issue 15 (shared by test/fuzz.test.ts and, built, by the bench): each is a
 * function of a scale, so that time and diagnostics can be compared at x1, x10, x100.
 */
export interface AdversarialInput {
  name: string;
  language: 'kuery' | 'eql' | 'esql';
  make(scale: number): string;
}

/** Deterministic bytes 0-255 as characters (a seeded LCG: the same text every run). */
export function randomBytes(n: number, seed = 12345): string {
  let s = seed;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    out.push(String.fromCharCode(s % 256));
  }
  return out.join('');
}

const terms = (n: number, term: (i: number) => string, op: string) => Array.from({ length: n }, (_, i) => term(i)).join(` ${op} `);

export const ADVERSARIAL: AdversarialInput[] = [
  { name: "EQL 'process where' + ' or' x1100", language: 'eql', make: (k) => 'process where' + ' or'.repeat(1100 * k) },
  { name: "KQL 'a:{' x1600", language: 'kuery', make: (k) => 'a:{'.repeat(1600 * k) },
  { name: 'EQL random bytes 10 KB', language: 'eql', make: (k) => randomBytes(10_000 * k) },
  { name: "ES|QL 'FROM a' + ' |' x500", language: 'esql', make: (k) => 'FROM a' + ' |'.repeat(500 * k) },
  { name: 'KQL and-chain 100 terms', language: 'kuery', make: (k) => terms(100 * k, (i) => `f${i % 50}:${i}`, 'and') },
  { name: 'EQL or-chain 100 terms', language: 'eql', make: (k) => 'process where ' + terms(100 * k, (i) => `f${i % 50} == ${i}`, 'or') },
  { name: 'ES|QL or-chain 100 terms', language: 'esql', make: (k) => 'FROM logs-* | WHERE ' + terms(100 * k, (i) => `f${i % 50} == ${i}`, 'or') },
  { name: 'ES|QL pipeline 30 commands', language: 'esql', make: (k) => 'FROM logs-*' + ' | WHERE a > 1'.repeat(30 * k) },
  { name: 'ES|QL random bytes 10 KB', language: 'esql', make: (k) => randomBytes(10_000 * k, 7) },
  { name: 'KQL random bytes 10 KB', language: 'kuery', make: (k) => randomBytes(10_000 * k, 99) },
];
