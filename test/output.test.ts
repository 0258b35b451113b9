/** Output options: --output-file, --fix-dry-run, junit and gitlab, --list-rules json, wording, colour. */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lintText } from '@esql-lint/linter';
import { cli } from './support/cli.js';

const lines = (...l: string[]) => l.join('\n') + '\n';
const MISMATCH = `[rule]\nlanguage = "eql"\ntype = "query"\nquery = '''\nprocess where true\n'''\n`;
// A rule with a safe fix (the METADATA an ES|QL rule needs) and a warning.
const ESQL_RULE = lines('[rule]', 'type = "esql"', 'language = "esql"', "query = '''", 'from logs-endpoint.events.process-*', '| where process.name == "cmd.exe"', '| keep process.name', "'''");

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-out-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('--output-file', () => {
  it('writes the report to the file (directories created), nothing on stdout', async () => {
    const dir = workspace({ 'a.toml': MISMATCH });
    const r = await cli(['a.toml', '--format', 'json', '-o', 'out/report.json'], { cwd: dir, tty: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'));
    expect(report.files[0].diagnostics[0].code).toBe('language-type-mismatch');
    // Stylish into a file has no colour even from a terminal.
    await cli(['a.toml', '--output-file', 'report.txt'], { cwd: dir, tty: true });
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).not.toContain('\u001b[');
  });
});

describe('--fix-dry-run', () => {
  it('json: the fixed text in "output", nothing written, remaining problems reported', async () => {
    const dir = workspace({ 'r.toml': ESQL_RULE, 'clean.toml': MISMATCH });
    const r = await cli(['.', '--format', 'json', '--fix-dry-run'], { cwd: dir });
    expect(readFileSync(join(dir, 'r.toml'), 'utf8')).toBe(ESQL_RULE);
    const out = JSON.parse(r.stdout);
    const f = out.files.find((x: { path: string }) => x.path === 'r.toml');
    // The fix adds the METADATA (in the case of the query's keywords) and changes nothing else.
    expect(f.output).toMatch(/^from logs-endpoint\.events\.process-\* metadata _id, _version, _index$/im);
    expect(f.output.replace(/ metadata _id, _version, _index/i, '')).toBe(ESQL_RULE);
    // What remains is what --fix would leave: nothing with a safe fix.
    expect(f.diagnostics.some((d: { fixes?: Array<{ safe?: boolean }> }) => d.fixes?.some((x) => x.safe))).toBe(false);
    expect(out.summary.fixableErrors).toBe(0);
    expect(out.files.find((x: { path: string }) => x.path === 'clean.toml').output).toBeUndefined();
  });

  it('stylish: a unified diff of each file that would change', async () => {
    const dir = workspace({ 'r.toml': ESQL_RULE });
    const r = await cli(['r.toml', '--fix-dry-run'], { cwd: dir });
    expect(readFileSync(join(dir, 'r.toml'), 'utf8')).toBe(ESQL_RULE);
    expect(r.stdout).toContain('--- a/r.toml');
    expect(r.stdout).toContain('+++ b/r.toml');
    expect(r.stdout).toMatch(/^@@ -2,7 \+2,7 @@$/m);
    expect(r.stdout).toMatch(/^-from logs-endpoint\.events\.process-\*$/m);
    expect(r.stdout).toMatch(/^\+from logs-endpoint\.events\.process-\* metadata _id, _version, _index$/im);
    // On stdin too, and --fix with it is refused.
    const s = await cli(['--stdin', '--stdin-filename', 'r.toml', '--fix-dry-run', '--format', 'json'], { stdin: ESQL_RULE });
    expect(JSON.parse(s.stdout).files[0].output).toMatch(/metadata _id/i);
    expect((await cli(['r.toml', '--fix', '--fix-dry-run'], { cwd: dir })).code).toBe(2);
  });

  it('the summary counts what --fix could fix', async () => {
    const dir = workspace({ 'r.toml': ESQL_RULE });
    const r = await cli(['r.toml'], { cwd: dir });
    expect(r.stdout).toContain('1 error and 0 warnings potentially fixable with `--fix`.');
    const j = JSON.parse((await cli(['r.toml', '--format', 'json'], { cwd: dir })).stdout);
    expect(j.summary).toMatchObject({ errors: 1, fixableErrors: 1, fixableWarnings: 0 });
  });
});

describe('CI formats', () => {
  const dir = workspace({ 'a.toml': MISMATCH, 'b & c.toml': MISMATCH.replace('"eql"', '"esql"').replace('process where true', 'from x | where "<&>"'), 'ok.toml': `[rule]\ntype = "machine_learning"\n` });

  it('junit: well-formed XML, a suite per file, a failure per error or warning', async () => {
    const r = await cli(['.', '--format', 'junit'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    const suites = [doc.testsuites.testsuite].flat();
    expect(suites.map((s: { name: string }) => s.name).sort()).toEqual(['a.toml', 'b & c.toml', 'ok.toml']);
    const a = suites.find((s: { name: string }) => s.name === 'a.toml');
    expect(Number(a.failures)).toBe(1);
    expect([a.testcase].flat()[0].failure.type).toBe('error');
    expect(Number(doc.testsuites.failures)).toBe(suites.reduce((n: number, s: { failures: string }) => n + Number(s.failures), 0));
    const ok = suites.find((s: { name: string }) => s.name === 'ok.toml');
    expect(Number(ok.skipped)).toBe(1);
  });

  it('gitlab: a code quality report that validates against its documented schema', async () => {
    const r = await cli(['.', '--format', 'gitlab'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    // GitLab's code quality report format (docs.gitlab.com/ci/testing/code_quality): required fields.
    const schema = {
      type: 'array',
      items: {
        type: 'object',
        required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
        properties: {
          description: { type: 'string', minLength: 1 },
          check_name: { type: 'string', minLength: 1 },
          fingerprint: { type: 'string', minLength: 1 },
          severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
          location: {
            type: 'object',
            required: ['path'],
            properties: {
              path: { type: 'string' },
              lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 } } },
              positions: { type: 'object', required: ['begin'], properties: { begin: { type: 'object', required: ['line'], properties: { line: { type: 'integer', minimum: 1 } } } } },
            },
            anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
          },
        },
      },
    };
    const validate = new Ajv().compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.length).toBeGreaterThan(1);
    expect(new Set(report.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(report.length);
    // Fingerprints do not move when lines do.
    const moved = workspace({ 'a.toml': '\n\n' + MISMATCH });
    const again = JSON.parse((await cli(['a.toml', '--format', 'gitlab'], { cwd: moved })).stdout);
    expect(again[0].fingerprint).toBe(report.find((i: { location: { path: string } }) => i.location.path === 'a.toml').fingerprint);
  });
});

describe('listing, wording, colour', () => {
  it('--list-rules --format json lists every code', async () => {
    const r = await cli(['--list-rules', '--format', 'json']);
    const rules = JSON.parse(r.stdout);
    expect(rules.find((x: { code: string }) => x.code === 'unused-suppression')).toMatchObject({ defaultSeverity: 'warning', fixable: false, docs: 'docs/rules/unused-suppression.md' });
    expect(rules.find((x: { code: string }) => x.code === 'esql-missing-metadata').fixable).toBe(true);
  });

  it('singular and plural forms are right', async () => {
    const dir = workspace({ 'a.toml': MISMATCH });
    const r = await cli(['a.toml', '--rule', 'language-type-mismatch:warn', '--max-warnings', '0'], { cwd: dir });
    expect(r.stderr).toContain('1 warning, more than --max-warnings 0');
    expect(r.stdout).toContain('0 errors, 1 warning (1 file checked)');
  });

  it('a file named on the command line that is not a rule file says so, not a TOML error', async () => {
    const dir = workspace({ 'README.md': '# Rules\n\nSome [text] = here\n', 'ci.yaml': 'a: [1\n' });
    const r = await cli(['README.md', 'ci.yaml', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const f of out.files) {
      expect(f.diagnostics.map((d: { code: string }) => d.code)).toEqual(['not-a-rule-file']);
      expect(f.skipReason).toBe('not a rule file');
    }
  });

  it('messages that cite a position cite the file line and column', () => {
    const text = lines('[rule]', 'type = "query"', 'language = "kuery"', "query = '''", 'process.name:cmd.exe and', '  (host.name:a or (host.name:b)', "'''");
    const r = lintText(text, { filename: 'r.toml', noConfig: true });
    const d = r.diagnostics.find((x) => x.code === 'syntax-error')!;
    // The '(' that is not closed is at file line 6, column 3 (query line 2).
    expect(d.message).toBe("Missing ')' to close the '(' at line 6, column 3");
    expect(text.split('\n')[5][2]).toBe('(');
  });

  it('--color and --no-color override the terminal', async () => {
    const dir = workspace({ 'a.toml': MISMATCH });
    expect((await cli(['a.toml', '--color'], { cwd: dir })).stdout).toContain('\u001b[31m');
    expect((await cli(['a.toml', '--no-color'], { cwd: dir, tty: true, env: { FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('the JSON summary counts infos; skipped files give their reason', async () => {
    const dir = workspace({ 'a.toml': `[metadata]\nintegration = ["jamf_protect"]\n[rule]\ntype = "query"\nlanguage = "kuery"\nindex = ["logs-jamf_protect*"]\nquery = '''\nhost.name:a\n'''\n`, 'ml.toml': `[rule]\ntype = "machine_learning"\n` });
    const out = JSON.parse((await cli(['.', '--format', 'json'], { cwd: dir })).stdout);
    expect(out.summary.infos).toBeGreaterThan(0);
    expect(out.files.find((f: { path: string }) => f.path === 'ml.toml').skipReason).toBe('no query to check');
    expect(existsSync(join(dir, '.esql-lint-cache'))).toBe(false);
  });
});
