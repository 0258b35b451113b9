/**
 * The CLI's V8 tier-up budget (issue 19, whole-corpus run; packages/cli/build.mjs CLI_TIERING): both built
 * CLI entries (the bin's CommonJS one and the ES module one, also the worker script) raise --interrupt-budget
 * before they load the bundle, so its code cache (one entry for both) is written and read under the same V8 flags. V8 rejects cached data made under other flags: set later (inside a run), every run would
 * start cold and write the cache again. A budget the user sets is left alone, with the same results.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const ENTRIES = [join(ROOT, 'packages/cli/dist/esql-lint.mjs'), join(ROOT, 'packages/cli/dist/esql-lint.cjs')];
const BIN = join(ROOT, 'packages/cli/bin/esql-lint.js');
const work = mkdtempSync(join(tmpdir(), 'esql-lint-tiering-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const lint = (cache: string, nodeArgs: string[] = [], script = BIN) =>
  spawnSync(process.execPath, [...nodeArgs, script, join(ROOT, 'examples'), '--format', 'json'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: cache, NODE_OPTIONS: '' } });

describe('the CLI entry sets V8 tiering before its bundle loads', () => {
  it('sets the budget before loadBundle, unless the user set one', () => {
    const statements = ENTRIES.map((entry) => {
      const text = readFileSync(entry, 'utf8');
      const set = text.indexOf("setFlagsFromString('--interrupt-budget=");
      expect(set, entry).toBeGreaterThan(0);
      expect(set, entry).toBeLessThan(text.indexOf('const bundle = loadBundle('));
      expect(text).toMatch(/interrupt\[-_\]budget\/\.test\(.*process\.execArgv.*NODE_OPTIONS/);
      return text.split('\n').find((l) => l.includes("setFlagsFromString('--interrupt-budget="));
    });
    expect(statements[1]).toBe(statements[0]);
  });

  it('a second run, by the bin or the ES module entry, takes the code cache the first wrote (not rewritten), with the same output', () => {
    const dir = join(work, 'cache');
    const cold = lint(dir);
    const entries = () => readdirSync(dir).filter((f) => f.endsWith('.v8'));
    expect(entries()).toHaveLength(1);
    const written = statSync(join(dir, entries()[0]));
    const warm = lint(dir);
    const after = statSync(join(dir, entries()[0]));
    // A rejected entry is written anew (a new file renamed over it); a warm run only touches its times.
    expect(after.ino).toBe(written.ino);
    expect(after.size).toBe(written.size);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.status).toBe(cold.status);
    const esm = lint(dir, [], ENTRIES[0]);
    expect(statSync(join(dir, entries()[0])).ino).toBe(written.ino);
    expect(esm.stdout).toBe(cold.stdout);
    // The user's own budget: left as it is, the same verdicts.
    const own = lint('off', ['--interrupt-budget=100000']);
    expect(own.stdout).toBe(cold.stdout);
    expect(own.status).toBe(cold.status);
    expect(JSON.parse(cold.stdout).files.length).toBeGreaterThan(5);
  });
});
