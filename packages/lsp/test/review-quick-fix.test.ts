// The review checks (rule-review/) in the editor: inside a detection-rules checkout, a rule whose tags lack its
// primary tactic gets a tactic-tag diagnostic on `tags`, and its fix arrives as a quick fix with the edit.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest, DidOpenTextDocumentNotification, InitializeRequest, InitializedNotification, type Diagnostic,
} from 'vscode-languageserver-protocol/node.js';
import { buildTestServer, startClient, type TestClient } from './client.js';

const RULE = `[metadata]
creation_date = "2026/01/05"
integration = ["endpoint"]
maturity = "production"
updated_date = "2026/02/01"

[rule]
author = ["Me"]
description = "Runs a script host."
index = ["logs-endpoint.events.process-*"]
language = "kuery"
license = "Elastic License v2"
name = "Script host"
risk_score = 21
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severity = "low"
tags = ["Domain: Endpoint"]
type = "query"
query = '''
process.name : "mshta.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"

[rule.threat.tactic]
id = "TA0005"
name = "Defense Evasion"
reference = "https://attack.mitre.org/tactics/TA0005/"
`;
// `tags = ["Domain: Endpoint"]` is line 16 (0-based); its value starts at character 7.
const TAGS = { start: { line: 16, character: 7 }, end: { line: 16, character: 27 } };

let client: TestClient;
let uri: string;

beforeAll(async () => {
  const server = await buildTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-lsp-review-'));
  writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
  // A detection-rules checkout: its stack-schema-map makes it one, and turns the review checks on.
  mkdirSync(join(dir, 'detection_rules', 'etc'), { recursive: true });
  writeFileSync(join(dir, 'detection_rules', 'etc', 'stack-schema-map.yaml'), '"9.2.0":\n  beats: "9.2.0"\n  ecs: "9.2.0"\n');
  mkdirSync(join(dir, 'rules'));
  writeFileSync(join(dir, 'rules', 'r.toml'), RULE);
  uri = pathToFileURL(join(dir, 'rules', 'r.toml')).href;
  client = startClient(server, dir);
  await client.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null });
  await client.connection.sendNotification(InitializedNotification.type, {});
});

afterAll(async () => {
  await client?.close();
});

describe('review checks in the language server', () => {
  it('puts tactic-tag on the tags and offers adding the tag as a quick fix', async () => {
    const published = client.diagnostics(uri, 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } });
    const diagnostics: Diagnostic[] = (await published).diagnostics;
    const d = diagnostics.find((x) => x.code === 'tactic-tag');
    expect(d?.range).toEqual(TAGS);
    expect(d?.message).toContain('"Tactic: Defense Evasion"');
    const actions = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: { start: { line: 16, character: 10 }, end: { line: 16, character: 10 } }, context: { diagnostics: [d!] },
    });
    const action = (actions ?? []).find((a) => a.title === 'Add the tag "Tactic: Defense Evasion"') as { kind: string; edit: unknown } | undefined;
    expect(action?.kind).toBe('quickfix');
    expect(action?.edit).toEqual({ changes: { [uri]: [{ range: { start: { line: 16, character: 26 }, end: { line: 16, character: 26 } }, newText: ', "Tactic: Defense Evasion"' }] } });
  });
});
