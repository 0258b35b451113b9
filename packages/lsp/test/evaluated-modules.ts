/**
 * Which bundled modules a language server session evaluates: a copy of a built server whose module wrapper
 * (esbuild's `__esm`) records each module it evaluates and prints them at exit (lazy-start tests).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol/node.js';
import { expect } from 'vitest';
import { startClient } from './client.js';

export const EXAMPLES = join(__dirname, '../../../examples/rules');

const ESM_HELPER = `var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};`;
const RECORDING_HELPER = `process.once('exit', () => process.stderr.write('\\n@@' + JSON.stringify(globalThis.__evaluated ?? [])));
var __esm = (fn, res) => function __init() {
  if (fn) (globalThis.__evaluated ??= []).push(__getOwnPropNames(fn)[0]);
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};`;

/** Makes the bundle of `chunks` whose name matches `name` record the modules it evaluates. */
export function recordEvaluations(chunks: string, name: RegExp): void {
  const bundle = readdirSync(chunks).find((f) => name.test(f) && f.endsWith('.cjs'))!;
  const text = readFileSync(join(chunks, bundle), 'utf8');
  expect(text).toContain(ESM_HELPER);
  writeFileSync(join(chunks, bundle), text.replace(ESM_HELPER, RECORDING_HELPER));
}

/** The modules `server` evaluated in a session that opens `files` (examples/rules), awaits their diagnostics and runs `then`. */
export async function evaluated(
  server: string, workspace: string, files: string[], then?: (uri: string, send: ReturnType<typeof startClient>['connection']) => Promise<void>,
): Promise<string[]> {
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

export const parsers = (modules: string[]) => [...new Set(modules.map((m) => /packages\/(parser-\w+)\//.exec(m)?.[1]).filter(Boolean))].sort();
export const esqlAnalysis = (modules: string[]) => modules.filter((m) => m.includes('esql-definitions') || m.includes('packages/linter/src/esql/'));
