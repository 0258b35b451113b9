// The fixes of diagnostics on TOML keys and values (the rule's own schema, [metadata]) reach the editor as
// quick fixes: the code action of a rule-table code carries the exact edit of the linter's fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionKind, CodeActionRequest, DidOpenTextDocumentNotification, type CodeAction, type Diagnostic,
} from 'vscode-languageserver-protocol/node.js';
import { startWorkspace, type TestClient } from './client.js';

const RULE = `[metadata]
creation_date = "2026/01/05"
maturity = "production"
min_stack_version = "9.1.0"
updated_date = "2026/01/05"

[rule]
author = ["Elastic"]
description = "d"
from = "now-9m"
language = "esql"
license = "Elastic License v2"
name = "n"
risk_score = 21
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severtiy = "low"
type = "esql"
query = '''
FROM logs-endpoint.events.process-* METADATA _id, _version, _index
| INLINE STATS Esql.n = COUNT(*) BY host.id
| KEEP _id, _version, _index, host.id, Esql.n
'''
`;

let client: TestClient;
let uri: string;
let diagnostics: Diagnostic[];

beforeAll(async () => {
  // esql-min-stack-version is a detection-rules review check: set, so that it is on outside a checkout.
  const ws = await startWorkspace('keys', { '.esql-lint.json': '{"root": true, "rules": {"esql-min-stack-version": "error"}}', 'rule.toml': RULE });
  client = ws.client;
  uri = ws.uri('rule.toml');
  const published = client.diagnostics(uri, 1);
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } });
  diagnostics = (await published).diagnostics;
}, 120_000);

afterAll(async () => {
  await client?.close();
});

/** The line and character range of the first occurrence of `text` in RULE. */
function rangeOf(text: string) {
  const at = RULE.indexOf(text);
  const before = RULE.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + text.length } };
}

async function actionsFor(code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  const diagnostic = diagnostics.find((d) => d.code === code)!;
  expect(diagnostic, `${code} in ${JSON.stringify(diagnostics.map((d) => d.code))}`).toBeDefined();
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  return { diagnostic, actions };
}

describe('quick fixes of rule-table codes', () => {
  it('renames a misspelt [rule] key (unknown-rule-key)', async () => {
    const { diagnostic, actions } = await actionsFor('unknown-rule-key');
    expect(diagnostic.range).toEqual(rangeOf('severtiy'));
    const rename = actions.find((a) => a.title === 'Rename to "severity"')!;
    expect(rename).toBeDefined();
    expect(rename.kind).toBe(CodeActionKind.QuickFix);
    expect(rename.diagnostics?.map((d) => d.code)).toEqual(['unknown-rule-key']);
    expect(rename.edit?.changes?.[uri]).toEqual([{ range: rangeOf('severtiy'), newText: 'severity' }]);
  });

  it('raises min_stack_version to what the query needs (esql-min-stack-version)', async () => {
    const { diagnostic, actions } = await actionsFor('esql-min-stack-version');
    expect(diagnostic.range).toEqual(rangeOf('"9.1.0"'));
    expect(diagnostic.message).toContain('INLINE STATS (technical preview in 9.2.0, GA in 9.3.0)');
    const fix = actions.find((a) => a.title === 'Change min_stack_version to "9.2.0"')!;
    expect(fix?.edit?.changes?.[uri]).toEqual([{ range: rangeOf('"9.1.0"'), newText: '"9.2.0"' }]);
  });
});
