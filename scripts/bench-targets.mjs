// The targets of issues 15 (linear time, bounded output) and 19 (speed), each printed with its
// measured value and whether it is met. Imported by scripts/bench.mjs after its own sections; also
// runnable alone: `node scripts/bench-targets.mjs [corpus]`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseRuleDocument } from '@esql-lint/rule-document';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import { Linter } from '@esql-lint/linter';
import { ADVERSARIAL, ruleWithUnknownFields } from '../test/support/adversarial.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const corpus = resolve(process.argv[2] ?? join(ROOT, '../shared/corpus/detection-rules'));
const HAS_CORPUS = existsSync(join(corpus, 'rules'));
const PARSERS = { kuery: kql, eql, esql };
const CLI = join(ROOT, 'packages/cli/bin/esql-lint.js');
const LSP = join(ROOT, 'packages/lsp/dist/esql-lint-lsp.mjs');

const results = [];
// BENCH_ONLY=esql|eql|kuery: only that language's adversarial and warm-parse rows (a quick A/B while
// working on one parser; the other rows are skipped).
const ONLY = process.env.BENCH_ONLY;
// BENCH_SECTIONS=cold (or a comma list of adversarial, warm, cold, corpus, lsp): only those rows (the cold
// start rows: the parsers, the CLI on one file, the server's initialize and first diagnostics).
const SECTIONS = new Set((process.env.BENCH_SECTIONS || 'all').split(','));
const want = (section) => SECTIONS.has('all') || SECTIONS.has(section);
// Set in the child process that measures the language server rows (see the end).
const LSP_CHILD = Boolean(process.env.BENCH_LSP_CHILD);
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`);
/** Prints one target: what, the measured value, and met / not met. */
function target(issue, what, value, met) {
  results.push({ issue, what, value, met });
  console.log(`  [${met ? 'met' : 'NOT MET'}] ${what}: ${value}`);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;
/** Median wall time of `fn` over `runs` runs, after one warm-up run. */
function time(fn, runs = 3, warmups = 1) {
  for (let i = 0; i < warmups; i++) fn();
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

// ------------------------------------------------------------------ issue 15: adversarial inputs
/**
 * Median wall time of `fn` warm: warm-up runs until at least `minRuns` runs and `minMs` of them (V8 has
 * then optimised the code: a 3 KB input full of syntax errors still got faster for ~30 runs, so five
 * warm-ups timed JIT tiering, not the parser), then the median of `runs`.
 */
function timeWarm(fn, runs = 7, minRuns = 5, minMs = 1000) {
  const start = performance.now();
  for (let i = 0; i < minRuns || performance.now() - start < minMs; i++) fn();
  return time(fn, runs, 0);
}
console.log(
  '\nissue 15 — adversarial inputs (warm: warm-up runs until 5 runs and 1 s (as the warm-parse rows), then the median of 7; x1000 and x3000 the median of 3 after one run, the two sizes timed in alternation. ' +
    'Target: under 100 ms per 100 KB at every scale, and linear: the time per KB grows at most 1.5x from x1000 to x3000, sizes whose syntax ' +
    'trees both outgrow V8\'s young generation. Smaller pairs compare a size whose tree dies young with one whose tree is copied by the ' +
    'young-generation collector: a one-time step, not growth (x100 to x1000 was the pair until the parsers allocated little enough that ' +
    'x100 fits; it is still printed)',
);
// Each row runs in a process of its own (BENCH_ADV_ROW names it): the x3000 inputs leave a heap of GBs
// behind (KQL 'a:{' x3000: RSS 3.2 GB), which slowed the rows after them and the warm-parse rows below
// (EQL corpus pass 22 -> 77 ms in one process), as it would not in a user's process.
const ADV_ROW = process.env.BENCH_ADV_ROW;
for (const [index, input] of (want('adversarial') ? ADVERSARIAL : []).entries()) {
  if (ONLY && input.language !== ONLY) continue;
  if (ADV_ROW === undefined) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
      env: { ...process.env, BENCH_ADV_ROW: String(index), BENCH_SECTIONS: 'adversarial' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = (child.stdout ?? '').split('\n').find((l) => /^ {2}\[(met|NOT MET)\] /.test(l));
    const m = line && /^ {2}\[(met|NOT MET)\] (.*?): ((?:NOT )?linear: .*)$/.exec(line);
    if (m && child.status === 0) target(15, m[2], m[3], m[1] === 'met');
    else target(15, input.name, `child process failed (${child.status ?? child.signal})`, false);
    continue;
  }
  if (String(index) !== ADV_ROW) continue;
  const parse = PARSERS[input.language].parse;
  const row = [];
  let ok = true;
  const perKb = [];
  // x1000 and x3000 are timed in alternation (one run each, then three rounds of both), after the
  // smaller sizes: their ratio is the linearity verdict, and this VM's speed drifts by up to 2x within a
  // minute (one parse of the same 30 MB took 565 and 1,059 ms of CPU a few seconds apart), so timing all
  // of one size and then all of the other compared two phases of the machine rather than two sizes.
  const timeBigPair = () => {
    const pair = [1000, 3000].map((scale) => {
      const entry = { text: input.make(scale), diagnostics: 0, times: [] };
      entry.run = () => (entry.diagnostics = parse(entry.text).diagnostics.length);
      return entry;
    });
    for (const entry of pair) entry.run();
    for (let round = 0; round < 3; round++) {
      for (const entry of pair) {
        const start = performance.now();
        entry.run();
        entry.times.push(performance.now() - start);
      }
    }
    return pair;
  };
  let bigPair;
  for (const scale of [1, 10, 100, 1000, 3000]) {
    if (scale >= 1000) bigPair ??= timeBigPair();
    const pre = scale >= 1000 ? bigPair[scale === 1000 ? 0 : 1] : undefined;
    const text = pre ? pre.text : input.make(scale);
    let diagnostics = pre ? pre.diagnostics : 0;
    const run = () => (diagnostics = parse(text).diagnostics.length);
    const ms = pre ? median(pre.times) : timeWarm(run);
    const kb = text.length / 1024;
    perKb.push(ms / kb);
    // Small inputs are dominated by fixed costs: the per-size bound applies from 1 ms of work on.
    if (ms > 1 && (ms / kb) * 100 > 100) ok = false;
    row.push(`x${scale} ${kb.toFixed(0)} KB ${fmt(ms)} (${fmt((ms / kb) * 100)}/100 KB, ${diagnostics} diagnostics)`);
  }
  // Linear: the time per KB does not grow from x1000 to x3000 (by more than noise, 1.5x).
  const growth = perKb[4] / perKb[3];
  const linear = growth <= 1.5 || perKb[4] * 100 * 1024 < 1;
  const verdict = `${linear ? 'linear' : 'NOT linear'}: time per KB x${growth.toFixed(1)} from x1000 to x3000 (x${(perKb[3] / perKb[2]).toFixed(1)} from x100 to x1000, x${(perKb[2] / perKb[1]).toFixed(1)} from x10 to x100)`;
  target(15, `${input.name}: ${row.join('; ')}`, verdict, ok && linear);
  process.exit(0);
}

if (!ONLY && want('adversarial') && ADV_ROW === undefined) {
  const text = ruleWithUnknownFields(20, 100);
  const linter = new Linter();
  let unknown = 0;
  // Warm as the other rows: warm-up for 1 s (and 5 runs), then the median of 7. After one warm-up run
  // the row timed JIT tiering as much as the lint: 7.0-25.4 ms between runs of one build (2026-12-02).
  const ms = timeWarm(() => (unknown = linter.lintText(text, 'bench.toml').diagnostics.filter((d) => d.code === 'unknown-field').length));
  target(15, `lint of a ${(text.length / 1024).toFixed(0)} KB rule with 100 unknown fields (${unknown} unknown-field), warm`, fmt(ms), ms < 20);
}
if (!ONLY && want('adversarial') && ADV_ROW === undefined) {
  const big = 'x'.repeat(50 * 1024 * 1024);
  const text = `[rule]\nlanguage = "kuery"\ndescription = "${big}"\nquery = '''\na:1\n'''\n`;
  const t = performance.now();
  const doc = parseRuleDocument(text, 'big.toml');
  const ms = performance.now() - t;
  const verdict = doc.diagnostics.length ? doc.diagnostics.map((d) => `${d.code}: ${d.message}`).join('; ') : 'parses';
  target(15, 'a TOML file with a 50 MB string', `${verdict} in ${fmt(ms)}`, !doc.diagnostics.some((d) => /Maximum call stack/.test(d.message)));
}

// ------------------------------------------------------------------ issue 19: speed targets
console.log('\nissue 19 — speed targets (2-core machine; see BENCHMARKS.md)');
const files = [];
if (HAS_CORPUS) {
  const walk = (d) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.toml')) files.push(p);
    }
  };
  walk(join(corpus, 'rules'));
  walk(join(corpus, 'rules_building_block'));
}
const texts = files.map((f) => readFileSync(f, 'utf8'));
const queries = { kuery: [], eql: [], esql: [] };
// The language server rows alone need only the texts (LSP_CHILD below): no parses kept in this process.
if (!LSP_CHILD) {
  for (const [i, text] of texts.entries()) for (const q of parseRuleDocument(text, files[i]).queries) queries[q.language]?.push(q.text);
}

if (HAS_CORPUS && want('warm')) {
  const goals = { esql: { median: 0.08, pass: 50 }, eql: { median: 0.03, pass: 60 }, kuery: { median: Infinity, pass: 40 } };
  for (const [lang, parser] of Object.entries(PARSERS)) {
    if (ONLY && lang !== ONLY) continue;
    const qs = queries[lang];
    /** Five timed passes: the median per query of its five times, and the median pass. */
    const measure = () => {
      const per = qs.map(() => []);
      const passes = [];
      for (let r = 0; r < 5; r++) {
        const start = performance.now();
        qs.forEach((q, i) => {
          const a = performance.now();
          parser.parse(q);
          per[i].push(performance.now() - a);
        });
        passes.push(performance.now() - start);
      }
      return { med: median(per.map(median)), pass: median(passes) };
    };
    // Warm = V8 has optimised the parser: warm-up passes for at least 1 s (and 5 passes). After one
    // warm-up pass the timed passes still ran partly unoptimised code, and how much depended on the
    // other core's load (optimising jobs run on a background thread): the median varied 2.4x between
    // runs of one build. The one-warm-up figures are printed too, for comparison with earlier records.
    for (const q of qs) parser.parse(q);
    const early = measure();
    const warmStart = performance.now();
    for (let r = 0; r < 5 || performance.now() - warmStart < 1000; r++) for (const q of qs) parser.parse(q);
    const { med, pass } = measure();
    console.log(`  (${lang} after one warm-up pass, as recorded before 2026-12-01 17:00: median ${fmt(early.med)}, pass ${fmt(early.pass)})`);
    const goal = goals[lang];
    if (goal.median !== Infinity) target(19, `warm parse ${lang}: median per query (target ≤ ${fmt(goal.median)})`, fmt(med), med <= goal.median);
    target(19, `warm parse ${lang}: corpus pass, ${qs.length} queries (target ≤ ${goal.pass} ms)`, fmt(pass), pass <= goal.pass);
  }
  if (ONLY) {
    console.log(`\ntargets (BENCH_ONLY=${ONLY}): ${results.filter((r) => r.met).length} of ${results.length} met`);
    process.exit(0);
  }
  // Both sides the median of 5 passes after one warm-up (the lint side was one pass until 2026-12-01
  // 23:45: a new Linter's second pass, still partly JIT warm-up, varied 662 ms-1.14 s between idle runs,
  // and the share with it).
  const tomlMs = time(() => texts.forEach((t, i) => parseRuleDocument(t, files[i])), 5);
  const linter = new Linter();
  const lintMs = time(() => texts.forEach((t, i) => linter.lintText(t, files[i])), 5);
  target(19, 'reading TOML (rule documents) as a share of a warm whole-corpus lint (target ≤ 10 %)', `${fmt(tomlMs)} of ${fmt(lintMs)} = ${((tomlMs / lintMs) * 100).toFixed(1)} %`, tomlMs / lintMs <= 0.1);
}

/** Wall time (ms) of a new process running `args`, median of `runs`. */
function wall(args, runs = 3, options = {}) {
  const xs = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore', ...options });
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const sample = { kuery: queries.kuery[0] ?? 'process.name : "cmd.exe"', eql: queries.eql[0] ?? 'process where true', esql: queries.esql[0] ?? 'FROM logs-* | KEEP a' };
for (const [lang, pkg] of want('cold') ? [['kuery', 'parser-kql'], ['eql', 'parser-eql'], ['esql', 'parser-esql']] : []) {
  const entry = pathToFileURL(join(ROOT, `packages/${pkg}/dist/index.js`)).href;
  const script = `import(${JSON.stringify(entry)}).then((p) => p.parse(${JSON.stringify(sample[lang])}))`;
  const ms = wall(['--input-type=module', '-e', script]);
  target(19, `cold start ${lang}: new process, import the parser, parse one query (target ≤ 200 ms)`, fmt(ms), ms <= 200);
}

if (existsSync(CLI) && HAS_CORPUS) {
  const one = files.find((f) => f.includes('/rules/windows/')) ?? files[0];
  if (want('cold')) {
    const ms = wall([CLI, one, '--format', 'json']);
    target(19, 'esql-lint on one rule file, wall (target ≤ 200 ms)', fmt(ms), ms <= 200);
    // Context for the cold rows, not a target: Node's own start in this environment. With NODE_EXTRA_CA_CERTS
    // set, Node 20 reads and parses that certificate file at every start, before any script runs (~65-75 ms
    // of `node -e 0` on this machine, where the sandbox sets it); the row above is measured as it is.
    let context = `  (node alone, \`node -e 0\`: ${fmt(wall(['-e', '0']))}`;
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      context += `; NODE_EXTRA_CA_CERTS is set: without it, node alone ${fmt(wall(['-e', '0'], 3, { env }))}, esql-lint on the rule ${fmt(wall([CLI, one, '--format', 'json'], 3, { env }))}`;
    }
    console.log(`${context})`);
  }
}
if (existsSync(CLI) && HAS_CORPUS && want('corpus')) {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout ?? '';
  const dirs = [join(corpus, 'rules'), join(corpus, 'rules_building_block')];
  const hasTime = existsSync('/usr/bin/time');
  const run = (extra) => {
    const t = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, ...dirs, '--format', 'json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(process.execPath, [CLI, ...dirs, '--format', 'json', ...extra], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t;
    const rssKb = hasTime ? Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1]) : NaN;
    return { ms, rssMb: rssKb / 1024 };
  };
  // The median of three runs (one run until 2026-12-02: on this VM single runs of one build spread over
  // 0.96-1.16 s in one minute), and the largest RSS of the three.
  const runs = [run([]), run([]), run([])];
  const full = { ms: median(runs.map((r) => r.ms)), rssMb: Math.max(...runs.map((r) => r.rssMb)) };
  target(19, 'CLI, whole corpus, default concurrency, wall, median of 3 (target ≤ 1.0 s)', `${fmt(full.ms)} (runs ${runs.map((r) => fmt(r.ms)).join(', ')})`, full.ms <= 1000);
  if (help.includes('--concurrency')) {
    const singles = [run(['--concurrency', '1']), run(['--concurrency', '1']), run(['--concurrency', '1'])];
    const single = { ms: median(singles.map((r) => r.ms)) };
    target(19, 'CLI, whole corpus, one thread, wall, median of 3 (target ≤ 1.6 s)', fmt(single.ms), single.ms <= 1600);
  } else {
    target(19, 'CLI, whole corpus, one thread, wall (target ≤ 1.6 s; no --concurrency option yet, so the default run)', fmt(full.ms), full.ms <= 1600);
  }
  if (hasTime) target(19, 'CLI, whole corpus, max RSS (target ≤ 200 MB)', `${full.rssMb.toFixed(0)} MB`, full.rssMb <= 200);
}

// ------------------------------------------------------------------ language server start-up and latency
// Measured from a small child process of its own: this process holds the corpus and the parsers' warm
// state, and its own garbage collections would count as the server's latency.
if (existsSync(LSP) && (want('cold') || want('lsp')) && !LSP_CHILD) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    env: { ...process.env, BENCH_LSP_CHILD: '1', BENCH_SECTIONS: want('lsp') ? 'lsp' : 'none', BENCH_LSP_COLD: want('cold') ? '1' : '' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of (child.stdout ?? '').split('\n')) {
    const m = /^ {2}\[(met|NOT MET)\] (.*): ([^:]*)$/.exec(line);
    if (m) target(19, m[2], m[3], m[1] === 'met');
  }
  if (child.status !== 0) target(19, 'language server rows', `child process failed (${child.status})`, false);
}
if (existsSync(LSP) && LSP_CHILD) {
  const rpc = await import('vscode-languageserver-protocol/node.js');
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-bench-lsp-'));
  writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
  const largest = HAS_CORPUS ? files.reduce((a, f, i) => (texts[i].length > a.len ? { f, i, len: texts[i].length } : a), { f: '', i: -1, len: 0 }) : undefined;
  const ruleText = largest ? texts[largest.i] : `[rule]\nlanguage = "kuery"\ntype = "query"\nquery = '''\nprocess.name : "x"\n'''\n`;
  const uri = pathToFileURL(join(dir, 'rule.toml')).href;
  // The start measured is a start with the code cache that `npm run build` writes (packages/lsp/build.mjs,
  // warmServer), as every start after an install or a first run has. Its cache directory is the user's,
  // which keeps 16 entries: on this machine the builds of other work trees evict them, and a start without
  // them is a first start (~180 ms more CPU). So the build's warm-up session runs again first, in a process
  // of its own: it writes the entries if they are missing, and writes nothing when they are there.
  spawnSync(process.execPath, ['--input-type=module', '-e', `import(${JSON.stringify(pathToFileURL(join(ROOT, 'packages/lsp/build.mjs')).href)}).then((m) => m.warmServer(${JSON.stringify(LSP)}))`], { stdio: 'ignore', timeout: 60_000 });
  const t0 = performance.now();
  const child = spawn(process.execPath, [LSP, '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let waiting;
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => waiting?.(p));
  conn.listen();
  await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
  const initMs = performance.now() - t0;
  await conn.sendNotification(rpc.InitializedNotification.type, {});
  const first = new Promise((r) => (waiting = r));
  await conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: ruleText } });
  await first;
  const firstMs = performance.now() - t0;
  if (want('cold') || process.env.BENCH_LSP_COLD) {
    target(19, 'language server: initialize answered, from process start (target ≤ 150 ms)', fmt(initMs), initMs <= 150);
    target(19, 'language server: first diagnostics of an opened rule, from process start (target ≤ 300 ms)', fmt(firstMs), firstMs <= 300);
  }

  // Edits of the largest corpus rule (a space added and removed at the end of the query's first
  // line) with no debounce counted: the time from the change to its diagnostics, minus the delay.
  const lines = ruleText.split('\n');
  const qline = Math.max(0, lines.findIndex((l) => /^query = /.test(l)) + 1);
  const diag = [];
  const complete = [];
  const delay = 150; // DIAGNOSTICS_DELAY_MS of the server
  let version = 1;
  // 200 edits, as in a few minutes of typing: the p95 then counts the first, slower edits (JIT warm-up) in their share.
  for (let i = 0; i < (want('lsp') ? 200 : 0); i++) {
    version++;
    const text = i % 2 === 0 ? ' ' : '';
    const range = i % 2 === 0
      ? { start: { line: qline, character: lines[qline].length }, end: { line: qline, character: lines[qline].length } }
      : { start: { line: qline, character: lines[qline].length }, end: { line: qline, character: lines[qline].length + 1 } };
    const got = new Promise((r) => (waiting = (p) => p.version === version && r(p)));
    const a = performance.now();
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    await got;
    diag.push(performance.now() - a - delay);
    const b = performance.now();
    await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri }, position: { line: qline, character: Math.min(5, lines[qline].length) } });
    complete.push(performance.now() - b);
  }
  // Typing at the end of the query, where rules grow: ` and ` typed (the query then ends in a syntax error) and
  // deleted again, completion asked for after each edit at the end. Added 2026-12-02 06:50: completion there
  // was 66-82 ms warm on the largest rule (its last clause is a closed list of thousands of values).
  const endLine = lines.findLastIndex((l, i) => i > qline && l.startsWith("'''"));
  const qEnd = { line: Math.max(qline, endLine - 1), character: lines[Math.max(qline, endLine - 1)].length };
  const typedDiag = [];
  const typedComplete = [];
  for (let i = 0; i < (want('lsp') ? 100 : 0); i++) {
    version++;
    const typing = i % 2 === 0;
    const range = typing ? { start: qEnd, end: qEnd } : { start: qEnd, end: { line: qEnd.line, character: qEnd.character + 5 } };
    const got = new Promise((r) => (waiting = (p) => p.version === version && r(p)));
    const a = performance.now();
    await conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: typing ? ' and ' : '' }] });
    await got;
    typedDiag.push(performance.now() - a - delay);
    const b = performance.now();
    await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri }, position: typing ? { line: qEnd.line, character: qEnd.character + 5 } : qEnd });
    typedComplete.push(performance.now() - b);
  }
  const name = largest ? `the largest corpus rule (${(largest.len / 1024).toFixed(0)} KB)` : 'a small rule';
  if (want('lsp')) {
    target(19, `language server, ${name}: diagnostics after an edit, p95, debounce aside (target ≤ 15 ms)`, fmt(p95(diag)), p95(diag) <= 15);
    target(19, `language server, ${name}: completion, p95 (target ≤ 10 ms)`, fmt(p95(complete)), p95(complete) <= 10);
    target(19, `language server, ${name}: typing \` and \` at the end of the query and deleting it, diagnostics p95, debounce aside (target ≤ 15 ms)`, fmt(p95(typedDiag)), p95(typedDiag) <= 15);
    target(19, `language server, ${name}: completion at the end of the query after each of those edits, p95 (target ≤ 10 ms)`, fmt(p95(typedComplete)), p95(typedComplete) <= 10);
  }
  conn.dispose();
  child.kill();
}

const met = results.filter((r) => r.met).length;
console.log(`\ntargets: ${met} of ${results.length} met`);
