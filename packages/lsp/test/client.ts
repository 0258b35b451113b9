/** A plain LSP client over stdio for tests: spawns a freshly built server bundle. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, PublishDiagnosticsNotification,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node.js';
import { buildServer } from '../build.mjs';

/** Builds the server into a temporary directory (the same build as `dist/esql-lint-lsp.mjs`). */
export async function buildTestServer(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'esql-lint-lsp-')), 'esql-lint-lsp.mjs');
  await buildServer(out);
  return out;
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
