/**
 * Start-up (issue 19): the built server's entry answers `initialize` before it loads its bundles
 * (src/early-initialize.ts), and the connection that takes over (src/early-connection.ts) reads on from there
 * without answering it twice. Observed on a freshly built server, over stdio and over Node IPC.
 */
import { fork, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initializeResult } from '../src/capabilities.js';
import { firstMessage, responseFrame, transportOf } from '../src/early-initialize.js';
import { sharedTestServer } from './client.js';

const RULE = `[rule]\nlanguage = "kuery"\ntype = "query"\nquery = '''\nprocess.nmae : "x"\n'''\n`;

let server: string;
let dir: string;

beforeAll(async () => {
  server = await sharedTestServer();
  dir = mkdtempSync(join(tmpdir(), 'esql-lint-lsp-early-'));
  writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
  writeFileSync(join(dir, 'rule.toml'), RULE);
}, 120_000);

const frame = (m: object) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...m });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};
const initialize = { id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null } };
const opened = (uri: string) => ({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } } });
const env = { ...process.env, ESQL_LINT_CODE_CACHE: 'off' };

/** Every message a server wrote on stdout (`out`, LSP framing). */
function messages(out: Buffer): Array<Record<string, unknown>> {
  const all = [];
  let rest = out;
  for (let m = firstMessage(rest); m; m = firstMessage(rest)) {
    all.push(m.message as Record<string, unknown>);
    rest = rest.subarray(m.end);
  }
  return all;
}

/** Runs `serverFile` over stdio, writes `input` in one piece, and collects its output until `until` holds or it exits. */
function overStdio(serverFile: string, input: string, until: (msgs: Array<Record<string, unknown>>) => boolean): Promise<{ msgs: Array<Record<string, unknown>>; stderr: string }> {
  const child = spawn(process.execPath, [serverFile, '--stdio'], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = Buffer.alloc(0);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    const end = () => {
      child.kill();
      resolve({ msgs: messages(out), stderr });
    };
    child.stdout.on('data', (d: Buffer) => {
      out = Buffer.concat([out, d]);
      if (until(messages(out))) end();
    });
    child.on('exit', end);
    child.stdin.write(input);
  });
}

describe('the entry answers initialize before it loads the server', () => {
  it('over stdio: one answer, the capabilities of capabilities.ts, and the messages sent with it are served', async () => {
    const uri = pathToFileURL(join(dir, 'rule.toml')).href;
    // initialize, initialized and an opened rule in one write: the entry reads more than the first message.
    const { msgs, stderr } = await overStdio(server, frame(initialize) + frame({ method: 'initialized', params: {} }) + frame(opened(uri)) + frame({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 4, character: 3 } } }), (m) =>
      m.some((x) => x.id === 2) && m.some((x) => x.method === 'textDocument/publishDiagnostics'));
    expect(stderr).toBe('');
    const answers = msgs.filter((m) => m.id === 1);
    expect(answers).toHaveLength(1);
    expect(answers[0].result).toEqual(initializeResult);
    expect(msgs[0].id).toBe(1);
    const published = msgs.find((m) => m.method === 'textDocument/publishDiagnostics')!.params as { diagnostics: Array<{ code: string }> };
    expect(published.diagnostics.map((d) => d.code)).toContain('unknown-field');
    expect(JSON.stringify(msgs.find((m) => m.id === 2)!.result)).toContain('process.');
  }, 60_000);

  it('over stdio, before the bundles are loaded: a copy without its chunks still answers initialize', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'esql-lint-lsp-early-nochunks-')), 'esql-lint-lsp.mjs');
    cpSync(server, copy);
    try {
      const { msgs, stderr } = await overStdio(copy, frame(initialize), () => false);
      expect(msgs.filter((m) => m.id === 1).map((m) => m.result)).toEqual([initializeResult]);
      // Then the missing bundle: an error, not an answer of its own.
      expect(stderr).toMatch(/load\.mjs|Cannot find/);
    } finally {
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  }, 60_000);

  it('over stdio: a first message other than initialize is left to the connection', async () => {
    const { msgs } = await overStdio(server, frame({ id: 7, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.toml' }, position: { line: 0, character: 0 } } }) + frame(initialize), (m) => m.some((x) => x.id === 1) && m.some((x) => x.id === 7));
    expect(msgs.filter((m) => m.id === 7)).toHaveLength(1);
    expect(msgs.filter((m) => m.id === 1).map((m) => m.result)).toEqual([initializeResult]);
  }, 60_000);

  it('over Node IPC: one answer, and the session goes on', async () => {
    const child = fork(server, ['--node-ipc'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const got: Array<Record<string, unknown>> = [];
    const uri = pathToFileURL(join(dir, 'rule.toml')).href;
    const done = new Promise<void>((resolve) => {
      child.on('message', (m: Record<string, unknown>) => {
        got.push(m);
        if (m.method === 'textDocument/publishDiagnostics') resolve();
      });
    });
    child.send({ jsonrpc: '2.0', ...initialize });
    child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    child.send({ jsonrpc: '2.0', ...opened(uri) });
    await done;
    // A later request, answered after the connection took over.
    const answered = new Promise<Record<string, unknown>>((resolve) => child.on('message', (m: Record<string, unknown>) => m.id === 3 && resolve(m)));
    child.send({ jsonrpc: '2.0', id: 3, method: 'shutdown' });
    expect((await answered).id).toBe(3);
    child.kill();
    expect(got.filter((m) => m.id === 1).map((m) => m.result)).toEqual([initializeResult]);
  }, 60_000);
});

describe('early-initialize helpers', () => {
  it('reads a framed message once it is whole', () => {
    const text = frame({ id: 1, method: 'initialize', params: { s: 'é' } });
    const buf = Buffer.from(text + 'Content-Length: 5');
    expect(firstMessage(buf.subarray(0, 10))).toBeUndefined();
    expect(firstMessage(buf.subarray(0, Buffer.byteLength(text) - 1))).toBeUndefined();
    expect(firstMessage(buf)).toEqual({ message: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { s: 'é' } }, end: Buffer.byteLength(text) });
    expect(firstMessage(Buffer.from('Content-Type: x\r\ncontent-length: 2\r\n\r\n{}'))).toEqual({ message: {}, end: 40 });
    expect(firstMessage(Buffer.from('Bogus: 1\r\n\r\n{}'))).toBeNull();
    expect(firstMessage(Buffer.from('Content-Length: 2\r\n\r\n{x'))).toBeNull();
  });

  it('frames a response and tells the transport', () => {
    const f = responseFrame('a', '{"x":1}');
    expect(firstMessage(Buffer.from(f))?.message).toEqual({ jsonrpc: '2.0', id: 'a', result: { x: 1 } });
    expect(transportOf([])).toBe('stdio');
    expect(transportOf(['--stdio'])).toBe('stdio');
    expect(transportOf(['--node-ipc'])).toBe('ipc');
    expect(transportOf(['--socket=5000'])).toBeUndefined();
    expect(transportOf(['--pipe=x'])).toBeUndefined();
  });
});
