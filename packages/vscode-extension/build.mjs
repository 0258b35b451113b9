// Bundles the extension (dist/extension.cjs, `vscode` left external) and puts the language server
// bundle beside it (server/esql-lint-lsp.mjs), so the extension needs no node_modules.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildServer } from '../lsp/build.mjs';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Builds into `outDir` (default dist/): extension.cjs, server/esql-lint-lsp.mjs, and THIRD-PARTY-LICENSES.txt
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
  // One file: the extension ships dist/server/esql-lint-lsp.mjs alone.
  const server = await buildServer(join(outDir, 'server/esql-lint-lsp.mjs'), { split: false });
  writeThirdPartyLicenses({ inputs: { ...client.metafile.inputs, ...server.inputs } }, join(outDir, THIRD_PARTY_FILE));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildExtension();
