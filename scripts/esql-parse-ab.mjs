// A/B tools for the ES|QL parser's speed work (issue 19). Copy a build aside first:
//   cp -r packages/parser-esql/dist /tmp/esql-old    (then change, npm run build)
//
//   node scripts/esql-parse-ab.mjs phases <dist> [<dist>...]   warm corpus pass split into lex / parse (Chevrotain
//                                                              CST) / build (CST -> AST), min CPU ms of 8, interleaved
//   node scripts/esql-parse-ab.mjs dump <dist> <out.json>      ASTs + diagnostics of every corpus query, the package's
//                                                              test strings and seeded mutations (prefixes, splices,
//                                                              random bytes), for a differential check: dump with the
//                                                              old and the new build, then `cmp` (keep the dumps out
//                                                              of the repository: they hold corpus text)
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { ADVERSARIAL, randomBytes } from '../test/support/adversarial.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = resolve(ROOT, '../shared/corpus/detection-rules');

function corpusQueries() {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.toml')) files.push(p);
    }
  };
  walk(join(CORPUS, 'rules'));
  walk(join(CORPUS, 'rules_building_block'));
  const qs = [];
  for (const f of files.sort()) for (const q of parseRuleDocument(readFileSync(f, 'utf8'), f).queries) if (q.language === 'esql') qs.push(q.text);
  return qs;
}

const load = (dist, m) => import(pathToFileURL(join(resolve(dist), m)).href);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const [mode, ...args] = process.argv.slice(2);
const qs = corpusQueries();
if (mode === 'phases') {
  const builds = [];
  for (const dist of args) {
    const { lex } = await load(dist, 'lexer.js');
    const { parseTokens } = await load(dist, 'parser.js');
    const { AstBuilder } = await load(dist, 'build.js');
    const { parse } = await load(dist, 'index.js');
    const tokens = qs.map((q) => lex(q).tokens);
    const csts = tokens.map((t) => parseTokens(t).cst);
    builds.push({ dist, lex, parseTokens, AstBuilder, parse, tokens, csts, best: { lex: Infinity, parse: Infinity, build: Infinity, total: Infinity } });
  }
  for (let r = 0; r < 8; r++) {
    for (const b of builds) {
      let c = cpu();
      for (const q of qs) b.lex(q);
      b.best.lex = Math.min(b.best.lex, cpu() - c);
      c = cpu();
      for (const t of b.tokens) b.parseTokens(t);
      b.best.parse = Math.min(b.best.parse, cpu() - c);
      c = cpu();
      qs.forEach((q, i) => new b.AstBuilder(q, false).query(b.csts[i]));
      b.best.build = Math.min(b.best.build, cpu() - c);
      c = cpu();
      for (const q of qs) b.parse(q);
      b.best.total = Math.min(b.best.total, cpu() - c);
    }
  }
  const kb = qs.reduce((a, q) => a + q.length, 0) / 1024;
  console.log(`${qs.length} corpus queries, ${kb.toFixed(0)} KB, ${builds[0]?.tokens.reduce((a, t) => a + t.length, 0)} tokens`);
  for (const b of builds) console.log(`${b.dist}: ${Object.entries(b.best).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')} ms`);
} else if (mode === 'dump') {
  const [dist, out] = args;
  const inputs = [...qs];
  for (const tf of ['cases.test.ts', 'corpus.test.ts', 'prefix.test.ts', 'recovery.test.ts']) {
    const src = readFileSync(join(ROOT, 'packages/parser-esql/test', tf), 'utf8');
    for (const m of src.matchAll(/'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\]|\\.)*)`|"((?:[^"\\\n]|\\.)*)"/g)) inputs.push(m[1] ?? m[2] ?? m[3]);
  }
  let seed = 42;
  const rnd = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const q of qs) {
    for (let k = 0; k < 12; k++) inputs.push(q.slice(0, rnd(q.length + 1)));
    for (let k = 0; k < 8; k++) {
      const a = rnd(q.length + 1);
      const b = rnd(q.length + 1);
      inputs.push(q.slice(0, a) + q.slice(b, b + rnd(20)) + q.slice(a + rnd(5)));
    }
    for (let k = 0; k < 2; k++) {
      const a = rnd(q.length + 1);
      inputs.push(q.slice(0, a) + randomBytes(rnd(8) + 1, rnd(1000)) + q.slice(a));
    }
  }
  for (const a of ADVERSARIAL) if (a.language === 'esql') inputs.push(a.make(1), a.make(3));
  const { parse } = await load(dist, 'index.js');
  const lines = [];
  for (const t of inputs) lines.push(JSON.stringify(parse(t)), JSON.stringify(parse(t, { snapshot: true })));
  writeFileSync(out, lines.join('\n'));
  console.log(`${inputs.length} inputs -> ${out}`);
} else {
  console.error('usage: node scripts/esql-parse-ab.mjs phases <dist>... | dump <dist> <out.json>');
  process.exit(2);
}
