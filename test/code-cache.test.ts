/**
 * The code-cached bundles (issue 19, start-up): scripts/code-cache.mjs loads a CommonJS bundle through V8's
 * code cache, writes the cache after a cold run, survives corrupt and foreign cache files, and is off on
 * request; the built CLI bundle is ASCII (the loader reads it as one-byte text) and lints the same with and
 * without a cache.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const LOADER = join(ROOT, 'scripts/code-cache.mjs');
const work = mkdtempSync(join(tmpdir(), 'esql-lint-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BUNDLE = join(work, 'bundle.cjs');
writeFileSync(
  BUNDLE,
  [
    "const { join } = require('node:path');",
    'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }',
    'exports.value = fib(15);',
    'exports.url = __esqlLintEntryUrl;',
    "exports.joined = join('a', 'b');",
    'exports.file = __filename;',
  ].join('\n'),
);

/** Runs the loader on BUNDLE in a new process with ESQL_LINT_CODE_CACHE=`cache`; returns what it saw. */
function run(cache: string, save = true): { value: number; url: string; joined: string; file: string; warm: boolean } {
  const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
const b = loadBundle(${JSON.stringify(BUNDLE)}, 'file:///entry.mjs');
${save ? 'b.saveCodeCache();' : ''}
console.log(JSON.stringify({ ...b.exports, warm: b.warm }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: cache } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('code cache loader', () => {
  it('evaluates the bundle as CommonJS with the entry URL, cold then warm', () => {
    const dir = join(work, 'cache-a');
    const first = run(dir);
    expect(first).toEqual({ value: 610, url: 'file:///entry.mjs', joined: join('a', 'b'), file: BUNDLE, warm: false });
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(new RegExp(`^bundle\\.cjs-\\d+-\\d+-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    expect(run(dir)).toEqual({ ...first, warm: true });
  });

  it('runs cold and rewrites the entry when the cached data is corrupt or not V8 data', () => {
    const dir = join(work, 'cache-b');
    run(dir);
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry), 'not V8 code cache data');
    expect(run(dir).warm).toBe(false);
    expect(readFileSync(join(dir, entry)).length).toBeGreaterThan(100);
    expect(run(dir).warm).toBe(true);
  });

  it("gives a bundle the loader's modules for the ids it left external, Node's for the others", () => {
    const inner = join(work, 'inner.cjs');
    writeFileSync(inner, "exports.shared = require('shared-module').marker; exports.sep = require('node:path').sep;");
    writeFileSync(join(work, 'outer.cjs'), `const m = { marker: 42 };
exports.inner = __esqlLintLoader.loadBundle(${JSON.stringify(inner)}, __esqlLintEntryUrl, { modules: { 'shared-module': m } }).exports;`);
    const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
console.log(JSON.stringify(loadBundle(${JSON.stringify(join(work, 'outer.cjs'))}, 'file:///e.mjs').exports));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: 'off' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ inner: { shared: 42, sep } });
  });

  it("lives in the user's cache directory unless set, and is off when asked", async () => {
    const { codeCacheDir } = await import(LOADER);
    const home = (await import('node:os')).homedir();
    expect(codeCacheDir({ ESQL_LINT_CODE_CACHE: '/some/dir' })).toBe('/some/dir');
    for (const off of ['off', 'OFF', '0', 'false', 'no']) expect(codeCacheDir({ ESQL_LINT_CODE_CACHE: off })).toBeUndefined();
    if (process.platform === 'linux') {
      expect(codeCacheDir({})).toBe(join(home, '.cache', 'esql-lint', 'code-cache'));
      expect(codeCacheDir({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'esql-lint', 'code-cache'));
    }
  });

  it('keeps the 16 most recently used entries', () => {
    const dir = join(work, 'cache-prune');
    run(dir);
    const [mine] = readdirSync(dir);
    const old = Date.now() / 1000 - 3600;
    for (let i = 0; i < 20; i++) {
      writeFileSync(join(dir, `other-${i}.v8`), 'x');
      utimesSync(join(dir, `other-${i}.v8`), old + i, old + i);
    }
    // Used (a warm run touches it), then a cold run of another bundle writes and prunes.
    expect(run(dir).warm).toBe(true);
    writeFileSync(join(work, 'bundle2.cjs'), 'exports.value = 1;');
    const script = `import { loadBundle } from ${JSON.stringify(LOADER)}; loadBundle(${JSON.stringify(join(work, 'bundle2.cjs'))}, 'file:///e.mjs').saveCodeCache();`;
    expect(spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ESQL_LINT_CODE_CACHE: dir } }).status).toBe(0);
    const left = readdirSync(dir);
    expect(left).toHaveLength(16);
    expect(left).toContain(mine);
    expect(left.some((f) => f.startsWith('bundle2.cjs-'))).toBe(true);
    expect(left).not.toContain('other-0.v8');
    expect(left).toContain('other-19.v8');
  });

  it('rewrites a warm entry when a run compiled much more than the one that wrote it', () => {
    const dir = join(work, 'cache-grow');
    const grow = join(work, 'grow.cjs');
    // Functions that run only when asked: a first run that calls none, then one that calls them all.
    const fns = Array.from({ length: 3000 }, (_, i) => `function f${i}(x) { let s = 0; for (let j = 0; j < x; j++) s += (j * ${i}) % 7; return s + ${i}; }`);
    writeFileSync(grow, `${fns.join('\n')}\nexports.run = (all) => all ? [${fns.map((_, i) => `f${i}(3)`).join(', ')}].length : 0;`);
    const go = (all: boolean) => {
      const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
const b = loadBundle(${JSON.stringify(grow)}, 'file:///e.mjs'); b.exports.run(${all}); b.saveCodeCache(); console.log(b.warm);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: dir } });
      expect(r.status, r.stderr).toBe(0);
      return { warm: r.stdout.trim() === 'true', size: readFileSync(join(dir, readdirSync(dir)[0])).length };
    };
    const small = go(false);
    expect(small.warm).toBe(false);
    // Same work again: warm, the entry kept as it is.
    expect(go(false)).toEqual({ warm: true, size: small.size });
    const big = go(true);
    expect(big.warm).toBe(true);
    expect(big.size).toBeGreaterThan(small.size * 2);
    // Now the entry holds it all: the same big run keeps it.
    expect(go(true)).toEqual({ warm: true, size: big.size });
  });

  it.skipIf(process.getuid?.() !== 0)("takes no entry another user owns (as root: a file chowned away)", () => {
    const dir = join(work, 'cache-owner');
    run(dir);
    const [entry] = readdirSync(dir);
    expect(run(dir).warm).toBe(true);
    chownSync(join(dir, entry), 4242, 4242);
    expect(run(dir).warm).toBe(false);
  });

  it('takes a bundle the builds wrote already wrapped (prepareBundle) as it is, cold and warm, with its line numbers', async () => {
    // @ts-expect-error: a plain .mjs script
    const { prepareBundle } = await import('../scripts/cached-bundle.mjs');
    const { WRAPPER_HEAD, WRAPPER_TAIL } = await import(LOADER);
    const text = ["exports.value = 40 + 2;", 'exports.url = __esqlLintEntryUrl;', "exports.line = new Error('x').stack.split('\\n')[1];"].join('\n');
    const prepared = prepareBundle('wrapped', text);
    expect(prepared.file).toMatch(/^wrapped-[0-9a-f]{12}\.cjs$/);
    expect(prepared.text).toBe(`${WRAPPER_HEAD}${text}${WRAPPER_TAIL}`);
    const file = join(work, prepared.file);
    writeFileSync(file, prepared.text);
    const dir = join(work, 'cache-wrapped');
    const load = () => {
      const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
const b = loadBundle(${JSON.stringify(file)}, 'file:///w.mjs'); b.saveCodeCache();
console.log(JSON.stringify({ ...b.exports, warm: b.warm }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: dir } });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const cold = load();
    expect(cold).toMatchObject({ value: 42, url: 'file:///w.mjs', warm: false });
    // Line 3 of the file, as in the bundle esbuild wrote (the wrapper does not shift lines).
    expect(cold.line).toContain(`${file}:3:`);
    expect(load()).toEqual({ ...cold, warm: true });
  });

  it('writes nothing when off, or unless asked to save', () => {
    expect(run('off').warm).toBe(false);
    const dir = join(work, 'cache-c');
    expect(run(dir, false).warm).toBe(false);
    expect(() => readdirSync(dir)).toThrow();
  });
});

describe('the built CLI bundle', () => {
  const dist = join(ROOT, 'packages/cli/dist');
  const bundles = readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.cjs') && f !== 'load.cjs');

  it('is one ASCII CommonJS bundle named by its content, beside the loader and its CommonJS form', () => {
    expect(bundles).toHaveLength(1);
    expect(readdirSync(join(dist, 'chunks')).sort()).toEqual([bundles[0], 'load.cjs', 'load.mjs'].sort());
    const bytes = readFileSync(join(dist, 'chunks', bundles[0]));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
    expect(readFileSync(join(dist, 'chunks/load.mjs'), 'utf8')).toBe(readFileSync(LOADER, 'utf8'));
  });

  it('the language server: an entry bundle and the server bundle it loads, ASCII, the shared modules left to the entry', () => {
    const chunks = join(ROOT, 'packages/lsp/dist/chunks');
    const files = readdirSync(chunks).sort();
    expect(files).toHaveLength(3);
    expect(files).toContain('load.mjs');
    const server = files.find((f) => /^esql-lint-lsp-server-[0-9a-f]{12}\.cjs$/.test(f))!;
    const entry = files.find((f) => /^esql-lint-lsp-[0-9a-f]{12}\.cjs$/.test(f))!;
    expect(readFileSync(join(ROOT, 'packages/lsp/dist/esql-lint-lsp.mjs'), 'utf8')).toContain(`./chunks/${entry}`);
    for (const f of [server, entry]) expect(readFileSync(join(chunks, f)).findIndex((b) => b > 0x7f), f).toBe(-1);
    const text = readFileSync(join(chunks, server), 'utf8');
    expect(text).toContain('require("vscode-languageserver")');
    expect(text).not.toContain('node_modules/vscode-jsonrpc/');
    expect(readFileSync(join(chunks, entry), 'utf8')).toContain(server);
  });

  it('lints the same cold, warm and with the cache off', () => {
    const dir = join(work, 'cache-cli');
    const lint = (cache: string) => spawnSync(process.execPath, [join(dist, 'esql-lint.mjs'), join(ROOT, 'examples'), '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: cache } });
    const cold = lint(dir);
    expect(readdirSync(dir).filter((f) => f.startsWith(`${bundles[0]}-cli-`))).toHaveLength(1);
    const warm = lint(dir);
    const off = lint('off');
    expect(cold.status).toBe(1);
    for (const r of [warm, off]) {
      expect(r.status).toBe(cold.status);
      expect(r.stdout).toBe(cold.stdout);
      expect(r.stderr).toBe(cold.stderr);
    }
    expect(JSON.parse(cold.stdout).files.length).toBeGreaterThan(5);
  });
});
