/** Inline suppressions: every form, used and unused, unknown codes, --no-inline-config, severity. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '@esql-lint/linter';
import { cli } from './support/cli.js';

const lines = (...l: string[]) => l.join('\n') + '\n';
const codes = (r: { diagnostics: Array<{ code: string; range: { start: { line: number } } }> }) => r.diagnostics.map((d) => `${d.range.start.line}:${d.code}`);
const lint = (text: string, filename: string, extra: Record<string, unknown> = {}) => lintText(text, { filename, noConfig: true, cwd: tmpdir(), ...extra });

// An ES|QL query with two misspelled fields, on lines 2 and 3.
const ESQL = (between = '', after2 = '', after3 = '') =>
  lines('from logs-endpoint.events.process-*', `| where host.nmae == "a"${after2}`, ...(between ? [between] : []), `| where process.nmae == "b"${after3}`, '| keep host.name');

describe('suppressions in ES|QL and EQL queries', () => {
  it('-next-line and -line silence the named code on that line only, and each is used', () => {
    const base = lint(ESQL(), 'q.esql');
    expect(codes(base)).toEqual(['2:unknown-field', '3:unknown-field']);
    const text = lines('from logs-endpoint.events.process-*', '// esql-lint-disable-next-line unknown-field -- host.nmae is ours', '| where host.nmae == "a"', '| where process.nmae == "b" /* esql-lint-disable-line unknown-field */', '| keep host.name');
    expect(codes(lint(text, 'q.esql'))).toEqual([]);
    // A directive for another code does not silence, and is reported as unused.
    const other = lines('from logs-endpoint.events.process-*', '| where host.nmae == "a" // esql-lint-disable-line unknown-column', '| keep host.name');
    const r = lint(other, 'q.esql');
    expect(codes(r)).toEqual(['2:unknown-field', '2:unused-suppression']);
    const unused = r.diagnostics.find((d) => d.code === 'unused-suppression')!;
    expect(unused.severity).toBe('warning');
    expect(other.slice(unused.span.start, unused.span.end)).toBe('unknown-column');
  });

  it('no code means every code; a directive whose line has no problem is unused', () => {
    const text = lines('from logs-endpoint.events.process-*', '| where host.nmae == "a" // esql-lint-disable-line', '| keep host.name // esql-lint-disable-line');
    const r = lint(text, 'q.esql');
    expect(codes(r)).toEqual(['3:unused-suppression']);
    expect(r.diagnostics[0].message).toMatch(/no problem on this line/);
  });

  it('an unknown code is diagnosed (with the nearest code) and suppresses nothing', () => {
    const text = lines('from logs-endpoint.events.process-*', '| where host.nmae == "a" // esql-lint-disable-line unknwon-field', '| keep host.name');
    const r = lint(text, 'q.esql');
    expect(codes(r)).toEqual(['2:unknown-field', '2:unknown-suppression-code']);
    const d = r.diagnostics.find((x) => x.code === 'unknown-suppression-code')!;
    expect(d.message).toContain('Did you mean "unknown-field"?');
    expect(d.fixes?.[0].edits[0].newText).toBe('unknown-field');
  });

  it('a // comment at the top of a raw .esql / .eql file disables codes for the file', () => {
    expect(codes(lint('// esql-lint-disable unknown-field -- legacy fields\n' + ESQL(), 'q.esql'))).toEqual([]);
    const eql = lines('// esql-lint-disable unknown-field', 'process where process.nmae == "cmd.exe"');
    expect(codes(lint(eql, 'q.eql'))).toEqual([]);
    expect(codes(lint(eql.split('\n').slice(1).join('\n'), 'q.eql'))).toEqual(['1:unknown-field']);
  });

  it('comment markers inside strings are not directives', () => {
    const text = lines('from logs-endpoint.events.process-*', '| where host.nmae == "// esql-lint-disable-line unknown-field"', '| keep host.name');
    expect(codes(lint(text, 'q.esql'))).toEqual(['2:unknown-field']);
  });

  it('cite the file line inside a TOML rule (query lines are file lines)', () => {
    const rule = lines('[rule]', 'type = "eql"', 'language = "eql"', "query = '''", 'process where process.nmae == "a" and', '  // esql-lint-disable-next-line unknown-field', '  process.pid == 1 and proces.args == "x"', "'''");
    const r = lint(rule, 'r.toml');
    expect(codes(r)).toEqual(['5:unknown-field']);
  });
});

const RULE = lines(
  '[metadata]',
  'maturity = "production"',
  '',
  '[rule]',
  'type = "eql"',
  'language = "eql"',
  'index = ["logs-endpoint.events.*"]',
  'investigation_fields = { field_names = ["host.nmae"] }',
  "query = '''",
  'process where process.nmae == "a"',
  "'''",
);

describe('suppressions in TOML rule files', () => {
  it('# esql-lint-disable CODE -- reason disables the codes for the whole file', () => {
    expect(codes(lint(RULE, 'r.toml'))).toEqual(['8:unknown-investigation-field', '10:unknown-field']);
    const text = '# esql-lint-disable unknown-field, unknown-investigation-field -- fields of our own pipeline\n' + RULE;
    expect(codes(lint(text, 'r.toml'))).toEqual([]);
    // Anywhere in the file, as any TOML comment line.
    expect(codes(lint(RULE + '# esql-lint-disable unknown-field\n', 'r.toml'))).toEqual(['8:unknown-investigation-field']);
  });

  it('# esql-lint-disable-next-line before a key disables the codes on that key\'s value only', () => {
    const text = RULE.replace('investigation_fields', '# esql-lint-disable-next-line unknown-investigation-field\ninvestigation_fields');
    expect(codes(lint(text, 'r.toml'))).toEqual(['11:unknown-field']);
    // Before a multi-line query, it covers the whole query.
    const q = RULE.replace("query = '''", "# esql-lint-disable-next-line unknown-field\nquery = '''");
    expect(codes(lint(q, 'r.toml'))).toEqual(['8:unknown-investigation-field']);
    // Before a key without that problem: unused, and the other problem stays.
    const wrong = RULE.replace('index =', '# esql-lint-disable-next-line unknown-field\nindex =');
    expect(codes(lint(wrong, 'r.toml'))).toEqual(['7:unused-suppression', '9:unknown-investigation-field', '11:unknown-field']);
  });

  it('a # line inside a multi-line string (a note, a query) is not a directive', () => {
    const text = RULE.replace('[rule]', "[rule]\nnote = '''\n# esql-lint-disable unknown-field\n'''");
    expect(codes(lint(text, 'r.toml'))).toEqual(['11:unknown-investigation-field', '13:unknown-field']);
  });

  it('the language server gets the same (the Linter applies them)', async () => {
    const { createLanguageService } = await import('@esql-lint/language-service');
    const service = createLanguageService();
    const text = '# esql-lint-disable unknown-field\n' + RULE;
    const diags = service.diagnostics(join(tmpdir(), 'lsp-rule.toml'), text);
    expect(diags.diagnostics.map((d: { code: string }) => d.code)).toEqual(['unknown-investigation-field']);
  });
});

describe('suppressions on the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-supp-'));
  mkdirSync(join(dir, 'r'));
  writeFileSync(join(dir, 'r/a.esql'), lines('from logs-endpoint.events.process-*', '| where host.nmae == "a" // esql-lint-disable-line unknown-field', '| keep host.name // esql-lint-disable-line'));

  it('--no-inline-config ignores every directive (and reports none as unused)', async () => {
    const on = JSON.parse((await cli(['r', '--format', 'json', '--no-config'], { cwd: dir })).stdout);
    expect(on.files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['unused-suppression']);
    const off = JSON.parse((await cli(['r', '--format', 'json', '--no-config', '--no-inline-config'], { cwd: dir })).stdout);
    expect(off.files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['unknown-field']);
  });

  it('the severity of unused suppressions is configurable (flag and config)', async () => {
    let r = await cli(['r', '--format', 'json', '--no-config', '--report-unused-suppressions', 'error'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].diagnostics[0].severity).toBe('error');
    r = await cli(['r', '--format', 'json', '--no-config', '--report-unused-suppressions', 'off'], { cwd: dir });
    expect(JSON.parse(r.stdout).files[0].diagnostics).toEqual([]);
    writeFileSync(join(dir, '.esql-lint.json'), JSON.stringify({ rules: { 'unused-suppression': 'info' } }));
    r = await cli(['r', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).files[0].diagnostics[0].severity).toBe('info');
    writeFileSync(join(dir, '.esql-lint.json'), JSON.stringify({ noInlineConfig: true }));
    r = await cli(['r', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['unknown-field']);
    expect((await cli(['r', '--report-unused-suppressions', 'loud'], { cwd: dir })).code).toBe(2);
  });
});
