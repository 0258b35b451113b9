import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefinitionRequest, DidOpenTextDocumentNotification, DocumentFormattingRequest, DocumentHighlightKind, DocumentHighlightRequest, DocumentRangeFormattingRequest, DocumentSymbolRequest, FoldingRangeRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest, SelectionRangeRequest, type DocumentSymbol, type Location, type SelectionRange, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node.js';
import { startWorkspace, type TestClient } from './client.js';

// Line numbers below are 0-based (LSP).
const RULE = `[metadata]
maturity = "production"

[rule]
name = "Navigation rule"
type = "esql"
language = "esql"
query = '''
from logs-*
| stats Esql.count = count(*) by host.name
| where Esql.count > 3
'''

[rule.investigation_fields]
field_names = ["host.name", "Esql.count"]
`;

let client: TestClient;
let uri: string;

beforeAll(async () => {
  const ws = await startWorkspace('nav', { 'rule.toml': RULE });
  ({ client } = ws);
  uri = ws.uri('rule.toml');
  const { init } = ws;
  expect(init.capabilities).toMatchObject({
    definitionProvider: true, referencesProvider: true, documentHighlightProvider: true, documentFormattingProvider: true, documentRangeFormattingProvider: true, renameProvider: { prepareProvider: true }, foldingRangeProvider: true, selectionRangeProvider: true,
  });
  expect(init.capabilities.documentSymbolProvider).toBeTruthy();
  const published = client.diagnostics(uri, 1);
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text: RULE } });
  await published;
});

afterAll(async () => {
  await client?.close();
});

const USE = { line: 10, character: 10 }; // inside `Esql.count` of the WHERE
const COUNT_DEF = { start: { line: 9, character: 8 }, end: { line: 9, character: 18 } };

describe('navigation over stdio', () => {
  it('goes to the definition of a STATS column', async () => {
    const defs = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: USE })) as Location[];
    expect(defs).toEqual([{ uri, range: COUNT_DEF }]);
  });

  it('lists the references', async () => {
    const refs = (await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: USE, context: { includeDeclaration: true } }))!;
    expect(refs.map((r) => r.range.start)).toEqual([{ line: 9, character: 8 }, { line: 10, character: 8 }]);
  });

  it('highlights the occurrences in the query: the definition as a write, the reads as reads', async () => {
    const marks = (await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: USE }))!;
    expect(marks).toEqual([
      { range: COUNT_DEF, kind: DocumentHighlightKind.Write },
      { range: { start: { line: 10, character: 8 }, end: { line: 10, character: 18 } }, kind: DocumentHighlightKind.Read },
    ]);
    const none = await client.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: { line: 9, character: 3 } });
    expect(none).toEqual([]);
  });

  it('renames in the query and in investigation_fields', async () => {
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: USE });
    expect(prepared).toMatchObject({ placeholder: 'Esql.count' });
    const edit = (await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: USE, newName: 'Esql.event_count' })) as WorkspaceEdit;
    const edits = edit.changes![uri];
    expect(edits.map((e) => [e.range.start.line, e.newText])).toEqual([[9, 'Esql.event_count'], [10, 'Esql.event_count'], [14, 'Esql.event_count']]);
  });

  it('refuses a rename with a message', async () => {
    await expect(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: USE, newName: 'host.name' })).rejects.toThrow(/already/);
    await expect(client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 9, character: 35 } })).rejects.toThrow(/field of the indices/);
  });

  it('gives the outline', async () => {
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(['Navigation rule']);
    const rule = symbols[0].children!.find((c) => c.name === '[rule]')!;
    const query = rule.children!.find((c) => c.name === 'query')!;
    expect(query.children!.map((c) => [c.name, c.range.start.line])).toEqual([['FROM', 8], ['STATS', 9], ['WHERE', 10]]);
  });

  it('gives folding ranges by line', async () => {
    const folds = (await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }))!;
    expect(folds.map((f) => [f.startLine, f.endLine])).toEqual(expect.arrayContaining([[0, 1], [3, 11], [7, 11]]));
  });

  it('expands the selection along the AST', async () => {
    const [range] = (await client.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [USE] })) as SelectionRange[];
    const chain: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent) chain.push(`${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`);
    expect(chain.slice(0, 3)).toEqual(['10:8-10:18', '10:8-10:22', '10:2-10:22']);
    expect(chain[chain.length - 1]).toBe('0:0-15:0');
  });
});

const ONE_LINE = `[rule]
name = "One line"
type = "esql"
language = "esql"
query = """
from logs-* | where process.name == "a\\\\\\\\b" | keep process.name
"""
`;

/** Applies LSP edits (positions on lines) to a text. */
function applyLsp(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('formatting over stdio', () => {
  const formatUri = () => uri.replace('rule.toml', 'one_line.toml');
  it('formats the query of a rule, nothing else, escapes kept', async () => {
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: formatUri(), languageId: 'toml', version: 1, text: ONE_LINE } });
    const edits = (await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: formatUri() }, options: { tabSize: 2, insertSpaces: true } }))!;
    expect(edits.every((e) => e.range.start.line === 5)).toBe(true);
    expect(applyLsp(ONE_LINE, edits)).toBe(ONE_LINE.replace(' | where', '\n| where').replace(' | keep', '\n| keep'));
  });
  it('range formatting changes only the range', async () => {
    const edits = (await client.connection.sendRequest(DocumentRangeFormattingRequest.type, {
      textDocument: { uri: formatUri() }, range: { start: { line: 5, character: 40 }, end: { line: 5, character: 70 } }, options: { tabSize: 2, insertSpaces: true },
    }))!;
    expect(applyLsp(ONE_LINE, edits)).toBe(ONE_LINE.replace(' | keep', '\n| keep'));
  });
});
