/**
 * Rename and Format Document in real VS Code (code-server, headless Chromium; see editor-vscode.test.ts
 * for what it needs): F2 on a column an ES|QL query creates renames it in the query and in the rule's
 * investigation_fields; Shift+Alt+F formats a one-line ES|QL query; the cursor on the column marks its
 * occurrences (document highlights). Asserted from the files VS Code
 * saved. The screenshots (renamed.png, formatted.png) are kept in test-output/vscode-nav/.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { driveVsCode, missing } from './editor-vscode/harness.js';

const HERE = join(__dirname, 'editor-vscode');
const KEPT = join(__dirname, '..', 'test-output', 'vscode-nav');
const RENAME_FILE = 'long_command_lines.toml';
const FORMAT_FILE = 'one_line_query.toml';
const OLD_NAME = 'Esql.cmd_length';
const NEW_NAME = 'Esql.command_line_length';
const SKIP_MESSAGE = `VS Code rename/format test skipped: missing ${missing.join(', ')}`;
if (missing.length) console.warn(SKIP_MESSAGE);

interface NavResult {
  steps: { highlight?: { writes: number; reads: number }; rename?: { placeholder: string | null; lines?: string[] }; format?: { lines: string[] } };
  errors: Array<{ step: string; message: string; screenshot: string }>;
}

describe.skipIf(missing.length > 0)('rename and format in VS Code', () => {
  let out: string;
  let result: NavResult;
  let log = '';
  const saved = (file: string) => readFileSync(join(out, 'workspace', file), 'utf8');
  const original = (file: string) => readFileSync(join(HERE, 'workspace-nav', file), 'utf8');

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'esql-lint-vscode-nav-'));
    try {
      result = await driveVsCode<NavResult>({
        out, workspace: join(HERE, 'workspace-nav'), driver: join(HERE, 'drive-nav.mjs'),
        env: { RENAME_FILE, FORMAT_FILE, OLD_NAME, NEW_NAME }, log: (s) => (log += s),
      });
    } finally {
      // The screenshots stay for people to look at; the rest goes.
      rmSync(KEPT, { recursive: true, force: true });
      mkdirSync(KEPT, { recursive: true });
      for (const f of ['highlighted.png', 'renamed.png', 'formatted.png', 'result.json', 'code-server.log']) {
        try {
          cpSync(join(out, f), join(KEPT, f));
        } catch {
          // not made
        }
      }
      for (const f of ['open', 'highlight', 'rename', 'format']) {
        try {
          cpSync(join(out, `failure-${f}.png`), join(KEPT, `failure-${f}.png`));
        } catch {
          // the step did not fail
        }
      }
      console.log(`VS Code rename/format: screenshots in ${KEPT}\n${result?.errors?.length ? log : ''}`);
    }
  }, 180_000);

  it('every step found what it waited for', () => {
    expect(result.errors).toEqual([]);
  });

  it('marks the occurrences of the column under the cursor: the EVAL that creates it as a write, the WHERE and KEEP as reads', () => {
    expect(result.steps.highlight).toEqual({ writes: 1, reads: 2 });
  });

  it('F2 renames the created column in the query and in investigation_fields; the file is saved', () => {
    expect(result.steps.rename?.placeholder).toBe(OLD_NAME);
    const expected = original(RENAME_FILE).split(OLD_NAME).join(NEW_NAME);
    expect(saved(RENAME_FILE)).toBe(expected);
    expect(saved(RENAME_FILE)).toContain(`field_names = ["host.name", "process.name", "${NEW_NAME}"]`);
  });

  it('Format Document puts each command of a one-line query on its own line, nothing else changes', () => {
    const before = original(FORMAT_FILE);
    const query = /query = """\n(.*)\n"""/.exec(before)![1];
    const formatted = query.replace(/ \| /g, '\n| ');
    expect(saved(FORMAT_FILE)).toBe(before.replace(query, formatted));
    expect(result.steps.format?.lines).toEqual(expect.arrayContaining(['| where process.name == "certutil.exe" and process.args == "-urlcache"']));
  });
});
if (missing.length) it.skip(SKIP_MESSAGE, () => {});
