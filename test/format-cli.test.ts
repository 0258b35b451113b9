import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { workspace as nestedWorkspace } from './support/workspace.js';
import { CORPUS_DIR, HAS_CORPUS, NO_CORPUS_MESSAGE } from './support/corpus.js';

const ALL = process.env.ESQL_LINT_FORMAT_CORPUS === 'all';
const TIMEOUT = ALL ? 1_800_000 : 180_000;

/** Every diagnostic of a lint run as `file code severity message` (blanks in messages normalized). */
async function diagnostics(dir: string): Promise<string[]> {
  const run = await cli(['--format', 'json', '.'], { cwd: dir });
  expect(run.code, run.stderr).toBeLessThan(2);
  const report = JSON.parse(run.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; message: string }> }> };
  return report.files.flatMap((f) => f.diagnostics.map((d) => `${f.path} ${d.code} ${d.severity} ${d.message.replace(/\s+/g, ' ')}`)).sort();
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-format-'));
  writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const RULE = `[metadata]\nmaturity = "production"\n\n[rule]\nname = "r"\ntype = "esql"\nlanguage = "esql"\nquery = '''\nfrom logs-* metadata _id, _version, _index | where host.name == "a" | keep host.name\n'''\n`;
const FORMATTED = RULE.replace(' | where', '\n| where').replace(' | keep', '\n| keep');

describe('esql-lint format', () => {
  it('--check writes nothing, lists the files that would change, exits 1', async () => {
    const dir = workspace({ 'a.toml': RULE, 'b.toml': FORMATTED, 'q.eql': 'process where true\n' });
    const run = await cli(['format', '--check', '.'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('a.toml\n');
    expect(run.stderr).toMatch(/1 of 3 files would be reformatted/);
    expect(readFileSync(join(dir, 'a.toml'), 'utf8')).toBe(RULE);
  });
  it('skips the files linting ignores (config ignores, --ignore-pattern)', async () => {
    const dir = nestedWorkspace({ 'a.toml': RULE, 'vendor/b.toml': RULE, 'c.toml': RULE, '.esql-lint.json': JSON.stringify({ root: true, ignores: ['vendor/'] }) }, 'esql-lint-format-');
    const run = await cli(['format', '--check', '.', '--ignore-pattern', 'c.toml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('a.toml\n');
    expect((await cli(['format', '.'], { cwd: dir })).stdout).toBe('a.toml\nc.toml\n');
    expect(readFileSync(join(dir, 'vendor/b.toml'), 'utf8')).toBe(RULE);
  });
  it('writes the formatted files; then --check exits 0', async () => {
    const dir = workspace({ 'a.toml': RULE });
    const run = await cli(['format'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('a.toml\n');
    expect(readFileSync(join(dir, 'a.toml'), 'utf8')).toBe(FORMATTED);
    expect((await cli(['format', '--check', 'a.toml'], { cwd: dir })).code).toBe(0);
  });
  it('reads "format" from .esql-lint.json; flags win', async () => {
    const dir = workspace({ 'a.toml': RULE });
    writeFileSync(join(dir, '.esql-lint.json'), '{"root": true, "format": {"keywordCase": "upper"}}');
    await cli(['format', 'a.toml'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.toml'), 'utf8')).toContain('FROM logs-* METADATA _id, _version, _index\n| WHERE host.name == "a"\n| KEEP host.name');
    await cli(['format', '--keyword-case', 'lower', 'a.toml'], { cwd: dir });
    expect(readFileSync(join(dir, 'a.toml'), 'utf8')).toContain('from logs-* metadata _id, _version, _index\n| where host.name == "a"\n| keep host.name');
  });
  it('keeps the byte order mark and CRLF line endings', async () => {
    const dir = workspace({});
    writeFileSync(join(dir, 'a.toml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RULE.replace(/\n/g, '\r\n'))]));
    expect((await cli(['format', 'a.toml'], { cwd: dir })).code).toBe(0);
    const bytes = readFileSync(join(dir, 'a.toml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(FORMATTED.replace(/\n/g, '\r\n'));
  });
  it('--stdin prints the formatted file', async () => {
    const run = await cli(['format', '--stdin', '--stdin-filename', 'q.esql'], { stdin: 'from a | limit 1\n', cwd: workspace({}) });
    expect(run).toMatchObject({ code: 0, stdout: 'from a\n| limit 1\n' });
  });
  it('warns about queries it leaves alone', async () => {
    const dir = workspace({ 'bad.toml': RULE.replace('| keep host.name', '| keep') });
    const run = await cli(['format', '--check', '.'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/bad\.toml:8: query left as is: the query has syntax errors/);
  });
  it('bad usage exits 2 with one line', async () => {
    for (const args of [['format', '--line-width', 'wide'], ['format', '--keyword-case', 'title'], ['format', '--nope'], ['format', 'missing-dir']]) {
      const run = await cli(args, { cwd: workspace({}) });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
  it('--help', async () => {
    expect((await cli(['format', '--help'])).stdout).toMatch(/--check/);
  });
});

// On a copy of the corpus (one directory in `npm test`, all of it with `npm run test:format-corpus`).
describe.skipIf(!HAS_CORPUS)('esql-lint format on a copy of the corpus', () => {
  it('--check lists what would change and exits 1; after format the linter reports the same diagnostics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-format-corpus-'));
    const dirs = ALL ? ['rules', 'rules_building_block'] : ['rules/cross-platform'];
    for (const d of dirs) cpSync(join(CORPUS_DIR, d), join(dir, d), { recursive: true });
    const before = await diagnostics(dir);
    const check = await cli(['format', '--check', '.'], { cwd: dir });
    expect(check.code).toBe(1);
    const listed = check.stdout.trim().split('\n');
    expect(listed.length).toBeGreaterThan(10);
    const first = readFileSync(join(dir, listed[0]), 'utf8');
    const run = await cli(['format', '.'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(listed);
    expect(readFileSync(join(dir, listed[0]), 'utf8')).not.toBe(first);
    expect(await diagnostics(dir)).toEqual(before);
    expect((await cli(['format', '--check', '.'], { cwd: dir })).code).toBe(0);
  }, TIMEOUT);
});
if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);
