/**
 * The language server under big and binary documents (issue 15): a 10 MB document gets one
 * document-too-large diagnostic and holds nothing up; a binary document gets at most 101 diagnostics
 * of a code; a corpus rule edited meanwhile is answered; memory returns near its level before the big
 * documents once they are closed. Times and RSS are printed, not asserted as speed (see npm run bench).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, type CompletionList,
} from 'vscode-languageserver-protocol/node.js';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { randomBytes } from '../../../test/support/adversarial.mjs';
import { startWorkspace, type TestClient } from './client.js';

// Without the corpus, a rule of the same shape as the corpus's.
const FALLBACK_RULE = `[metadata]\nmaturity = "production"\n\n[rule]\nname = "r"\ntype = "eql"\nindex = ["logs-endpoint.events.*"]\nlanguage = "eql"\nquery = '''\nprocess where process.name == "cmd.exe"\n'''\n`;

/** The server's resident memory in MB (Linux /proc), or undefined where that is not available. */
function rssMb(pid: number | undefined): number | undefined {
  const file = `/proc/${pid}/status`;
  if (!pid || !existsSync(file)) return undefined;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(file, 'utf8'));
  return m ? Number(m[1]) / 1024 : undefined;
}

let client: TestClient;
let dir: string;

beforeAll(async () => {
  ({ client, dir } = await startWorkspace('limits'));
});

afterAll(async () => {
  await client?.close();
});

describe('language server: big and binary documents', () => {
  it('answers the corpus rule while a 10 MB and a binary document are open; memory comes back after closing them', async () => {
    const file = HAS_CORPUS ? corpusRuleFiles().find((f) => /query = '''\n[\s\S]*process\.name/.test(readFileSync(f, 'utf8')) && /language = "eql"/.test(readFileSync(f, 'utf8'))) : undefined;
    const ruleText = file ? readFileSync(file, 'utf8') : FALLBACK_RULE;
    const ruleUri = pathToFileURL(join(dir, 'rule.toml')).href;
    const open = async (uri: string, languageId: string, text: string) => {
      const published = client.diagnostics(uri, 1);
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
      return (await published).diagnostics;
    };
    await open(ruleUri, 'toml', ruleText);
    const before = rssMb(client.child.pid);

    // 10 MB of ES|QL-looking text: not analysed, one diagnostic.
    const bigUri = pathToFileURL(join(dir, 'big.esql')).href;
    const line = 'FROM logs-* | WHERE process.name == "cmd.exe" | KEEP process.name\n';
    const big = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const t0 = performance.now();
    const bigDiagnostics = await open(bigUri, 'esql', big);
    const bigMs = performance.now() - t0;
    expect(bigDiagnostics.map((d) => d.code)).toEqual(['document-too-large']);
    expect(bigDiagnostics[0].message).toMatch(/10 MB, more than esql-lint analyses/);

    // 64 KB of binary: analysed, at most 100 diagnostics of a code plus one "N more".
    const binUri = pathToFileURL(join(dir, 'binary.esql')).href;
    const binDiagnostics = await open(binUri, 'esql', randomBytes(64 * 1024, 3));
    const perCode = new Map<string, number>();
    for (const d of binDiagnostics) perCode.set(String(d.code), (perCode.get(String(d.code)) ?? 0) + 1);
    expect(Math.max(...perCode.values())).toBeLessThanOrEqual(101);
    expect(binDiagnostics.length).toBeLessThanOrEqual(101 * perCode.size);
    expect(binDiagnostics.some((d) => /more syntax-error problems in this query not shown/.test(d.message))).toBe(true);

    // Requests on the big document are answered empty (it is not analysed), at once.
    expect(await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: bigUri }, position: { line: 0, character: 10 } })).toBeNull();

    // Edit the rule (a space at the end of a query line), then complete inside a `process.name` of it.
    const lines = ruleText.split('\n');
    const queryStart = lines.findIndex((l) => l.startsWith("query = '''"));
    const at = lines.findIndex((l, i) => i > queryStart && l.includes('process.name'));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: ruleUri, version: 2 },
      contentChanges: [{ range: { start: { line: at, character: lines[at].length }, end: { line: at, character: lines[at].length } }, text: ' ' }],
    });
    const t1 = performance.now();
    const position = { line: at, character: lines[at].indexOf('process.name') + 'process.na'.length };
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: ruleUri }, position })) as CompletionList;
    const completionMs = performance.now() - t1;
    expect(list?.items.some((i) => i.label === 'process.name')).toBe(true);

    // Close the big documents: their diagnostics are cleared and memory comes back.
    for (const uri of [bigUri, binUri]) {
      const cleared = client.diagnostics(uri);
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      expect((await cleared).diagnostics).toEqual([]);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const after = rssMb(client.child.pid);
    console.log(`lsp limits: 10 MB document answered in ${bigMs.toFixed(0)} ms; completion on the corpus rule ${completionMs.toFixed(0)} ms; RSS ${before?.toFixed(0)} MB before the big documents, ${after?.toFixed(0)} MB after closing them`);
    if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(100);
    expect(client.stderr()).not.toMatch(/TypeError/);
  });

  it('a completion request without a position is answered empty, with nothing logged', async () => {
    const uri = pathToFileURL(join(dir, 'rule.toml')).href;
    expect(await client.connection.sendRequest(CompletionRequest.type.method, { textDocument: { uri } })).toBeNull();
    expect(await client.connection.sendRequest(CompletionRequest.type.method, {})).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(client.stderr()).not.toMatch(/TypeError|completion failed/);
  });
});
