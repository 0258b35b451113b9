/** `esql-lint --fix`: safe fixes only, every other byte kept, TOML escapes respected. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';

const lines = (...l: string[]) => l.join('\n') + '\n';

const ESQL_RULE = lines(
  '[rule]',
  'type = "esql"',
  'language = "esql"',
  "query = '''",
  'from logs-endpoint.events.process-*',
  '| where process.nmae == "cmd.exe"',
  '| keep process.name',
  "'''",
);

// A basic (""") TOML string: the query text `process.name == 'a\\b' && true` is written with TOML escapes.
const EQL_RULE = lines(
  '[rule]',
  'type = "eql"',
  'language = "eql"',
  'query = """',
  String.raw`process where process.name == 'a\\\\b' && true`,
  '"""',
);

const CLEAN = lines('[rule]', 'type = "query"', 'language = "kuery"', 'index = ["logs-endpoint.events.*"]', "query = '''", 'process.name:cmd.exe', "'''");

describe('esql-lint --fix', () => {
  it('applies safe fixes only, keeps every other byte, and reports what remains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-fix-'));
    writeFileSync(join(dir, 'esql.toml'), ESQL_RULE);
    writeFileSync(join(dir, 'eql.toml'), EQL_RULE);
    writeFileSync(join(dir, 'clean.toml'), CLEAN);
    const r = await cli(['.', '--fix', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toMatch(/applied 3 fixes in 2 files/);

    expect(readFileSync(join(dir, 'esql.toml'), 'utf8')).toBe(ESQL_RULE.replace('process-*\n', 'process-* metadata _id, _version, _index\n'));
    // Into a basic TOML string, the new double quotes and the backslashes are written escaped.
    expect(readFileSync(join(dir, 'eql.toml'), 'utf8')).toBe(EQL_RULE.replace(String.raw`'a\\\\b' &&`, String.raw`\"a\\\\b\" and`));
    expect(readFileSync(join(dir, 'clean.toml'), 'utf8')).toBe(CLEAN);

    const out = JSON.parse(r.stdout);
    const diagsOf = (p: string) => out.files.find((f: { path: string }) => f.path === p).diagnostics.map((d: { code: string }) => d.code);
    // The did-you-mean guess is not applied: the typo is still reported (editors offer its fix).
    expect(diagsOf('esql.toml')).toEqual(['unknown-field']);
    expect(diagsOf('eql.toml')).toEqual([]);
  });

  it('refuses --stdin, which has no file to rewrite', async () => {
    const r = await cli(['--stdin', '--fix'], { stdin: CLEAN });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--fix/);
  });
});
