/** Config files: ignores, .gitignore, overrides, --print-config, --ignore-pattern. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const MISMATCH = `[rule]\nlanguage = "eql"\ntype = "query"\nquery = '''\nprocess where true\n'''\n`;
const UNKNOWN = `[rule]\nlanguage = "eql"\ntype = "eql"\nindex = ["logs-endpoint.events.*"]\nquery = '''\nprocess where process.nmae == "a"\n'''\n`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const linted = (stdout: string) => (JSON.parse(stdout).files as Array<{ path: string }>).map((f) => f.path).sort();

describe('ignores', () => {
  it('"ignores" globs are relative to the config file; names match at any depth; dirs match below', async () => {
    const dir = workspace({
      'repo/.esql-lint.json': JSON.stringify({ ignores: ['rules/_deprecated', '*.draft.toml', 'sub/only-here.toml'] }),
      'repo/rules/a.toml': MISMATCH,
      'repo/rules/_deprecated/old.toml': MISMATCH,
      'repo/rules/deep/x.draft.toml': MISMATCH,
      'repo/sub/only-here.toml': MISMATCH,
      'repo/rules/sub/only-here.toml': MISMATCH,
    });
    const r = await cli(['repo', '--format', 'json', '--no-gitignore'], { cwd: dir });
    expect(linted(r.stdout)).toEqual(['repo/rules/a.toml', 'repo/rules/sub/only-here.toml']);
    const out = JSON.parse(r.stdout);
    expect(out.summary.ignored).toBe(3);
    expect(out.ignored.map((f: { path: string }) => f.path).sort()).toEqual(['repo/rules/_deprecated/old.toml', 'repo/rules/deep/x.draft.toml', 'repo/sub/only-here.toml']);
    expect(out.ignored[0].reason).toMatch(/^ignored by ".+" in .+\.esql-lint\.json$/);
    // From another working directory, the patterns still count from the config file.
    const r2 = await cli(['.', '--format', 'json', '--no-gitignore'], { cwd: join(dir, 'repo/rules') });
    expect(linted(r2.stdout)).toEqual(['a.toml', 'sub/only-here.toml']);
    // A file named on the command line is ignored too (pre-commit passes names), and `!` un-ignores.
    const r3 = await cli(['repo/rules/_deprecated/old.toml', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r3.stdout).files).toEqual([]);
    writeFileSync(join(dir, 'repo/.esql-lint.json'), JSON.stringify({ ignores: ['rules/_deprecated', '!rules/_deprecated/old.toml'] }));
    expect(linted((await cli(['repo/rules/_deprecated', '--format', 'json'], { cwd: dir })).stdout)).toEqual(['repo/rules/_deprecated/old.toml']);
  });

  it('--ignore-pattern ignores relative to the working directory; --verbose says why', async () => {
    const dir = workspace({ 'a/x.toml': MISMATCH, 'b/y.toml': MISMATCH, 'c/z.toml': `[rule]\ntype = "machine_learning"\n` });
    const r = await cli(['.', '--format', 'json', '--ignore-pattern', 'a/**'], { cwd: dir });
    expect(linted(r.stdout)).toEqual(['b/y.toml', 'c/z.toml']);
    const s = await cli(['.', '--ignore-pattern', 'a/', '--verbose'], { cwd: dir });
    expect(s.stdout).toMatch(/^ignored {2}a\/x\.toml {2}ignored by --ignore-pattern "a\/"$/m);
    expect(s.stdout).toMatch(/^skipped {2}c\/z\.toml {2}no query to check$/m);
    expect(s.stdout).toMatch(/\(2 files checked, 1 skipped: 1 no query to check, 1 ignored\)/);
  });

  it('.gitignore is respected inside a git work tree, --no-gitignore turns it off', async () => {
    const dir = workspace({ '.gitignore': 'build/\n*.tmp.toml\n', 'rules/a.toml': MISMATCH, 'build/gen.toml': MISMATCH, 'rules/b.tmp.toml': MISMATCH, 'rules/sub/.gitignore': 'local.toml\n', 'rules/sub/local.toml': MISMATCH });
    try {
      execFileSync('git', ['init', '-q'], { cwd: dir });
    } catch {
      console.warn('git is not installed: .gitignore test skipped');
      return;
    }
    const r = await cli(['.', '--format', 'json'], { cwd: dir });
    expect(linted(r.stdout)).toEqual(['rules/a.toml']);
    expect(JSON.parse(r.stdout).ignored.every((f: { reason: string }) => f.reason === 'ignored by .gitignore')).toBe(true);
    const all = await cli(['.', '--format', 'json', '--no-gitignore'], { cwd: dir });
    expect(linted(all.stdout)).toEqual(['build/gen.toml', 'rules/a.toml', 'rules/b.tmp.toml', 'rules/sub/local.toml']);
    // Outside a work tree nothing is filtered.
    const plain = workspace({ '.gitignore': '*.toml\n', 'a.toml': MISMATCH });
    expect(linted((await cli(['.', '--format', 'json'], { cwd: plain })).stdout)).toEqual(['a.toml']);
  });
});

describe('overrides', () => {
  it('apply rules, in order, to the files their globs match (relative to the config file)', async () => {
    const dir = workspace({
      '.esql-lint.json': JSON.stringify({
        rules: { 'language-type-mismatch': 'warn' },
        overrides: [
          { files: ['legacy/**'], rules: { 'language-type-mismatch': 'off', 'unknown-field': 'warn' } },
          { files: ['legacy/strict/*.toml'], excludedFiles: ['legacy/strict/free.toml'], rules: { 'unknown-field': 'error' } },
        ],
      }),
      'new/a.toml': MISMATCH,
      'legacy/a.toml': MISMATCH,
      'legacy/u.toml': UNKNOWN,
      'legacy/strict/u.toml': UNKNOWN,
      'legacy/strict/free.toml': UNKNOWN,
    });
    const out = JSON.parse((await cli(['.', '--format', 'json'], { cwd: dir })).stdout);
    const sev = (p: string) => out.files.find((f: { path: string }) => f.path === p).diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`);
    expect(sev('new/a.toml')).toEqual(['language-type-mismatch:warning']);
    expect(sev('legacy/a.toml')).toEqual([]);
    expect(sev('legacy/u.toml')).toEqual(['unknown-field:warning']);
    expect(sev('legacy/strict/u.toml')).toEqual(['unknown-field:error']);
    expect(sev('legacy/strict/free.toml')).toEqual(['unknown-field:warning']);
    // Flags still win over overrides.
    const flagged = JSON.parse((await cli(['legacy', '--format', 'json', '--rule', 'unknown-field:off'], { cwd: dir })).stdout);
    expect(flagged.summary.errors + flagged.summary.warnings).toBe(0);
  });

  it('can set snapshot and schemas for some files', async () => {
    const dir = workspace({
      '.esql-lint.json': JSON.stringify({ overrides: [{ files: ['custom/**'], schemas: ['fields.json'] }] }),
      'fields.json': JSON.stringify({ 'logs-endpoint.events.*': { 'process.nmae': 'keyword' } }),
      'custom/u.toml': UNKNOWN,
      'other/u.toml': UNKNOWN,
    });
    const out = JSON.parse((await cli(['.', '--format', 'json'], { cwd: dir })).stdout);
    const n = (p: string) => out.files.find((f: { path: string }) => f.path === p).diagnostics.length;
    expect(n('custom/u.toml')).toBe(0);
    expect(n('other/u.toml')).toBe(1);
  });

  it('a custom schema that cannot be read stops the run with where and why (it was skipped without a word)', async () => {
    const deep = `{"logs-*":${'{"a":'.repeat(20_000)}"keyword"${'}'.repeat(20_000)}}`;
    const cases: Array<[string, string, RegExp]> = [
      ['fields.json', '{"logs-*": {"a": "keyword",}}', /custom schema .*fields\.json: not valid JSON at line 1, column 28 \(.+\)$/],
      ['fields.json', '{"logs-*":\n  {"a": "keyword"}\n', /custom schema .*fields\.json: not valid JSON at line 3, column 1 \(.+\)$/],
      ['fields.json', deep, /custom schema .*fields\.json: its fields are nested too deeply to read/],
      ['fields.yml', 'fields:\n  - name: a\n   type: keyword\n', /custom schema .*fields\.yml: .*at line 3, column 1/],
    ];
    for (const [name, text, message] of cases) {
      const dir = workspace({ '.esql-lint.json': JSON.stringify({ schemas: [name] }), [name]: text, 'u.toml': UNKNOWN });
      const r = await cli(['.'], { cwd: dir });
      expect([r.code, r.stderr.split('\n')[0]], text.slice(0, 40)).toEqual([2, expect.stringMatching(message)]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('bad overrides are config errors (exit 2, one line)', async () => {
    for (const bad of [{ overrides: [{ rules: {} }] }, { overrides: [{ files: ['x'], colour: 1 }] }, { overrides: {} }, { ignores: [1] }]) {
      const dir = workspace({ '.esql-lint.json': JSON.stringify(bad), 'a.toml': MISMATCH });
      const r = await cli(['.'], { cwd: dir });
      expect(r.code, JSON.stringify(bad)).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('--print-config', () => {
  it('prints the effective configuration of a file as JSON', async () => {
    const dir = workspace({
      '.esql-lint.json': JSON.stringify({ rules: { 'unknown-field': 'warn' }, ignores: ['drafts'], overrides: [{ files: ['legacy/**'], rules: { 'unknown-field': 'off' }, snapshot: true }] }),
      'legacy/a.toml': MISMATCH,
      'drafts/d.toml': MISMATCH,
    });
    const r = await cli(['--print-config', 'legacy/a.toml', '--rule', 'toml-syntax:warn'], { cwd: dir });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.file).toBe('legacy/a.toml');
    expect(c.rules['unknown-field']).toBe('off');
    expect(c.rules['toml-syntax']).toBe('warning');
    expect(c.rules['syntax-error']).toBe('error');
    expect(c.snapshot).toBe(true);
    expect(c.ignored).toBe(false);
    expect(c.inlineConfig).toBe(true);
    expect(c.configFiles).toEqual(['.esql-lint.json']);
    const d = JSON.parse((await cli(['--print-config', 'drafts/d.toml'], { cwd: dir })).stdout);
    expect(d.rules['unknown-field']).toBe('warning');
    expect(d.snapshot).toBe(false);
    expect(d.ignored).toMatch(/ignored by "drafts"/);
    expect((await cli(['--print-config', 'a.toml', 'b.toml'], { cwd: dir })).code).toBe(2);
  });
});
