import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest, CompletionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest, InitializeRequest, InitializedNotification, type CompletionList, type Diagnostic,
} from 'vscode-languageserver-protocol/node.js';
import { startClient, startWorkspace, type TestClient } from './client.js';

// A KQL rule with a misspelled field on line 11 (0-based 10): `process.nmae` at characters 0-12.
const RULE = `[metadata]
maturity = "production"

[rule]
name = "LSP test rule"
type = "query"
index = ["logs-*"]
language = "kuery"
risk_score = 21
query = '''
process.nmae : "cmd.exe" and host.os.type : "windows"
'''
`;
const TYPO = { start: { line: 10, character: 0 }, end: { line: 10, character: 12 } };

let client: TestClient;
let dir: string;
let uri: string;
let server: string;

beforeAll(async () => {
  const ws = await startWorkspace('ws', { 'rule.toml': RULE });
  ({ client, dir, server } = ws);
  uri = ws.uri('rule.toml');
  expect(ws.init.capabilities.completionProvider).toBeDefined();
  expect(ws.init.capabilities.hoverProvider).toBe(true);
});

afterAll(async () => {
  await client?.close();
});

describe('language server over stdio', () => {
  let diagnostics: Diagnostic[];

  it('publishes diagnostics on open, with range, code and severity', async () => {
    const published = client.diagnostics(uri, 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } });
    diagnostics = (await published).diagnostics;
    expect(diagnostics.map((d) => [d.code, d.range, d.severity, d.source])).toEqual([['unknown-field', TYPO, 1, 'esql-lint']]);
    expect(diagnostics[0].message).toContain('Did you mean "process.name"');
  });

  it('completes a dotted field, replacing the whole word typed', async () => {
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10, character: 38 } })) as CompletionList;
    // Line 10 character 38 is inside `host.os.type`, after `host.os.t`.
    const item = list.items.find((i) => i.label === 'host.os.type');
    expect(item).toBeDefined();
    expect(item!.detail).toBe('keyword');
    expect(item!.textEdit).toEqual({ range: { start: { line: 10, character: 29 }, end: { line: 10, character: 38 } }, newText: 'host.os.type' });
  });

  it('hovers a field with its type and schema', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 10, character: 32 } });
    expect(hover?.range).toEqual({ start: { line: 10, character: 29 }, end: { line: 10, character: 41 } });
    expect(JSON.stringify(hover?.contents)).toContain('keyword');
  });

  it('offers the fix as a quick fix with a workspace edit', async () => {
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 10, character: 3 }, end: { line: 10, character: 3 } }, context: { diagnostics },
    });
    expect(actions).toHaveLength(1);
    const action = actions![0] as { title: string; kind: string; edit: unknown; diagnostics: Diagnostic[] };
    expect(action.title).toBe('Replace with process.name');
    expect(action.kind).toBe('quickfix');
    expect(action.edit).toEqual({ changes: { [uri]: [{ range: TYPO, newText: 'process.name' }] } });
    expect(action.diagnostics.map((d) => d.code)).toEqual(['unknown-field']);
  });

  it('clears the diagnostics once an incremental edit fixes the typo (latest version only)', async () => {
    const published = client.diagnostics(uri, 3);
    // Two quick edits: `nmae` -> `nae` -> `name`; only version 3 is linted.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 10, character: 9 }, end: { line: 10, character: 10 } }, text: '' }],
    });
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 10, character: 10 }, end: { line: 10, character: 10 } }, text: 'm' }],
    });
    const seen: number[] = [];
    const all = client.diagnostics(uri).then((p) => seen.push(p.version!));
    expect((await published).diagnostics).toEqual([]);
    await all;
    expect(seen).toEqual([3]);
  });

  it('survives garbage: unknown documents, positions out of range, binary text', async () => {
    const other = pathToFileURL(join(dir, 'garbage.esql')).href;
    expect(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: 'file:///nowhere.toml' }, position: { line: 0, character: 0 } })).toBeNull();
    const published = client.diagnostics(other, 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'esql', version: 1, text: '\u0000\uffff| from (((( [[[ "' } });
    expect((await published).diagnostics.length).toBeGreaterThan(0);
    for (const position of [{ line: 0, character: 5 }, { line: 99, character: 0 }, { line: 0, character: 999 }, { line: -1, character: -1 }]) {
      await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: other }, position });
      await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: other }, position });
    }
    // Still alive and answering.
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 10, character: 3 } })) as CompletionList;
    expect(list.items.some((i) => i.label === 'process.name')).toBe(true);
    expect(client.child.exitCode).toBeNull();
  });
});

describe('language server over Node IPC (how VS Code starts it)', () => {
  it('answers initialize and publishes diagnostics', async () => {
    const ipc = startClient(server, dir, 'ipc');
    try {
      await ipc.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
      await ipc.connection.sendNotification(InitializedNotification.type, {});
      const published = ipc.diagnostics(uri, 1);
      await ipc.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } });
      expect((await published).diagnostics.map((d) => [d.code, d.range])).toEqual([['unknown-field', TYPO]]);
    } finally {
      await ipc.close();
    }
  });
});
