/** --cache: results of unchanged files are reused; content, config and schema changes are misses. */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const UNKNOWN = `[rule]\nlanguage = "eql"\ntype = "eql"\nindex = ["logs-endpoint.events.*"]\nquery = '''\nprocess where process.nmae == "a"\n'''\n`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-cache-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Marks every cached result, so that a run shows which files came from the cache. */
function markCache(path: string): void {
  const data = JSON.parse(readFileSync(path, 'utf8'));
  for (const e of Object.values(data.entries) as Array<{ result: { diagnostics: Array<{ message: string }> } }>) {
    for (const d of e.result.diagnostics) d.message = `CACHED ${d.message}`;
  }
  writeFileSync(path, JSON.stringify(data));
}

const messages = (stdout: string) => (JSON.parse(stdout).files as Array<{ path: string; diagnostics: Array<{ message: string }> }>).map((f) => `${f.path}: ${f.diagnostics.map((d) => d.message.slice(0, 6)).join(',')}`).sort();

describe('--cache', () => {
  it('reuses results of unchanged files and misses on a change of content, config or schema', async () => {
    const dir = workspace({
      'a.toml': UNKNOWN,
      'b.toml': UNKNOWN,
      'fields.json': JSON.stringify({ 'logs-other-*': { x: 'keyword' } }),
      '.esql-lint.json': JSON.stringify({ schemas: ['fields.json'] }),
    });
    const first = await cli(['.', '--format', 'json', '--cache'], { cwd: dir });
    const cacheFile = join(dir, '.esql-lint-cache');
    expect(existsSync(cacheFile)).toBe(true);
    const second = await cli(['.', '--format', 'json', '--cache'], { cwd: dir });
    expect(second.stdout).toBe(first.stdout);

    markCache(cacheFile);
    expect(messages((await cli(['.', '--format', 'json', '--cache'], { cwd: dir })).stdout)).toEqual(['a.toml: CACHED', 'b.toml: CACHED']);
    // Without --cache the cache is not read.
    expect(messages((await cli(['.', '--format', 'json'], { cwd: dir })).stdout)).toEqual(['a.toml: Unknow', 'b.toml: Unknow']);

    // Content: only the changed file is linted again.
    writeFileSync(join(dir, 'b.toml'), UNKNOWN + '\n');
    markCache(cacheFile);
    expect(messages((await cli(['.', '--format', 'json', '--cache'], { cwd: dir })).stdout)).toEqual(['a.toml: CACHED', 'b.toml: Unknow']);

    // Configuration: every file whose settings changed.
    markCache(cacheFile);
    writeFileSync(join(dir, '.esql-lint.json'), JSON.stringify({ schemas: ['fields.json'], rules: { 'unknown-field': 'warn' } }));
    expect(messages((await cli(['.', '--format', 'json', '--cache'], { cwd: dir })).stdout)).toEqual(['a.toml: Unknow', 'b.toml: Unknow']);
    // Flags are configuration too.
    markCache(cacheFile);
    expect(messages((await cli(['.', '--format', 'json', '--cache', '--rule', 'unknown-field:error'], { cwd: dir })).stdout)).toEqual(['a.toml: Unknow', 'b.toml: Unknow']);

    // Schema data: a custom schema file's content (the schema itself is read once per process, so
    // this in-process test sees the miss, not the new verdict).
    await cli(['.', '--format', 'json', '--cache'], { cwd: dir });
    markCache(cacheFile);
    expect(messages((await cli(['.', '--format', 'json', '--cache'], { cwd: dir })).stdout)).toEqual(['a.toml: CACHED', 'b.toml: CACHED']);
    writeFileSync(join(dir, 'fields.json'), JSON.stringify({ 'logs-endpoint.events.*': { 'process.other': 'keyword' } }));
    expect(messages((await cli(['.', '--format', 'json', '--cache'], { cwd: dir })).stdout)).toEqual(['a.toml: Unknow', 'b.toml: Unknow']);
  });

  it('--cache-location picks the file; another build or a broken file is an empty cache', async () => {
    const dir = workspace({ 'a.toml': UNKNOWN });
    const first = await cli(['a.toml', '--format', 'json', '--cache-location', 'tmp/lint-cache.json'], { cwd: dir });
    const path = join(dir, 'tmp/lint-cache.json');
    expect(existsSync(path)).toBe(true);
    expect(existsSync(join(dir, '.esql-lint-cache'))).toBe(false);
    const data = JSON.parse(readFileSync(path, 'utf8'));
    markCache(path);
    // Another esql-lint build: its entries are not trusted.
    const other = JSON.parse(readFileSync(path, 'utf8'));
    other.build = 'another-build';
    writeFileSync(path, JSON.stringify(other));
    expect((await cli(['a.toml', '--format', 'json', '--cache-location', 'tmp/lint-cache.json'], { cwd: dir })).stdout).toBe(first.stdout);
    writeFileSync(path, '{ not json');
    expect((await cli(['a.toml', '--format', 'json', '--cache-location', 'tmp/lint-cache.json'], { cwd: dir })).stdout).toBe(first.stdout);
    expect(JSON.parse(readFileSync(path, 'utf8')).build).toBe(data.build);
  });
});
