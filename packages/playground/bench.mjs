// The playground's size and speed (issue 20), measured, not asserted: builds the page, serves it on
// 127.0.0.1, loads it in headless Chromium and prints
// - the transfer size: the files' gzip sizes (what a host that compresses sends) and their raw bytes;
// - first diagnostics: from navigation start to the first diagnostics on screen (median of `--loads` loads);
// - typing latency: from a key press to the next painted frame with the character in the editor, and to
//   the diagnostics of the new text on screen (median and p95 over `--keys` key presses).
// `node packages/playground/bench.mjs [--json]`; also a section of `npm run bench`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlayground } from './build.mjs';
import { launchChromium, missingForBrowser, serve } from './e2e/serve.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

export async function benchPlayground({ loads = 5, keys = 60 } = {}) {
  const missing = missingForBrowser();
  if (missing.length) return { skipped: `missing ${missing.join(', ')}` };
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-playground-bench-'));
  const { total, files } = await buildPlayground(dir);
  const server = await serve(dir);
  const browser = await launchChromium();
  try {
    const first = [];
    const startup = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForFunction(() => document.body.dataset.firstDiagnosticsMs !== undefined, null, { timeout: 30_000 });
      first.push(Number(await page.evaluate(() => document.body.dataset.firstDiagnosticsMs)));
      startup.push(JSON.parse((await page.evaluate(() => document.body.dataset.workerStartup)) ?? '{}'));
      await context.close();
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
    await page.goto(server.url);
    await page.waitForFunction(() => document.body.dataset.firstDiagnosticsMs !== undefined);
    // Record, per key press, when the next frame was painted and when diagnostics for that text arrived.
    await page.evaluate(() => {
      const w = window;
      w.__keys = [];
      document.addEventListener('keydown', () => {
        const rec = { t: performance.now(), paint: 0, analyzed: 0, version: -1 };
        w.__keys.push(rec);
        requestAnimationFrame(() => setTimeout(() => {
          rec.paint = performance.now() - rec.t;
          rec.version = w.playground.version();
        }, 0));
      }, true);
      new MutationObserver(() => {
        const v = Number(document.body.dataset.analyzedVersion);
        for (const rec of w.__keys) if (!rec.analyzed && rec.version >= 0 && v >= rec.version) rec.analyzed = performance.now() - rec.t;
      }).observe(document.body, { attributes: true, attributeFilter: ['data-analyzed-version'] });
    });
    // Type into the query of the first example (a ~30-line EQL rule).
    await page.evaluate(() => {
      const { view } = window.playground;
      const at = view.state.doc.toString().indexOf("'''\n", view.state.doc.toString().indexOf('query')) + 4;
      view.dispatch({ selection: { anchor: at } });
      view.focus();
    });
    const text = 'process where process.name : "cmd.exe" and ';
    for (let i = 0; i < keys; i++) {
      await page.keyboard.type(text[i % text.length]);
      await page.waitForTimeout(40);
    }
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
    const recs = (await page.evaluate(() => window.__keys)).filter((r) => r.paint > 0);
    const paint = recs.map((r) => r.paint);
    const analyzed = recs.filter((r) => r.analyzed > 0).map((r) => r.analyzed);
    return {
      transfer: { gzip: total.gzip, bytes: total.bytes, files },
      firstDiagnosticsMs: { median: median(first), all: first },
      // Where the first diagnostics' time goes: the page sent its first update at `pageReadyMs`; the
      // worker's script had loaded and run at `workerLoadedMs`; the warm-up (schemas, parsers) took `warmMs`.
      startup: {
        pageReadyMs: median(startup.map((s) => s.firstUpdateSentMs)),
        workerLoadedMs: median(startup.map((s) => s.loadedAtPageMs)),
        warmMs: median(startup.map((s) => s.warmMs)),
      },
      typingPaintMs: { median: median(paint), p95: p95(paint), n: paint.length },
      typingDiagnosticsMs: { median: median(analyzed), p95: p95(analyzed), n: analyzed.length },
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's lines, in the `[met]` / `[NOT MET]` style of scripts/bench-targets.mjs. */
export function playgroundLines(r) {
  if (r.skipped) return [`playground: skipped (${r.skipped})`];
  const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
  const mark = (ok) => (ok ? '[met]' : '[NOT MET]');
  return [
    `playground transfer size: ${kb(r.transfer.gzip)} gzip (${kb(r.transfer.bytes)} uncompressed; ${r.transfer.files.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ')})`,
    `${mark(r.firstDiagnosticsMs.median < 1000)} playground first diagnostics after load: ${r.firstDiagnosticsMs.median.toFixed(0)} ms median (target < 1000 ms; loads: ${r.firstDiagnosticsMs.all.map((x) => x.toFixed(0)).join(', ')}; medians: page ready ${r.startup.pageReadyMs} ms, worker script loaded ${r.startup.workerLoadedMs} ms, warm-up ${r.startup.warmMs} ms)`,
    `${mark(r.typingPaintMs.p95 < 50)} playground typing latency (key to painted frame): ${r.typingPaintMs.median.toFixed(1)} ms median, ${r.typingPaintMs.p95.toFixed(1)} ms p95 (target < 50 ms; ${r.typingPaintMs.n} keys)`,
    `playground key to fresh diagnostics on screen: ${r.typingDiagnosticsMs.median?.toFixed(1)} ms median, ${r.typingDiagnosticsMs.p95?.toFixed(1)} ms p95 (${r.typingDiagnosticsMs.n} keys; the worker never blocks typing)`,
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await benchPlayground({ loads: arg('--loads', 5), keys: arg('--keys', 60) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r, null, 2));
  else for (const line of playgroundLines(r)) console.log(line);
}
