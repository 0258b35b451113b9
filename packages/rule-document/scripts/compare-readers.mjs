#!/usr/bin/env node
/**
 * Compares two builds of the TOML reader and of parseRuleDocument, for changes to the reader that must not
 * change any result: `node packages/rule-document/scripts/compare-readers.mjs <old-repo> [<new-repo>]` (both
 * built: each one's packages/rule-document/dist is loaded; the new one defaults to this checkout). Typically
 * the old one is a clean clone of main: `git clone -q . ../base && (cd ../base && npm install && npm run build)`.
 *
 * Inputs: every rule file of ../shared/corpus/detection-rules (skipped with a message when absent), each with
 * CRLF line ends, and seeded variants of them: characters inserted (control characters, quotes, escapes,
 * brackets, line ends, key/values and headers), truncations, deletions, key/values and headers put before
 * a header. Every input is read in two passes, the second in a shuffled order (state kept between
 * documents, such as caches, must not change a result).
 *
 * Compared: parseToml's value (with key order and Date values), every section (header, path, entries: key,
 * keySpan, value node with its span), every key of keyValues with its spans, dottedKey, the error's name,
 * message and offset; for a third of the inputs parseRuleDocument's kind, metadata, rule, diagnostics,
 * queries (text, spans, offset maps at a few offsets) and value/key spans of a few rule keys. Also: two reads
 * of one text share no table, array or date. Exit code 1 on any difference; differences are reported by
 * input (file and variant), never with the file's text.
 *
 * Options (environment): VARIANTS=<n> (default 3000 of each kind), SEED=<n>.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const newRepo = resolve(process.argv[3] ?? join(here, '../../..'));
if (!process.argv[2]) {
  console.error('usage: compare-readers.mjs <old-repo> [<new-repo>]');
  process.exit(2);
}
const oldRepo = resolve(process.argv[2]);
const corpus = resolve(newRepo, '../shared/corpus/detection-rules');
if (!existsSync(join(corpus, 'rules'))) {
  console.log(`${corpus} not found: nothing compared (skipped)`);
  process.exit(0);
}
const load = async (repo, file) => import(pathToFileURL(join(repo, 'packages/rule-document/dist', file)).href);
const old = { ...(await load(oldRepo, 'toml.js')), ...(await load(oldRepo, 'document.js')) };
const now = { ...(await load(newRepo, 'toml.js')), ...(await load(newRepo, 'document.js')) };

const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.toml')) files.push(p);
  }
};
for (const d of ['rules', 'rules_building_block', 'hunting']) if (existsSync(join(corpus, d))) walk(join(corpus, d));
files.sort();
const originals = files.map((f) => readFileSync(f, 'utf8'));

let seed = Number(process.env.SEED ?? 7);
const rnd = (n) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
};
/** Each input: its text, the corpus file it comes from and how it was changed. */
const inputs = originals.map((text, i) => ({ text, file: i, variant: 'as is' }));
for (const [i, t] of originals.entries()) inputs.push({ text: t.replace(/\n/g, '\r\n'), file: i, variant: 'CRLF' });
const VARIANTS = Number(process.env.VARIANTS ?? 3000);
const inserts = ['\x01', '\x00', '\x7f', '\x0b', '"', "'", '\\', '\\u00e9', '\n', '\r', '[', ']', '=', '#', '.', 'x = 1\n', '\n[rule]\n', '\nid = "x"\n', 'a.b = 1\n', '\n[[rule.threat]]\n', '\t', '\u2019', '"""', "'''"];
const beforeHeader = ['id = "dup"\n', 'zz = 1\n', 'zz.y = 2\n', '[rule]\n', '[rule.threat]\n', 'name = "x"\n', '# c\n', '  \n', 'k = [1, [2, {a = 1}]]\n', 'd = 1979-05-27T07:32:00Z\n', '[metadata]\n', 'x = { y = 1 }\n'];
for (let k = 0; k < VARIANTS; k++) {
  const file = rnd(originals.length);
  const t = originals[file];
  const at = rnd(t.length + 1);
  const what = inserts[rnd(inserts.length)];
  inputs.push({ text: t.slice(0, at) + what + t.slice(at), file, variant: `${JSON.stringify(what)} inserted at ${at}` });
}
for (let k = 0; k < VARIANTS; k++) {
  const file = rnd(originals.length);
  const at = rnd(originals[file].length + 1);
  inputs.push({ text: originals[file].slice(0, at), file, variant: `cut at ${at}` });
}
for (let k = 0; k < VARIANTS; k++) {
  const file = rnd(originals.length);
  const t = originals[file];
  const at = rnd(t.length);
  const len = 1 + rnd(40);
  inputs.push({ text: t.slice(0, at) + t.slice(at + len), file, variant: `${len} characters deleted at ${at}` });
}
for (let k = 0; k < VARIANTS; k++) {
  const file = rnd(originals.length);
  const t = originals[file];
  const headers = [...t.matchAll(/\n\[/g)];
  if (headers.length === 0) continue;
  const at = headers[rnd(headers.length)].index + 1;
  const what = beforeHeader[rnd(beforeHeader.length)];
  inputs.push({ text: t.slice(0, at) + what + t.slice(at), file, variant: `${JSON.stringify(what)} before the header at ${at}` });
}

/** Object keys in order (isDeepStrictEqual does not compare the order of keys). */
const keyOrder = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Date) ? [Object.keys(x), Object.values(x)] : x));
function readToml(m, text) {
  let doc;
  try {
    doc = m.parseToml(text);
  } catch (e) {
    return { error: [e?.name, e?.message, e?.offset] };
  }
  return {
    value: doc.value,
    order: keyOrder(doc.value),
    sections: doc.sections.map((s) => ({ header: s.header, path: s.path, entries: s.entries.map((kv) => ({ key: kv.key, keySpan: kv.keySpan, value: kv.value, dotted: m.dottedKey(kv) })) })),
    keyValues: [...doc.keyValues].map(([k, kv]) => [k, kv.keySpan, kv.value.span]),
  };
}
function readDocument(m, text, path) {
  const d = m.parseRuleDocument(text, path);
  return {
    kind: d.kind,
    metadata: d.metadata,
    rule: d.rule,
    diagnostics: d.diagnostics,
    queries: d.queries.map(({ map, ...q }) => ({ ...q, offsets: [0, 1, 5, q.text.length].map((o) => map.toHost(Math.min(o, q.text.length))) })),
    spans: ['query', 'name', 'threat', 'rule_id', 'language'].flatMap((k) => [d.valueSpan(['rule', k]), d.keySpan(['rule', k])]),
  };
}
/** Where two results first differ (a path of keys), for the report. */
function firstDifference(a, b, at = '') {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${at}.${k}`);
      if (d !== undefined) return d;
    }
  }
  return at || '(top)';
}

let differences = 0;
let errors = 0;
const report = (input, what, where) => {
  if (differences++ < 20) console.log(`DIFFERENT ${what} at ${where}: ${relative(corpus, files[input.file])} (${input.variant})`);
};
const order = [...inputs.keys()];
for (let pass = 0; pass < 2; pass++) {
  if (pass === 1) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = rnd(k + 1);
      [order[k], order[j]] = [order[j], order[k]];
    }
  }
  for (const n of order) {
    const input = inputs[n];
    const a = readToml(old, input.text);
    const b = readToml(now, input.text);
    if (pass === 0 && a.error) errors++;
    const where = firstDifference(a, b);
    if (where !== undefined) report(input, 'parseToml', where);
    if (n % 3 === pass) {
      const da = readDocument(old, input.text, files[input.file]);
      const db = readDocument(now, input.text, files[input.file]);
      const w = firstDifference(da, db);
      if (w !== undefined) report(input, 'parseRuleDocument', w);
    }
  }
}
// Two reads of one text share no table, array or date (values may be changed by their reader).
for (let i = 0; i < originals.length; i += 97) {
  const a = now.parseToml(originals[i]).value;
  const b = now.parseToml(originals[i]).value;
  const shared = (x, y, at) => {
    if (!x || typeof x !== 'object') return;
    if (x === y) report({ file: i, variant: 'read twice' }, 'identity', at || '(top)');
    else for (const k of Object.keys(x)) shared(x[k], y[k], `${at}.${k}`);
  };
  shared(a, b, '');
}
console.log(`${inputs.length} inputs (${originals.length} corpus files, ${errors} inputs invalid TOML), 2 passes: ${differences} differences`);
process.exit(differences === 0 ? 0 : 1);
