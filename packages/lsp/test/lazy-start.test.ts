/**
 * Start-up of the built language server (issue 19): a language's parser, and the ES|QL definitions and
 * analysis, are evaluated when a document first needs them (lazy-packages.mjs, lazy-languages), not when
 * the server starts. Observed by running a copy of a freshly built server whose module wrapper (esbuild's
 * `__esm`) records each module it evaluates, and prints them at exit.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompletionRequest, HoverRequest } from 'vscode-languageserver-protocol/node.js';
import { standInSource } from '../lazy-packages.mjs';
import { buildTestServer } from './client.js';
import { esqlAnalysis, EXAMPLES, evaluated as evaluatedBy, parsers, recordEvaluations } from './evaluated-modules.js';

let server: string;
let workspace: string;

beforeAll(async () => {
  server = await buildTestServer();
  recordEvaluations(join(dirname(server), 'chunks'), /-server-/);
  workspace = mkdtempSync(join(tmpdir(), 'esql-lint-lsp-lazy-'));
  writeFileSync(join(workspace, '.esql-lint.json'), '{"root": true}');
}, 120_000);

const evaluated = (files: string[], then?: Parameters<typeof evaluatedBy>[3]) => evaluatedBy(server, workspace, files, then);

describe('the language server evaluates a language on first use', () => {
  it('answering initialize evaluates no parser', async () => {
    const modules = await evaluated([]);
    expect(parsers(modules)).toEqual([]);
    expect(esqlAnalysis(modules)).toEqual([]);
  }, 60_000);

  it('an EQL rule, with completion and hover in it, evaluates the EQL parser only; an ES|QL rule brings ES|QL', async () => {
    const eql = await evaluated(['linux_shell_after_ssh_login.toml'], async (uri, connection) => {
      const text = readFileSync(join(EXAMPLES, 'linux_shell_after_ssh_login.toml'), 'utf8').split('\n');
      const line = text.findIndex((l) => /process\.\w+/.test(l) && !l.startsWith('query'));
      const character = text[line].search(/process\.\w+/) + 9;
      expect(line).toBeGreaterThan(0);
      await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character } });
      await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
    });
    expect(parsers(eql)).toEqual(['parser-eql']);
    expect(esqlAnalysis(eql)).toEqual([]);

    const both = await evaluated(['linux_shell_after_ssh_login.toml', 'aws_iam_many_access_denied.toml']);
    expect(parsers(both)).toEqual(['parser-eql', 'parser-esql']);
    expect(esqlAnalysis(both).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('lazy-packages stand-ins', () => {
  it('forward each export to the real module, evaluated on the first read', () => {
    let evaluations = 0;
    const real = { parse: (t: string) => `parsed ${t}`, version: 1 };
    const exports: Record<string, unknown> = {};
    new Function('exports', 'require', standInSource('/x/index.ts', ['parse', 'version']))(exports, () => (evaluations++, real));
    expect(evaluations).toBe(0);
    expect(Object.keys(exports)).toEqual(['parse', 'version']);
    expect((exports.parse as (t: string) => string)('a')).toBe('parsed a');
    expect(exports.version).toBe(1);
    expect(evaluations).toBe(1);
    expect(() => standInSource('/x/index.ts', ['__esModule'])).toThrow(/__esModule/);
  });
});
