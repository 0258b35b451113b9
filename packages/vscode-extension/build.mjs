// Bundles the extension (dist/extension.cjs, `vscode` left external) and puts the language server
// bundle beside it (server/esql-lint-lsp.mjs), so the extension needs no node_modules.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildServer } from '../lsp/build.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** Builds into `outDir` (default dist/): extension.cjs and server/esql-lint-lsp.mjs. */
export async function buildExtension(outDir = here('./dist')) {
  await build({
    entryPoints: [here('./src/extension.ts')],
    outfile: join(outDir, 'extension.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await buildServer(join(outDir, 'server/esql-lint-lsp.mjs'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildExtension();
