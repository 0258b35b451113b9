import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv-draft-04';
import sarifSchema from '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json' with { type: 'json' };
import { cli } from './support/cli.js';

const GOOD_KQL = `[metadata]\nmaturity = "production"\n\n[rule]\nindex = ["logs-endpoint.events.*"]\nlanguage = "kuery"\ntype = "query"\nquery = '''\nevent.category:process and process.name:cmd.exe\n'''\n`;
const MISMATCH = `[rule]\nlanguage = "eql"\ntype = "query"\nquery = '''\nprocess where true\n'''\n`;
const BROKEN = `[rule]\nname = "x\nlanguage = "kuery"\n`;

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('esql-lint CLI', () => {
  it('exits 0 on clean files and 1 on errors, with path:line:col severity message code', async () => {
    const dir = workspace({ 'good.toml': GOOD_KQL, 'bad/mismatch.toml': MISMATCH });
    expect((await cli(['good.toml'], { cwd: dir })).code).toBe(0);
    const r = await cli(['.'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^bad\/mismatch\.toml:2:12 {2}error {2}.+ {2}language-type-mismatch$/m);
    // Code frame under the line.
    expect(r.stdout).toContain('2 | language = "eql"');
    expect(r.stdout).toMatch(/\| {12}\^{5}/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('colours only on a TTY, and honours NO_COLOR / FORCE_COLOR', async () => {
    const dir = workspace({ 'bad.toml': MISMATCH });
    expect((await cli(['bad.toml'], { cwd: dir, tty: true })).stdout).toContain('\u001b[31m');
    expect((await cli(['bad.toml'], { cwd: dir, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await cli(['bad.toml'], { cwd: dir, env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
  });

  it('reports broken TOML as toml-syntax, never a crash', async () => {
    const dir = workspace({ 'broken.toml': BROKEN });
    const r = await cli(['broken.toml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.files[0].diagnostics[0].code).toBe('toml-syntax');
    expect(out.files[0].diagnostics[0].range.start.line).toBe(2);
  });

  it('prints the documented JSON shape', async () => {
    const dir = workspace({ 'a.toml': MISMATCH, 'b.toml': GOOD_KQL, 'ml.toml': '[rule]\ntype = "machine_learning"\nmachine_learning_job_id = "x"\n' });
    const r = await cli(['.', '--format', 'json'], { cwd: dir });
    const out = JSON.parse(r.stdout);
    expect(out.version).toBe(1);
    expect(out.summary).toEqual({ files: 3, errors: 1, warnings: 0, infos: 0, fixableErrors: 0, fixableWarnings: 0, skipped: 1, ignored: 0, partlyChecked: 0, partlyCheckedPackages: {}, faults: 0 });
    const a = out.files.find((f: { path: string }) => f.path === 'a.toml');
    expect(a.language).toBe('eql');
    expect(a.diagnostics).toEqual([
      {
        code: 'language-type-mismatch',
        severity: 'error',
        message: expect.any(String),
        range: { start: { line: 2, column: 12, offset: 18 }, end: { line: 2, column: 17, offset: 23 } },
      },
    ]);
    expect(MISMATCH.slice(18, 23)).toBe('"eql"');
  });

  it('writes SARIF 2.1.0 that validates against the SARIF schema', async () => {
    const dir = workspace({ 'a.toml': MISMATCH, 'sub/broken.toml': BROKEN });
    const r = await cli(['.', '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    const ajv = new Ajv({ strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(sarifSchema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0].results;
    expect(results.map((x: { ruleId: string }) => x.ruleId).sort()).toEqual(['language-type-mismatch', 'toml-syntax']);
    const uri = results.find((x: { ruleId: string }) => x.ruleId === 'toml-syntax').locations[0].physicalLocation.artifactLocation.uri;
    expect(uri).toBe('sub/broken.toml');
  });

  it('writes GitHub workflow commands', async () => {
    const dir = workspace({ 'a.toml': MISMATCH });
    const r = await cli(['a.toml', '--format', 'github'], { cwd: dir });
    expect(r.stdout.trim()).toMatch(/^::error file=a\.toml,line=2,col=12,endLine=2,endColumn=17,title=esql-lint language-type-mismatch::.+\(language-type-mismatch\)$/);
  });

  it('reads stdin with a file name that decides the format', async () => {
    const r = await cli(['--stdin', '--stdin-filename', 'x.toml', '--format', 'json'], { stdin: MISMATCH });
    expect(JSON.parse(r.stdout).files[0].diagnostics[0].code).toBe('language-type-mismatch');
    expect(r.code).toBe(1);
  });

  it('sets severities with --rule and a config file found upward; --quiet drops warnings', async () => {
    const dir = workspace({
      'rules/a.toml': MISMATCH,
      '.esql-lint.json': JSON.stringify({ rules: { 'language-type-mismatch': 'warn' } }),
    });
    let r = await cli(['rules', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files[0].diagnostics[0].severity).toBe('warning');
    r = await cli(['rules', '--max-warnings', '0'], { cwd: dir });
    expect(r.code).toBe(1);
    r = await cli(['rules', '--quiet', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).files[0].diagnostics).toEqual([]);
    r = await cli(['rules', '--rule', 'language-type-mismatch:error'], { cwd: dir });
    expect(r.code).toBe(1);
    r = await cli(['rules', '--rule', 'language-type-mismatch:off', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).summary.warnings).toBe(0);
    r = await cli(['rules', '--no-config', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).files[0].diagnostics[0].severity).toBe('error');
  });

  it('stops the config search at "root": true', async () => {
    const dir = workspace({
      '.esql-lint.json': JSON.stringify({ rules: { 'language-type-mismatch': 'off' } }),
      'sub/.esql-lint.json': JSON.stringify({ root: true }),
      'sub/a.toml': MISMATCH,
    });
    expect((await cli(['sub'], { cwd: dir })).code).toBe(1);
  });

  it('rejects bad usage and bad config with one line and exit 2', async () => {
    const dir = workspace({ 'a.toml': GOOD_KQL, 'bad/.esql-lint.json': '{"rulez": {}}', 'bad/a.toml': GOOD_KQL, 'bad2/.esql-lint.json': '{"rules": {"nope": "off"}}', 'bad2/a.toml': GOOD_KQL, 'bad3/.esql-lint.json': '{"rules": {"syntax-error": "loud"}}', 'bad3/a.toml': GOOD_KQL, 'bad4/.esql-lint.json': '{oops', 'bad4/a.toml': GOOD_KQL });
    const cases: Array<[string[], RegExp]> = [
      [['--frobnicate', 'a.toml'], /Unknown option '--frobnicate'/],
      [['--format', 'xml', 'a.toml'], /unknown format "xml"/],
      [['--rule', 'nope:off', 'a.toml'], /unknown rule "nope"/],
      [['--rule', 'syntax-error:loud', 'a.toml'], /expected syntax-error:off/],
      [['--max-warnings', 'x', 'a.toml'], /--max-warnings/],
      [['missing.toml'], /no such file or directory: missing\.toml/],
      [['nothing/**/*.toml'], /no files match/],
      [[], /no paths given/],
      [['bad'], /unknown key "rulez"/],
      [['bad2'], /unknown rule "nope"/],
      [['bad3'], /rule "syntax-error" must be/],
      [['bad4'], /invalid JSON/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('expands globs and skips node_modules and dot-directories', async () => {
    const dir = workspace({ 'r/a.toml': GOOD_KQL, 'r/node_modules/x.toml': BROKEN, 'r/.hidden/y.toml': BROKEN, 'r/q.esql': 'from logs-*\n| keep host.name\n', 'r/notes.md': '#' });
    let out = JSON.parse((await cli(['r', '--format', 'json'], { cwd: dir })).stdout);
    expect(out.files.map((f: { path: string }) => f.path).sort()).toEqual(['r/a.toml', 'r/q.esql']);
    out = JSON.parse((await cli(['r/**/*.toml', '--format', 'json'], { cwd: dir })).stdout);
    expect(out.files.map((f: { path: string }) => f.path)).toEqual(['r/a.toml']);
  });

  it('shows a progress line on a TTY for large runs only', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 320; i++) files[`r/${i}.toml`] = GOOD_KQL;
    const dir = workspace(files);
    expect((await cli(['r'], { cwd: dir, tty: true })).stderr).toContain('linting 300/320 files');
    expect((await cli(['r'], { cwd: dir, tty: false })).stderr).toBe('');
  });

  it('explains which schemas a rule is checked against (--explain-schema)', async () => {
    const dir = workspace({ 'r.toml': `[metadata]\nintegration = ["aws", "jamf_protect"]\n[rule]\nindex = ["logs-aws.cloudtrail-*"]\nlanguage = "kuery"\ntype = "query"\nquery = '''\nevent.dataset:aws.cloudtrail\n'''\n` });
    const r = await cli(['--explain-schema', 'r.toml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/aws: cloudtrail .*dataset "aws.cloudtrail"/);
    expect(r.stdout).toMatch(/jamf_protect/);
    const json = JSON.parse((await cli(['--explain-schema', 'r.toml', '--format', 'json'], { cwd: dir })).stdout);
    expect(json[0].explanation.packages[0].package).toBe('aws');
    expect(json[0].explanation.unavailablePackages.map((p: { package: string }) => p.package)).toEqual(['jamf_protect']);
    expect((await cli(['--explain-schema', 'nope.toml'], { cwd: dir })).code).toBe(2);
  });

  it('prints help, version and the rule list', async () => {
    expect((await cli(['--help'])).stdout).toContain('Usage: esql-lint');
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await cli(['--list-rules'])).stdout).toMatch(/^syntax-error +error /m);
  });
});
