// The review checks (rule-review/) in the editor: inside a detection-rules checkout, a rule whose tags lack its
// primary tactic gets a tactic-tag diagnostic on `tags`, and its fix arrives as a quick fix with the edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeActionRequest, DidOpenTextDocumentNotification, type Diagnostic } from 'vscode-languageserver-protocol/node.js';
import { startWorkspace, type TestWorkspace } from './client.js';

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

let ws: TestWorkspace;

beforeAll(async () => {
  // A detection-rules checkout: its stack-schema-map makes it one, and turns the review checks on.
  ws = await startWorkspace('review', {
    'detection_rules/etc/stack-schema-map.yaml': '"9.2.0":\n  beats: "9.2.0"\n  ecs: "9.2.0"\n',
    'rules/r.toml': RULE,
  });
});

afterAll(async () => {
  await ws?.client.close();
});

describe('review checks in the language server', () => {
  it('puts tactic-tag on the tags and offers adding the tag as a quick fix', async () => {
    const { client } = ws;
    const uri = ws.uri('rules/r.toml');
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
