// The bundled server's entry: an LSP connection over stdio (default), --node-ipc or --socket=N.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.js';

if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
const connection = createConnection(ProposedFeatures.all);
// A bug of ours must not take the editor's server down: log and go on.
process.on('uncaughtException', (e) => connection.console.error(`esql-lint: uncaught ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`esql-lint: unhandled ${(e as Error)?.stack ?? String(e)}`));
startServer(connection);
