/**
 * Start-up of the built language server (issue 19): a language's parser, and the ES|QL definitions and
 * analysis, are evaluated when a document first needs them (lazy-packages.mjs, lazy-languages), not when
 * the server starts. Observed by running a copy of a freshly built server whose module wrapper (esbuild's
 * `__esm`) records each module it evaluates, and prints them at exit.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompletionRequest, DidOpenTextDocumentNotification, HoverRequest, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol/node.js';
import { standInSource } from '../lazy-packages.mjs';
import { buildTestServer, startClient } from './client.js';

const ROOT = join(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples/rules');

const ESM_HELPER = `var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};`;
const RECORDING_HELPER = `process.once('exit', () => process.stderr.write('\\n@@' + JSON.stringify(globalThis.__evaluated ?? [])));
var __esm = (fn, res) => function __init() {
  if (fn) (globalThis.__evaluated ??= []).push(__getOwnPropNames(fn)[0]);
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};`;

let server: string;
let workspace: string;

beforeAll(async () => {
  server = await buildTestServer();
  const chunks = join(dirname(server), 'chunks');
  const bundle = readdirSync(chunks).find((f) => f.includes('-server-') && f.endsWith('.cjs'))!;
  const text = readFileSync(join(chunks, bundle), 'utf8');
  expect(text).toContain(ESM_HELPER);
  writeFileSync(join(chunks, bundle), text.replace(ESM_HELPER, RECORDING_HELPER));
  workspace = mkdtempSync(join(tmpdir(), 'esql-lint-lsp-lazy-'));
  writeFileSync(join(workspace, '.esql-lint.json'), '{"root": true}');
}, 120_000);

/** The modules the server evaluated in a session that opens `files` (examples/rules), awaits their diagnostics and runs `then`. */
async function evaluated(files: string[], then?: (uri: string, send: ReturnType<typeof startClient>['connection']) => Promise<void>): Promise<string[]> {
  const prev = process.env.ESQL_LINT_CODE_CACHE;
  process.env.ESQL_LINT_CODE_CACHE = 'off';
  const client = startClient(server, workspace);
  if (prev === undefined) delete process.env.ESQL_LINT_CODE_CACHE;
  else process.env.ESQL_LINT_CODE_CACHE = prev;
  await client.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(workspace).href, capabilities: {}, workspaceFolders: null });
  await client.connection.sendNotification(InitializedNotification.type, {});
  for (const f of files) {
    const uri = pathToFileURL(join(EXAMPLES, f)).href;
    const published = client.diagnostics(uri);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: readFileSync(join(EXAMPLES, f), 'utf8') } });
    await published;
    await then?.(uri, client.connection);
  }
  // Shut down as an editor does, so the exit handler prints; 'close': stderr read to the end.
  const closed = new Promise((resolve) => client.child.once('close', resolve));
  await client.connection.sendRequest('shutdown');
  await client.connection.sendNotification('exit');
  await closed;
  client.connection.dispose();
  const err = client.stderr();
  return JSON.parse(err.slice(err.lastIndexOf('@@') + 2)) as string[];
}

const parsers = (modules: string[]) => [...new Set(modules.map((m) => /packages\/(parser-\w+)\//.exec(m)?.[1]).filter(Boolean))].sort();
const esqlAnalysis = (modules: string[]) => modules.filter((m) => m.includes('esql-definitions') || m.includes('packages/linter/src/esql/'));

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
