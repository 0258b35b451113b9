// Starts the bundled esql-lint language server (dist/server/esql-lint-lsp.mjs) once a rule file or a raw
// query file is open (activation.ts says which): other TOML files never start it.
import { extensions, workspace, type ExtensionContext, type TextDocument } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import { servesDocument } from './activation.js';

let client: LanguageClient | undefined;

/** The TOML extension rule authors often have (taplo's language server). */
const EVEN_BETTER_TOML = 'tamasfe.even-better-toml';

function startClient(context: ExtensionContext): void {
  if (client) return;
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
    // Even Better TOML's server reports TOML syntax errors already: not twice. Documents above
    // maxDocumentSize are not analysed (the server's size limit).
    initializationOptions: {
      tomlSyntaxDiagnostics: !extensions.getExtension(EVEN_BETTER_TOML),
      maxDocumentSize: workspace.getConfiguration('esqlLint').get<number>('maxDocumentSize'),
    },
  };
  // The id `esqlLint` makes the client honour the `esqlLint.trace.server` setting.
  client = new LanguageClient('esqlLint', 'esql-lint', serverOptions, clientOptions);
  void client.start();
}

export async function activate(context: ExtensionContext): Promise<void> {
  if (workspace.textDocuments.some(servesDocument)) {
    startClient(context);
    return;
  }
  // Until then, watch for one: opened, or an open TOML file that becomes a rule as it is written.
  const check = (doc: TextDocument) => {
    if (client || !servesDocument(doc)) return;
    startClient(context);
    for (const d of watchers.splice(0)) d.dispose();
  };
  const watchers = [workspace.onDidOpenTextDocument(check), workspace.onDidChangeTextDocument((e) => check(e.document))];
  context.subscriptions.push(...watchers);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
