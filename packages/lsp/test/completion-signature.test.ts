/** Completion, signature help and hover over stdio, as an editor asks for them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest, CompletionTriggerKind, DidOpenTextDocumentNotification, HoverRequest, InsertTextFormat, SignatureHelpRequest, type CompletionList, type MarkupContent,
} from 'vscode-languageserver-protocol/node.js';
import { startWorkspace, type TestClient } from './client.js';

// An ES|QL rule; the query starts on line 7 (0-based).
const RULE = `[rule]
name = "LSP ES|QL test"
type = "esql"
language = "esql"
risk_score = 21
query = '''
from logs-* metadata _id, _version, _index
| eval Esql.day = date_trunc(1 day, @timestamp)
| where 
'''
`;

let client: TestClient;
let uri: string;

beforeAll(async () => {
  const ws = await startWorkspace('cs', { 'rule.toml': RULE }, { clientInfo: { name: 'Visual Studio Code' } });
  ({ client } = ws);
  uri = ws.uri('rule.toml');
  expect(ws.init.capabilities.completionProvider?.triggerCharacters).toEqual(expect.arrayContaining(['.', ' ', '|', '(']));
  expect(ws.init.capabilities.signatureHelpProvider?.triggerCharacters).toEqual(['(', ',']);
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } });
});

afterAll(async () => {
  await client?.close();
});

describe('ES|QL editor features over stdio', () => {
  it('completes after `| where ` with snippets, documentation and a retrigger command', async () => {
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri }, position: { line: 8, character: 8 }, context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: ' ' },
    })) as CompletionList;
    expect(list.isIncomplete).toBe(true);
    const sorted = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    expect(sorted[0].label).toBe('Esql.day');
    const fn = list.items.find((i) => i.label === 'starts_with')!;
    expect(fn.insertTextFormat).toBe(InsertTextFormat.Snippet);
    expect(fn.textEdit).toEqual({ range: { start: { line: 8, character: 8 }, end: { line: 8, character: 8 } }, newText: 'starts_with($1)' });
    expect((fn.documentation as MarkupContent).kind).toBe('markdown');
    expect((fn.documentation as MarkupContent).value).toContain('Returns a boolean');
    expect(fn.command?.command).toBe('editor.action.triggerParameterHints');
  });

  it('answers a blank typed outside the query with nothing', async () => {
    const list = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri }, position: { line: 1, character: 6 }, context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: ' ' },
    })) as CompletionList;
    expect(list.items).toEqual([]);
  });

  it('gives signature help inside date_trunc with the matching signature and active parameter', async () => {
    // Line 7: `| eval Esql.day = date_trunc(1 day, @timestamp)`; character 36 is after `1 day, `.
    const help = await client.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 7, character: 36 } });
    expect(help).not.toBeNull();
    const sig = help!.signatures[help!.activeSignature!];
    expect(sig.label).toBe('DATE_TRUNC(interval: date_period, date: date) -> date');
    expect(help!.activeParameter).toBe(1);
    const [start, end] = sig.parameters![1].label as [number, number];
    expect(sig.label.slice(start, end)).toBe('date: date');
    expect(JSON.stringify(sig.documentation)).toContain('Rounds down a date');
  });

  it('hovers a command', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 7, character: 3 } });
    expect((hover?.contents as MarkupContent).value).toContain('Computes new columns');
  });
});
