// npm run bench: speed and memory over the detection-rules corpus in ../shared, using the built
// packages (npm install builds them). Prints the figures; BENCHMARKS.md records them.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseRuleDocument } from '@esql-lint/rule-document';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import { lintFiles } from '@esql-lint/linter';

const corpus = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/corpus/detection-rules'));
if (!existsSync(join(corpus, 'rules'))) {
  console.error(`bench: no corpus at ${corpus} (pass its path as the first argument)`);
  process.exit(2);
}
const dirs = [join(corpus, 'rules'), join(corpus, 'rules_building_block')];
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.toml')) files.push(p);
  }
};
dirs.forEach(walk);

const queries = { kuery: [], eql: [], esql: [] };
for (const f of files) {
  const doc = parseRuleDocument(readFileSync(f, 'utf8'), f);
  for (const q of doc.queries) queries[q.language]?.push(q.text);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

console.log(`esql-lint bench — node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}`);
console.log(`corpus: ${files.length} files (${queries.kuery.length} KQL, ${queries.eql.length} EQL, ${queries.esql.length} ES|QL queries)\n`);

const parsers = { kuery: kql, eql, esql };
for (const [lang, parser] of Object.entries(parsers)) {
  const qs = queries[lang];
  // Warm up once (the first parse builds the parser instance).
  const t0 = performance.now();
  for (const q of qs) parser.parse(q);
  const cold = performance.now() - t0;
  const runs = 5;
  const per = qs.map(() => []);
  let total = 0;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    qs.forEach((q, i) => {
      const a = performance.now();
      parser.parse(q);
      per[i].push(performance.now() - a);
    });
    total += performance.now() - start;
  }
  const medians = per.map(median);
  console.log(`parse ${lang.padEnd(5)}: ${qs.length} queries, total ${fmt(total / runs)} per pass (first pass ${fmt(cold)}), median ${fmt(median(medians))}/query, p95 ${fmt([...medians].sort((a, b) => a - b)[Math.floor(medians.length * 0.95)] ?? 0)}/query`);
}

const heapBefore = process.memoryUsage().heapUsed;
const start = performance.now();
const report = lintFiles(dirs, { noConfig: true });
const elapsed = performance.now() - start;
const heapAfter = process.memoryUsage().heapUsed;
console.log(`\nlint (parse + all checks, schemas included), one process, first run: ${files.length} files in ${(elapsed / 1000).toFixed(2)} s = ${(files.length / (elapsed / 1000)).toFixed(0)} files/s`);
const start2 = performance.now();
lintFiles(dirs, { noConfig: true });
const elapsed2 = performance.now() - start2;
console.log(`lint, second run (warm: parsers built, schemas loaded): ${(elapsed2 / 1000).toFixed(2)} s = ${(files.length / (elapsed2 / 1000)).toFixed(0)} files/s`);
console.log(`summary: ${JSON.stringify(report.summary)}`);
console.log(`memory: heap used ${(heapAfter / 1e6).toFixed(0)} MB after the first lint run (${(heapBefore / 1e6).toFixed(0)} MB before it), rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

// ---------------------------------------------------------------- language server latency
// The bundled server (npm install builds it) over stdio, driven like an editor: open each corpus rule
// and wait for its diagnostics, then ask for completion and hover at a field of the query.
{
  const { spawn } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const rpc = await import('vscode-languageserver-protocol/node.js');
  const serverFile = new URL('../packages/lsp/dist/esql-lint-lsp.mjs', import.meta.url).pathname;
  if (!existsSync(serverFile)) {
    console.log('\nlanguage server: not built (npm run build), skipped');
  } else {
    const child = spawn(process.execPath, [serverFile, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    const waiting = new Map();
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => waiting.get(p.uri)?.(p));
    conn.listen();
    const t0 = performance.now();
    await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification(rpc.InitializedNotification.type, {});
    const initMs = performance.now() - t0;
    const sample = files.filter((_, i) => i % 20 === 0);
    const open = [];
    const complete = [];
    const hover = [];
    for (const [i, file] of sample.entries()) {
      const text = readFileSync(file, 'utf8');
      const uri = pathToFileURL(file).href;
      const got = new Promise((r) => waiting.set(uri, r));
      const a = performance.now();
      await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text } });
      await got;
      open.push(performance.now() - a);
      // A position inside the query: the first dotted name after `query =`.
      const q = text.indexOf('query = ');
      const m = q >= 0 ? /[a-z_]+\.[a-z_.]+/.exec(text.slice(q + 8)) : null;
      if (m) {
        const offset = q + 8 + m.index + 2;
        const before = text.slice(0, offset).split('\n');
        const position = { line: before.length - 1, character: before[before.length - 1].length };
        let b = performance.now();
        await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri }, position });
        complete.push(performance.now() - b);
        b = performance.now();
        await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri }, position });
        hover.push(performance.now() - b);
      }
      await conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      if (i === 0) open.shift(); // the first open loads the schemas
    }
    const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)] ?? 0;
    console.log(`\nlanguage server (bundled, stdio): initialize ${fmt(initMs)}; ${sample.length} corpus rules opened one by one`);
    console.log(`  didOpen -> diagnostics: median ${fmt(median(open))}, p95 ${fmt(p95(open))}`);
    console.log(`  completion in a query: median ${fmt(median(complete))}, p95 ${fmt(p95(complete))}; hover: median ${fmt(median(hover))}, p95 ${fmt(p95(hover))}`);
    conn.dispose();
    child.kill();
  }
}

// ---------------------------------------------------------------- semantic tokens (issue 10)
// The largest corpus rule of each language (by query length): semantic tokens after the document is
// parsed, through the language service (a fresh version each run, parsed first, then timed: lexer
// classes, AST refinement, schema look-ups, offset mapping), and as LSP round trips over stdio
// (didOpen, diagnostics, then textDocument/semanticTokens/full: encoding and transport included).
{
  const { createLanguageService } = await import('@esql-lint/language-service');
  const largest = {};
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const q of parseRuleDocument(text, f).queries) {
      if (!['kuery', 'eql', 'esql'].includes(q.language)) continue;
      if (!largest[q.language] || q.text.length > largest[q.language].size) largest[q.language] = { file: f, size: q.text.length, text };
    }
  }
  const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)] ?? 0;
  const runs = 60;
  console.log('\nsemantic tokens, largest corpus rule per language (after parse):');
  const service = createLanguageService();
  for (const [lang, { file, size, text }] of Object.entries(largest)) {
    const times = [];
    let count = 0;
    for (let i = 0; i < runs + 5; i++) {
      // A new version of the document each run (a comment line appended), parsed before the timing.
      const version = `${text}\n# run ${i}\n`;
      service.completions(file, version, 0);
      const a = performance.now();
      count = service.semanticTokens(file, version).length;
      if (i >= 5) times.push(performance.now() - a);
    }
    console.log(`  ${lang.padEnd(5)} ${file.slice(corpus.length + 1)} (query ${size} chars, ${count} tokens): median ${fmt(median(times))}, p95 ${fmt(p95(times))}`);
  }

  const serverFile = new URL('../packages/lsp/dist/esql-lint-lsp.mjs', import.meta.url).pathname;
  if (existsSync(serverFile)) {
    const { spawn } = await import('node:child_process');
    const { pathToFileURL } = await import('node:url');
    const rpc = await import('vscode-languageserver-protocol/node.js');
    const child = spawn(process.execPath, [serverFile, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
    const waiting = new Map();
    conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => waiting.get(`${p.uri}@${p.version}`)?.(p));
    conn.listen();
    await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification(rpc.InitializedNotification.type, {});
    const { file, text } = Object.values(largest).sort((a, b) => b.size - a.size)[0];
    const uri = pathToFileURL(file).href;
    const times = [];
    for (let version = 1; version <= 40; version++) {
      const got = new Promise((r) => waiting.set(`${uri}@${version}`, r));
      if (version === 1) await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version, text } });
      else {
        await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version }, contentChanges: [{ text: `${text}\n# version ${version}\n` }],
        });
      }
      await got; // linted: parsed
      const a = performance.now();
      await conn.sendRequest(rpc.SemanticTokensRequest.type, { textDocument: { uri } });
      if (version > 3) times.push(performance.now() - a);
    }
    console.log(`  LSP semanticTokens/full round trip, ${file.slice(corpus.length + 1)}, after diagnostics: median ${fmt(median(times))}, p95 ${fmt(p95(times))}`);
    conn.dispose();
    child.kill();
  }
}

// ---------------------------------------------------------------- editor features (issue 21)
// Completion, signature help and hover of the language service (in process, warm) at many positions of
// the largest corpus rule of each language. Targets: completion p95 <= 10 ms, signature help and
// hover p95 <= 5 ms.
{
  const { createLanguageService } = await import('@esql-lint/language-service');
  const service = createLanguageService({ noConfig: true });
  const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.95)] ?? 0;
  console.log('\neditor features (language service, warm), at positions of the largest rule of each language:');
  for (const lang of ['esql', 'eql', 'kuery']) {
    let best;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const q = parseRuleDocument(text, f).queries.find((x) => x.language === lang);
      if (q && (!best || q.text.length > best.q.text.length)) best = { f, text, q };
    }
    if (!best) continue;
    const { f, text, q } = best;
    service.diagnostics(f, text);
    // Every word start and every position after a blank, `(` or `,` inside the query (at most 400).
    const offsets = [];
    for (let i = 1; i < q.text.length; i++) if (/[\s(,|]/.test(q.text[i - 1]) || (/\W/.test(q.text[i - 1]) && /\w/.test(q.text[i]))) offsets.push(q.map.toHost(i));
    const step = Math.max(1, Math.floor(offsets.length / 400));
    const sample = offsets.filter((_, i) => i % step === 0);
    const time = (fn) => sample.map((o) => {
      const a = performance.now();
      fn(o);
      return performance.now() - a;
    });
    time((o) => service.completions(f, text, o)); // warm-up: schemas, definitions
    const c = time((o) => service.completions(f, text, o));
    const s = time((o) => service.signatureHelp(f, text, o));
    const h = time((o) => service.hover(f, text, o));
    console.log(`  ${lang.padEnd(5)} ${f.replace(/.*detection-rules\//, '')} (query ${q.text.length} chars, ${sample.length} positions):`);
    console.log(`    completion median ${fmt(median(c))}, p95 ${fmt(p95(c))} (target 10 ms); signature help median ${fmt(median(s))}, p95 ${fmt(p95(s))} (target 5 ms); hover median ${fmt(median(h))}, p95 ${fmt(p95(h))} (target 5 ms)`);
  }
}

// ---------------------------------------------------------------- CLI: cache and worker threads (issue 13)
// The bundled CLI as users run it, over the corpus: a cold run that fills a cache, a warm run that reads
// it (target: under a fifth of the cold run), and single-threaded vs two worker threads.
{
  const { spawnSync } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const cliFile = new URL('../packages/cli/dist/esql-lint.mjs', import.meta.url).pathname;
  if (!existsSync(cliFile)) {
    console.log('\nCLI cache/concurrency: not built (npm run build), skipped');
  } else {
    const tmp = mkdtempSync(join(tmpdir(), 'esql-lint-bench-'));
    const cache = join(tmp, 'cache');
    const runCli = (...args) => {
      const a = performance.now();
      const r = spawnSync(process.execPath, [cliFile, ...dirs, '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      if (r.status !== 0 && r.status !== 1) throw new Error(`esql-lint exited ${r.status}: ${r.stderr}`);
      return { ms: performance.now() - a, out: r.stdout };
    };
    const best = (n, f) => Math.min(...Array.from({ length: n }, f));
    const one = best(3, () => runCli('--concurrency', '1').ms);
    const two = best(3, () => runCli('--concurrency', '2').ms);
    const cold = best(3, () => {
      rmSync(cache, { force: true });
      return runCli('--concurrency', '1', '--cache', '--cache-location', cache).ms;
    });
    const warm = best(3, () => runCli('--concurrency', '1', '--cache', '--cache-location', cache).ms);
    rmSync(tmp, { recursive: true, force: true });
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\nCLI (bundled, whole process, best of 3) over ${files.length} files:`);
    console.log(`  --concurrency 1: ${s(one)}; --concurrency 2: ${s(two)} (${(one / two).toFixed(2)}x)`);
    console.log(`  --cache cold: ${s(cold)}; warm: ${s(warm)} (${((warm / cold) * 100).toFixed(0)}% of cold; target under 20%)`);
  }
}

// Issue 15 and 19 targets, each with its value and met / not met (scripts/bench-targets.mjs).
await import('./bench-targets.mjs');
