/**
 * textDocument/semanticTokens over stdio with the bundled server: the marked fixtures of the language
 * service (packages/language-service/test/fixtures/semantic-tokens) decoded from the LSP encoding must
 * be exactly the marked tokens, one per line; range requests; deltas that patch the client's data into
 * exactly the new full result; never stale data after edits.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, SemanticTokensDeltaRequest, SemanticTokensRangeRequest, SemanticTokensRequest, type SemanticTokens, type SemanticTokensDelta, type SemanticTokensLegend,
} from 'vscode-languageserver-protocol/node.js';
import { markedFixtures, tokenName, type ExpectedToken } from '../../language-service/test/semantic-fixtures.js';
import { startWorkspace, type TestClient } from './client.js';

let client: TestClient;
let dir: string;
let legend: SemanticTokensLegend;

const LANGUAGE: Record<string, string> = { toml: 'toml', esql: 'esql', eql: 'eql', kql: 'kql' };

interface LineToken {
  line: number;
  character: number;
  length: number;
  token: string;
}

function decode(data: number[]): LineToken[] {
  const out: LineToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    const modifiers = legend.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
    out.push({ line, character, length: data[i + 2], token: tokenName(legend.tokenTypes[data[i + 3]], modifiers) });
  }
  return out;
}

/** The expected tokens, split at line ends as the LSP encoding requires. */
function perLine(text: string, tokens: ExpectedToken[]): LineToken[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const lineOf = (o: number) => {
    let l = 0;
    while (l + 1 < starts.length && starts[l + 1] <= o) l++;
    return l;
  };
  const out: LineToken[] = [];
  for (const t of tokens) {
    for (let l = lineOf(t.start); l <= lineOf(t.end); l++) {
      const from = Math.max(t.start, starts[l]);
      const to = Math.min(t.end, l + 1 < starts.length ? starts[l + 1] - 1 : text.length);
      if (to > from) out.push({ line: l, character: from - starts[l], length: to - from, token: t.token });
    }
  }
  return out;
}

function applyEdits(data: number[], delta: SemanticTokensDelta): number[] {
  const out = [...data];
  for (const e of [...delta.edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

async function open(name: string, text: string, languageId: string): Promise<string> {
  const uri = pathToFileURL(join(dir, name)).href;
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  return uri;
}

const full = (uri: string) => client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }) as Promise<SemanticTokens>;

beforeAll(async () => {
  const ws = await startWorkspace('tokens', {}, {
    capabilities: { textDocument: { semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } } },
  });
  ({ client, dir } = ws);
  const provider = ws.init.capabilities.semanticTokensProvider!;
  expect(provider.full).toEqual({ delta: true });
  expect(provider.range).toBe(true);
  legend = provider.legend;
});

afterAll(async () => {
  await client?.close();
});

describe('semantic tokens over stdio', () => {
  it('declares standard token types and modifiers (plus `unknown`)', () => {
    expect(legend.tokenTypes).toEqual(expect.arrayContaining(['keyword', 'function', 'property', 'variable', 'string', 'number', 'operator', 'comment', 'parameter']));
    expect(legend.tokenModifiers).toEqual(['declaration', 'readonly', 'defaultLibrary', 'unknown']);
  });

  it.each(markedFixtures().map((f) => [f.name, f] as const))('%s: full tokens are exactly the marked ones', async (name, fixture) => {
    const file = name.replace('.marked', '');
    const uri = await open(file, fixture.text, LANGUAGE[file.split('.').pop()!]);
    const result = await full(uri);
    expect(result.resultId).toBeDefined();
    expect(decode(result.data)).toEqual(perLine(fixture.text, fixture.tokens));
  });

  it('range: only the lines asked for', async () => {
    const fixture = markedFixtures().find((f) => f.name.startsWith('esql-rule'))!;
    const uri = pathToFileURL(join(dir, 'esql-rule.toml')).href;
    const lines = fixture.text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('| eval'));
    const result = (await client.connection.sendRequest(SemanticTokensRangeRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: lines[line].length } },
    })) as SemanticTokens;
    const expected = perLine(fixture.text, fixture.tokens).filter((t) => t.line === line);
    expect(decode(result.data)).toEqual(expected);
    expect(expected.length).toBe(8);
  });

  it('delta: the edits turn the client\'s data into the new full tokens; a stale result id gets full tokens', async () => {
    const text = "[rule]\nlanguage = \"esql\"\ntype = \"esql\"\nquery = '''\nfrom logs-* metadata _id\n| where host.name == \"a\"\n| limit 1\n'''\n";
    const uri = await open('delta.toml', text, 'toml');
    const first = await full(uri);
    // Insert an EVAL line (version 2), then ask for the delta against the first result.
    const at = { line: 6, character: 0 };
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: at, end: at }, text: '| eval x = 1\n' }],
    });
    const delta = (await client.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri }, previousResultId: first.resultId! })) as SemanticTokensDelta;
    expect(delta.edits.length).toBe(1);
    const patched = applyEdits(first.data, delta);
    const fresh = await full(uri);
    expect(patched).toEqual(fresh.data);
    expect(decode(fresh.data).filter((t) => t.line === 6).map((t) => t.token)).toEqual(['operator', 'keyword', 'variable.declaration', 'operator', 'number']);
    // A result id the server no longer holds (the client missed one): the full tokens, not a patch.
    const stale = (await client.connection.sendRequest(SemanticTokensDeltaRequest.type, { textDocument: { uri }, previousResultId: first.resultId! })) as SemanticTokens;
    expect(stale.data).toEqual(fresh.data);
  });

  it('never stale: a request sent right after an edit (not awaited) answers for the edited text', async () => {
    const uri = await open('fast.esql', 'from a | limit 1', 'esql');
    await full(uri);
    void client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 }, contentChanges: [{ text: 'from a\n| where b == "x"' }],
    });
    const after = decode((await full(uri)).data);
    expect(after.map((t) => [t.line, t.character, t.length, t.token])).toEqual([
      [0, 0, 4, 'keyword'], [0, 5, 1, 'namespace'], [1, 0, 1, 'operator'], [1, 2, 5, 'keyword'], [1, 8, 1, 'property.unknown'], [1, 10, 2, 'operator'], [1, 13, 3, 'string'],
    ]);
  });

  it('unknown documents get no tokens, and the server stays up', async () => {
    expect((await full('file:///nowhere.toml')).data).toEqual([]);
    expect(client.child.exitCode).toBeNull();
  });
});
