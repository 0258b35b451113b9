/** The language server on Kibana NDJSON exports and rule JSON (issue 18), over stdio as editors run it. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest, DidOpenTextDocumentNotification, HoverRequest, type CompletionList,
} from 'vscode-languageserver-protocol/node.js';
import { startWorkspace, type TestClient } from './client.js';

const LINE = JSON.stringify({
  rule_id: 'n1', name: 'NDJSON in the editor', type: 'query', language: 'kuery', index: ['logs-endpoint.events.process-*'],
  query: 'event.category : "process" and\nprocess.nmae : "cmd.exe" and host.os.t',
});
const TEXT = JSON.stringify({ exported_count: 1, exported_rules_count: 1 }) + '\n' + LINE + '\n';

let client: TestClient;
let dir: string;

beforeAll(async () => {
  ({ client, dir } = await startWorkspace('ndjson'));
});

afterAll(async () => {
  await client?.close();
});

describe('language server on NDJSON and JSON rule files', () => {
  const uri = () => pathToFileURL(join(dir, 'export.ndjson')).href;

  it('publishes diagnostics at the character of the NDJSON line, through the JSON escapes', async () => {
    const published = client.diagnostics(uri(), 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(), languageId: 'plaintext', version: 1, text: TEXT } });
    const diagnostics = (await published).diagnostics;
    const typo = diagnostics.find((d) => d.code === 'unknown-field')!;
    expect(typo).toBeDefined();
    const character = LINE.indexOf('process.nmae');
    expect(typo.range).toEqual({ start: { line: 1, character }, end: { line: 1, character: character + 'process.nmae'.length } });
    expect(diagnostics.map((d) => d.code)).toContain('json-not-a-rule');
  });

  it('completes and hovers inside the query string', async () => {
    const end = LINE.indexOf('host.os.t"') + 'host.os.t'.length;
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: uri() }, position: { line: 1, character: end } })) as CompletionList;
    const item = list.items.find((i) => i.label === 'host.os.type');
    const edit = item?.textEdit as { range: unknown; newText: string } | undefined;
    expect(edit?.range).toEqual({ start: { line: 1, character: end - 'host.os.t'.length }, end: { line: 1, character: end } });
    expect(edit?.newText).toMatch(/^host\.os\.type\b/);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri() }, position: { line: 1, character: LINE.indexOf('event.category') + 2 } });
    expect(JSON.stringify(hover?.contents)).toContain('keyword');
  });

  it('says nothing about JSON files that are not rules', async () => {
    const other = pathToFileURL(join(dir, 'package.json')).href;
    const published = client.diagnostics(other, 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: other, languageId: 'json', version: 1, text: '{ "name": "x", , }' } });
    expect((await published).diagnostics).toEqual([]);
  });
});
