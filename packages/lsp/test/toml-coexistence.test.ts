/**
 * With another TOML server beside it (the VS Code extension passes `tomlSyntaxDiagnostics: false` when Even
 * Better TOML is installed), the server leaves TOML syntax errors to that server and reports the rest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, InitializeRequest, InitializedNotification } from 'vscode-languageserver-protocol/node.js';
import { sharedTestServer, startClient } from './client.js';

const BROKEN = '[rule]\nname = "x\nlanguage = "kuery"\n';
const TYPO = "[metadata]\nmaturity = \"production\"\n\n[rule]\nname = \"t\"\ntype = \"query\"\nindex = [\"logs-*\"]\nlanguage = \"kuery\"\nrisk_score = 21\nquery = '''\nprocess.nmae : \"a\"\n'''\n";

async function codes(server: string, dir: string, initializationOptions: unknown, text: string, name: string): Promise<string[]> {
  const client = startClient(server, dir);
  try {
    await client.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null, initializationOptions });
    await client.connection.sendNotification(InitializedNotification.type, {});
    const uri = pathToFileURL(join(dir, name)).href;
    const published = client.diagnostics(uri, 1);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text } });
    return (await published).diagnostics.map((d) => String(d.code));
  } finally {
    await client.close();
  }
}

describe('beside another TOML language server', () => {
  it('reports TOML syntax errors by default, and leaves them to the other server when told so', async () => {
    const server = await sharedTestServer();
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-lsp-coexist-'));
    writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');
    expect(await codes(server, dir, undefined, BROKEN, 'a.toml')).toContain('toml-syntax');
    expect(await codes(server, dir, { tomlSyntaxDiagnostics: false }, BROKEN, 'b.toml')).toEqual([]);
    // Everything else is still ours.
    expect(await codes(server, dir, { tomlSyntaxDiagnostics: false }, TYPO, 'c.toml')).toEqual(['unknown-field']);
  });
});
