// The bundled server's entry: an LSP connection over stdio (default), --node-ipc or --socket=N.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer } from './server.js';

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
const connection = createConnection(ProposedFeatures.all);
// A bug of ours must not take the editor's server down: log and go on.
process.on('uncaughtException', (e) => connection.console.error(`esql-lint: uncaught ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`esql-lint: unhandled ${(e as Error)?.stack ?? String(e)}`));
startServer(connection, { ...(ruleDocsBase() ? { ruleDocsBase: ruleDocsBase() } : {}) });
