/** End-to-end: the bundled CLI binary, as users and pre-commit run it. */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, HAS_CORPUS } from './support/corpus.js';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'packages/cli/bin/esql-lint.js');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // Rebuild the bundle so the test runs the current sources (npm install builds it too).
  execFileSync(process.execPath, [join(ROOT, 'packages/cli/build.mjs')], { cwd: ROOT });
});

describe('the built esql-lint binary', () => {
  it('lints the sample rules clean (exit 0)', () => {
    const r = run(['examples/rules']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/0 errors, 0 warnings/);
  });

  it('reports examples/bad with exit 1 and a JSON summary', () => {
    const r = run(['examples/bad', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary.errors).toBeGreaterThan(0);
    expect(out.files.every((f: { diagnostics: unknown[] }) => f.diagnostics.length > 0)).toBe(true);
  });

  it('reads stdin', () => {
    const r = run(['--stdin', '--stdin-filename', 'q.esql', '--format', 'json'], 'from logs-* | where a = 1\n');
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout).files[0].diagnostics;
    expect(diags.find((d: { code: string }) => d.code === 'syntax-error').range.start).toEqual({ line: 1, column: 23, offset: 22 });
  });

  it('fails bad usage with exit 2 and one line, no stack trace', () => {
    const r = run(['--nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe.skipIf(!HAS_CORPUS)('the built binary over the whole corpus', () => {
  it('lints every corpus file in one process without a crash and prints the summary', () => {
    const r = run([join(CORPUS_DIR, 'rules'), join(CORPUS_DIR, 'rules_building_block'), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const out = JSON.parse(r.stdout);
    expect(out.summary.files).toBeGreaterThan(2000);
    console.log('corpus summary:', JSON.stringify(out.summary));
  }, 300_000);
});

// --concurrency and --cache (issue 13): the same report, byte for byte, however the files were linted.
describe.skipIf(!HAS_CORPUS)('the built binary over the corpus: worker threads and the cache', () => {
  it('--concurrency 2, single-threaded and a warm --cache print the same JSON, byte for byte', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'esql-lint-cache-'));
    const cache = join(cacheDir, 'cache.json');
    const paths = [join(CORPUS_DIR, 'rules'), join(CORPUS_DIR, 'rules_building_block'), '--format', 'json'];
    const single = run([...paths, '--concurrency', '1', '--cache', '--cache-location', cache]);
    expect(single.stderr).toBe('');
    expect(existsSync(cache)).toBe(true);
    const parallel = run([...paths, '--concurrency', '2']);
    expect(parallel.stderr).toBe('');
    expect(parallel.code).toBe(single.code);
    expect(parallel.stdout === single.stdout, 'parallel output differs from single-threaded').toBe(true);
    const warm = run([...paths, '--concurrency', '2', '--cache', '--cache-location', cache]);
    expect(warm.stdout === single.stdout, 'warm-cache output differs').toBe(true);
    expect(JSON.parse(single.stdout).summary.files).toBeGreaterThan(2000);
  }, 300_000);
});
