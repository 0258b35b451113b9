/**
 * Start-up of the language server the CLI package ships (packages/cli/build.mjs: `esql-lint-lsp`, in the
 * CLI's shared bundle): the same as packages/lsp's (issue 19). Its entry answers `initialize` before it
 * loads the bundle, and a session evaluates only the parsers of the languages it opens (lazy-packages).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../cli/build.mjs';
import { initializeResult } from '../src/capabilities.js';
import { firstMessage } from '../src/early-initialize.js';
import { esqlAnalysis, evaluated, parsers, recordEvaluations } from './evaluated-modules.js';

let server: string;
let workspace: string;

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'esql-lint-cli-server-'));
  await buildBundles(out);
  server = join(out, 'esql-lint-lsp.mjs');
  recordEvaluations(join(out, 'chunks'), /^esql-lint-/);
  workspace = mkdtempSync(join(tmpdir(), 'esql-lint-cli-server-ws-'));
  writeFileSync(join(workspace, '.esql-lint.json'), '{"root": true}');
}, 180_000);

describe("the CLI package's language server starts as packages/lsp's", () => {
  it('answers initialize before it loads its bundle (a copy without its chunks still answers)', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'esql-lint-cli-server-nochunks-')), 'esql-lint-lsp.mjs');
    cpSync(server, copy);
    const child = spawn(process.execPath, [copy, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = Buffer.alloc(0);
    const answered = new Promise<unknown>((resolve) => child.stdout.on('data', (d: Buffer) => {
      out = Buffer.concat([out, d]);
      const m = firstMessage(out);
      if (m) resolve(m.message);
    }));
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(await answered).toEqual({ jsonrpc: '2.0', id: 1, result: initializeResult });
    child.kill();
  }, 60_000);

  it('evaluates no parser for initialize, the EQL parser only for an EQL rule, ES|QL with an ES|QL rule', async () => {
    const none = await evaluated(server, workspace, []);
    expect(parsers(none)).toEqual([]);
    expect(esqlAnalysis(none)).toEqual([]);
    const eql = await evaluated(server, workspace, ['linux_shell_after_ssh_login.toml']);
    expect(parsers(eql)).toEqual(['parser-eql']);
    expect(esqlAnalysis(eql)).toEqual([]);
    const both = await evaluated(server, workspace, ['linux_shell_after_ssh_login.toml', 'aws_iam_many_access_denied.toml']);
    expect(parsers(both)).toEqual(['parser-eql', 'parser-esql']);
    expect(esqlAnalysis(both).length).toBeGreaterThan(0);
  }, 90_000);
});
