/**
 * The bundled language server in a real editor: Neovim (0.7+, headless, no plugins) opens a rule with a
 * misspelled field, and we check the diagnostic it shows and a completion it gets. Skips when `nvim` is
 * not installed (.ci/run installs Debian's neovim when it can).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../packages/lsp/build.mjs';

const HAS_NVIM = !spawnSync('nvim', ['--version'], { stdio: 'ignore' }).error;
const NO_NVIM_MESSAGE = 'nvim not found on PATH: Neovim end-to-end test skipped (apt-get install neovim to run it)';
if (!HAS_NVIM) console.warn(NO_NVIM_MESSAGE);

const RULE = `[metadata]
maturity = "production"

[rule]
name = "Neovim test rule"
type = "query"
index = ["logs-*"]
language = "kuery"
risk_score = 21
query = '''
process.nmae : "cmd.exe" and host.os.t
'''
`;

interface NvimResult {
  filetype: string;
  got_diagnostics: boolean;
  diagnostics: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; severity: number; code?: string; message: string }>;
  completion: Array<{ label: string; detail?: string; textEdit?: { range: unknown; newText: string } }>;
  semantic_tokens: { legend: { tokenTypes: string[]; tokenModifiers: string[] } | null; data: number[] };
}

describe.skipIf(!HAS_NVIM)('Neovim as an LSP client of the bundled server', () => {
  let result: NvimResult;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-nvim-'));
    const server = join(dir, 'esql-lint-lsp.mjs');
    await buildServer(server);
    writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
    const file = join(dir, 'rule.toml');
    writeFileSync(file, RULE);
    const out = join(dir, 'out.json');
    const here = join(__dirname, 'editor-nvim');
    const run = spawnSync('nvim', ['--headless', '-i', 'NONE', '-u', join(here, 'init.lua'), file, '-c', `luafile ${join(here, 'run.lua')}`], {
      cwd: dir,
      timeout: 60_000,
      encoding: 'utf8',
      env: {
        ...process.env, LSP_SERVER: server, NVIM_OUT: out, LSP_LINE: '10', LSP_CHARACTER: '38',
        XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache'),
      },
    });
    try {
      result = JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(`Neovim wrote no result (status ${run.status}, signal ${run.signal}): ${run.stderr}${run.stdout}`);
    }
  });

  it('shows the unknown-field diagnostic at the misspelled field', () => {
    expect(result.filetype).toBe('toml');
    expect(result.got_diagnostics).toBe(true);
    expect(result.diagnostics.map((d) => [d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.severity])).toEqual([['unknown-field', 10, 0, 10, 12, 1]]);
    expect(result.diagnostics[0].message).toContain('Did you mean "process.name"');
  });

  it('completes the dotted field being typed', () => {
    const item = result.completion.find((i) => i.label === 'host.os.type');
    expect(item, result.completion.map((i) => i.label).join(', ')).toBeDefined();
    expect(item!.detail).toBe('keyword');
    expect(item!.textEdit?.range).toEqual({ start: { line: 10, character: 29 }, end: { line: 10, character: 38 } });
  });

  it("gets the query's semantic tokens from the server (Neovim 0.9+ colours with them; asked for on older ones)", () => {
    const { legend, data } = result.semantic_tokens;
    expect(legend?.tokenTypes).toContain('property');
    const lines = RULE.split('\n');
    const tokens: Array<[string, string]> = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
      const modifiers = legend!.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
      tokens.push([lines[line].slice(character, character + data[i + 2]), [legend!.tokenTypes[data[i + 3]], ...modifiers].join('.')]);
    }
    expect(tokens).toEqual([
      ['process.nmae', 'property.unknown'], [':', 'operator'], ['"cmd.exe"', 'string'], ['and', 'keyword'], ['host.os.t', 'string'],
    ]);
  });
});
if (!HAS_NVIM) it.skip(NO_NVIM_MESSAGE, () => {});
