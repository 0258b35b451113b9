// Starts the bundled esql-lint language server (dist/server/esql-lint-lsp.mjs) for rule and query files.
import { extensions, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';

let client: LanguageClient | undefined;

/** The TOML extension rule authors often have (taplo's language server). */
const EVEN_BETTER_TOML = 'tamasfe.even-better-toml';

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server/esql-lint-lsp.mjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...['toml', 'esql', 'eql', 'kql'].flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // Kibana rule exports and detection engine API JSON: the server lints only JSON that holds rules.
      { scheme: 'file', language: 'json' },
      { scheme: 'file', pattern: '**/*.{ndjson,jsonl}' },
    ],
    // `.esql-lint.json` files: the server reads them again when they change.
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/.esql-lint.json') },
    // Even Better TOML's server reports TOML syntax errors already: not twice.
    initializationOptions: { tomlSyntaxDiagnostics: !extensions.getExtension(EVEN_BETTER_TOML) },
  };
  // The id `esqlLint` makes the client honour the `esqlLint.trace.server` setting.
  client = new LanguageClient('esqlLint', 'esql-lint', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
