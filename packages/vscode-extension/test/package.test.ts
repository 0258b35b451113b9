import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packageExtension } from '../package.mjs';

/** The entries of a zip file (central directory), with a reader for each. */
function zipEntries(file: string): Map<string, () => Buffer> {
  const zip = readFileSync(file);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    out.set(name, () => {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return method === 8 ? inflateRawSync(data) : data;
    });
    p += 46 + nameLength + extra + comment;
  }
  return out;
}

describe('VS Code extension package', () => {
  it('vsce packages the extension offline with the language server inside', async () => {
    const vsix = await packageExtension(join(mkdtempSync(join(tmpdir(), 'esql-lint-vsix-test-')), 'ext.vsix'));
    const entries = zipEntries(vsix);
    // The server's chunks are named by their content hash.
    const names = [...entries.keys()].filter((n) => n.startsWith('extension/')).map((n) => n.replace(/-[0-9a-f]{12}\.cjs$/, '-<hash>.cjs'));
    expect(names.sort()).toEqual([
      'extension/LICENSE.txt',
      'extension/NOTICE',
      'extension/changelog.md',
      'extension/dist/THIRD-PARTY-LICENSES.txt',
      'extension/dist/extension.cjs',
      'extension/dist/server/chunks/esql-lint-lsp-<hash>.cjs',
      'extension/dist/server/chunks/esql-lint-lsp-server-<hash>.cjs',
      'extension/dist/server/chunks/load.mjs',
      'extension/dist/server/esql-lint-lsp.mjs',
      'extension/icon.png',
      'extension/language-configuration/eql.json',
      'extension/language-configuration/esql.json',
      'extension/language-configuration/kql.json',
      'extension/language-configuration/toml.json',
      'extension/package.json',
      'extension/readme.md',
      'extension/syntaxes/eql.tmLanguage.json',
      'extension/syntaxes/esql.tmLanguage.json',
      'extension/syntaxes/kql.tmLanguage.json',
      'extension/syntaxes/toml.tmLanguage.json',
    ]);
    const manifest = JSON.parse(entries.get('extension/package.json')!().toString('utf8'));
    expect(manifest.main).toBe('./dist/extension.cjs');
    // What the Extensions view and the marketplace show.
    expect(manifest.icon).toBe('icon.png');
    expect(entries.get('extension/icon.png')!().subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(manifest.categories).toEqual(['Linters', 'Programming Languages']);
    expect(manifest.keywords).toEqual(expect.arrayContaining(['elastic', 'detection rules', 'esql', 'eql', 'kql']));
    expect(manifest.repository.url).toMatch(/^https:\/\/github\.com\//);
    expect(entries.get('extension/LICENSE.txt')!().toString('utf8')).toContain('Apache License');
    expect(entries.get('extension/changelog.md')!().toString('utf8')).toContain(`## [${manifest.version}]`);
    expect(entries.get('extension/NOTICE')!().toString('utf8')).toContain('Elastic License 2.0');
    expect(entries.get('extension/dist/THIRD-PARTY-LICENSES.txt')!().toString('utf8')).toContain('\nvscode-languageclient ');
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.activationEvents).toEqual(['onLanguage:toml', 'onLanguage:esql', 'onLanguage:eql', 'onLanguage:kql', 'onLanguage:json', 'workspaceContains:**/*.ndjson']);
    expect(manifest.contributes.languages.flatMap((l: { extensions: string[] }) => l.extensions)).toEqual(['.toml', '.esql', '.eql', '.kql', '.kuery']);
    // Every language has its configuration and its grammar, and the package ships each file they name.
    expect(manifest.contributes.grammars.map((g: { language: string; scopeName: string }) => [g.language, g.scopeName])).toEqual([
      ['toml', 'source.toml'], ['esql', 'source.esql'], ['eql', 'source.eql'], ['kql', 'source.kql'],
    ]);
    for (const l of manifest.contributes.languages) expect(entries.has(`extension/${l.configuration.replace('./', '')}`), l.id).toBe(true);
    for (const g of manifest.contributes.grammars) {
      const grammar = JSON.parse(entries.get(`extension/${g.path.replace('./', '')}`)!().toString('utf8'));
      expect(grammar.scopeName).toBe(g.scopeName);
    }
    // The server's custom semantic token modifier is declared, so that themes can colour it.
    expect(manifest.contributes.semanticTokenModifiers.map((m: { id: string }) => m.id)).toEqual(['unknown']);
    expect(manifest.contributes.configuration.properties['esqlLint.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
    // The extension starts the server file it ships, and leaves `vscode` to the editor.
    const extension = entries.get('extension/dist/extension.cjs')!().toString('utf8');
    expect(extension).toContain('dist/server/esql-lint-lsp.mjs');
    expect(extension).toMatch(/require\("vscode"\)/);
    // The server entry loads its chunks (through the code cache), which hold the server with nothing left to import.
    const entry = entries.get('extension/dist/server/esql-lint-lsp.mjs')!().toString('utf8');
    expect(entry).toContain('./chunks/load.mjs');
    const serverName = [...entries.keys()].find((n) => /^extension\/dist\/server\/chunks\/esql-lint-lsp-server-[0-9a-f]{12}\.cjs$/.test(n))!;
    const server = entries.get(serverName)!().toString('utf8');
    expect(server).toContain('esql-lint');
    expect(server).not.toMatch(/from ["']@esql-lint\/|require\(["']@esql-lint\//);
  });
});
