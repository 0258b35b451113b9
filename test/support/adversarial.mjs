// The adversarial inputs of issue 15, shared by test/fuzz.test.ts and `npm run bench` (plain JS so
// that the bench, which runs without a TypeScript loader, can import it). Each is a function of a
// scale, so that time and diagnostics can be compared at x1, x10, x100.

/** Deterministic characters U+0000-U+00FF ("bytes"; a seeded LCG: the same text every run). */
export function randomBytes(n, seed = 12345) {
  let s = seed;
  const out = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    out.push(String.fromCharCode(s % 256));
  }
  return out.join('');
}

const terms = (n, term, op) => Array.from({ length: n }, (_, i) => term(i)).join(` ${op} `);

/** @type {Array<{ name: string, language: 'kuery' | 'eql' | 'esql', make(scale: number): string }>} */
export const ADVERSARIAL = [
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

/**
 * A rule of about `kb` KB whose EQL query names `unknown` fields that are in no schema (misspelt
 * endpoint fields), for the did-you-mean cost.
 */
export function ruleWithUnknownFields(kb = 20, unknown = 100) {
  const fields = ['process.name', 'process.parent.name', 'process.command_line', 'file.path', 'user.name', 'host.os.type', 'process.executable', 'registry.path', 'dll.name', 'process.args'];
  const typo = (f, i) => f.replace(/\.(\w)(\w)/, '.$2$1') + (i >= fields.length ? String(i) : '');
  const conditions = Array.from({ length: unknown }, (_, i) => `${typo(fields[i % fields.length], i)} == "value${i}"`);
  let query = `process where (\n  ${conditions.join(' or\n  ')}\n)`;
  let i = 0;
  while (query.length < kb * 1024) query += ` and process.name != "padding-value-${i++}"`;
  return `[metadata]\nmaturity = "production"\n\n[rule]\nname = "bench"\ntype = "eql"\nlanguage = "eql"\nindex = ["logs-endpoint.events.*"]\nquery = '''\n${query}\n'''\n`;
}
