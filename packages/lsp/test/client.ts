/** A plain LSP client over stdio for tests: spawns a freshly built server bundle. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, PublishDiagnosticsNotification,
  InitializeRequest, InitializedNotification,
  type InitializeParams, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';
import { buildServer } from '../build.mjs';

/**
 * Builds the server into a temporary directory (the same build as `dist/esql-lint-lsp.mjs`): a copy of its
 * own, for a test that changes the bundle (lazy-start records the modules evaluated).
 */
export async function buildTestServer(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'esql-lint-lsp-')), 'esql-lint-lsp.mjs');
  await buildServer(out);
  return out;
}

let shared: Promise<string> | undefined;

/**
 * One build of the server for the test files that only run it (the workers share modules: vitest.base.ts
 * `isolate: false`), instead of one esbuild run per file (~2 s each idle, 20 of them). Not to be changed.
 */
export function sharedTestServer(): Promise<string> {
  return (shared ??= buildTestServer());
}

export interface TestClient {
  connection: ProtocolConnection;
  child: ChildProcess;
  stderr: () => string;
  /** The next diagnostics published for `uri` (optionally: for a version). */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

/** Starts the server over stdio, or over Node IPC as VS Code's client does. */
export function startClient(serverFile: string, cwd: string, transport: 'stdio' | 'ipc' = 'stdio'): TestClient {
  const child = transport === 'stdio'
    ? spawn(process.execPath, [serverFile, '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    : fork(serverFile, ['--node-ipc'], { cwd, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const connection = transport === 'stdio'
    ? createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
    : createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const waiting: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    for (const w of [...waiting]) {
      if (w.uri === p.uri && (w.version === undefined || w.version === p.version)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.listen();
  return {
    connection,
    child,
    stderr: () => err,
    diagnostics: (uri, version) => new Promise((resolve) => waiting.push({ uri, version, resolve })),
    async close() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

export interface TestWorkspace {
  client: TestClient;
  /** The temporary workspace folder (with a root `.esql-lint.json`, so configs above it do not apply). */
  dir: string;
  /** The built server bundle, for tests that start more clients. */
  server: string;
  /** What the server answered to `initialize`. */
  init: InitializeResult;
  /** The file URI of a name in the workspace. */
  uri(name: string): string;
}

/**
 * The shared server build (sharedTestServer) started over stdio in a new temporary workspace holding `files` (name → text)
 * and an empty root config; `initialize` (with `params` over the defaults) answered and `initialized` sent.
 */
export async function startWorkspace(prefix: string, files: Record<string, string> = {}, params: Partial<InitializeParams> = {}): Promise<TestWorkspace> {
  const server = await sharedTestServer();
  const dir = mkdtempSync(join(tmpdir(), `esql-lint-lsp-${prefix}-`));
  writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const client = startClient(server, dir);
  const init = await client.connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null, ...params,
  });
  await client.connection.sendNotification(InitializedNotification.type, {});
  return { client, dir, server, init, uri: (name) => pathToFileURL(join(dir, name)).href };
}
