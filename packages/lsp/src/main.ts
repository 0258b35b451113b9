// The bundled server's entry: an LSP connection over stdio (default), --node-ipc or --socket=N.
// Start-up (issue 19): this module and what it imports are light (LSP and the capabilities); it answers
// `initialize` at once, then loads the server with the linter (server.js, a chunk of its own in the
// bundle) while the client's next messages wait in the start gate.
import { createConnection, ProposedFeatures, type InitializeParams } from 'vscode-languageserver/node.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initializeResult } from './capabilities.js';
import { earlyConnection } from './early-connection.js';
import { EARLY_START, type EarlyStart } from './early-initialize.js';
import { startGate } from './start-gate.js';

let docsBase: string | undefined | null = null;
/** A file URL of the docs/rules pages when they sit beside the bundle (a checkout, an installed tarball): hovers link to them. */
function ruleDocsBase(): string | undefined {
  if (docsBase !== null) return docsBase;
  docsBase = undefined;
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const up of ['..', '../..', '../../..']) {
      const dir = join(here, up, 'docs', 'rules');
      if (existsSync(join(dir, 'unknown-field.md'))) return (docsBase = pathToFileURL(dir).href + '/');
    }
  } catch {
    /* no pages: hovers name them without a link */
  }
  return docsBase;
}

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
const gate = startGate();
// The bundled entry may have answered `initialize` before loading this module (early-initialize.ts).
const early = (globalThis as { [EARLY_START]?: EarlyStart })[EARLY_START];
const connection = early ? earlyConnection(early, gate) : createConnection(ProposedFeatures.all, { messageStrategy: gate });
// A bug of ours must not take the editor's server down: log and go on.
process.on('uncaughtException', (e) => connection.console.error(`esql-lint: uncaught ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`esql-lint: unhandled ${(e as Error)?.stack ?? String(e)}`));

async function load(params: InitializeParams): Promise<void> {
  try {
    const { startServer } = await import('./server.js');
    startServer(connection, { ...(ruleDocsBase() ? { ruleDocsBase: ruleDocsBase() } : {}), answeredInitialize: params });
  } catch (e) {
    connection.console.error(`esql-lint: the server did not start: ${(e as Error)?.stack ?? String(e)}`);
  } finally {
    gate.open();
  }
}

connection.onInitialize((params) => {
  // After the answer is written: loading the server takes the thread for a while (synchronously, from the
  // code cache). vscode-jsonrpc writes the answer from a setImmediate it schedules after this handler
  // returns, so ours waits one more turn of the event loop.
  setImmediate(() => setImmediate(() => void load(params)));
  return initializeResult;
});
connection.listen();
// The entry left stdin paused with what it read put back: the connection's reader listens now.
if (early?.transport === 'stdio') process.stdin.resume();
