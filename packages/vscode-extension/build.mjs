// Bundles the extension (dist/extension.cjs, `vscode` left external) and puts the language server
// bundles beside it (server/esql-lint-lsp.mjs and server/chunks/), so the extension needs no node_modules.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildServer } from '../lsp/build.mjs';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Builds into `outDir` (default dist/): extension.cjs, server/esql-lint-lsp.mjs with server/chunks/, and THIRD-PARTY-LICENSES.txt
 * for both bundles.
 */
export async function buildExtension(outDir = here('./dist')) {
  const client = await build({
    entryPoints: [here('./src/extension.ts')],
    outfile: join(outDir, 'extension.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  // The server as the lsp package builds it (issue 19, start-up): its entry, and its chunks loaded through
  // V8's code cache (dist/server/chunks), which the first start writes and every later start uses.
  const server = await buildServer(join(outDir, 'server/esql-lint-lsp.mjs'));
  writeThirdPartyLicenses({ inputs: { ...client.metafile.inputs, ...server.inputs } }, join(outDir, THIRD_PARTY_FILE));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildExtension();
