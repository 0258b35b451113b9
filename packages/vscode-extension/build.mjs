// Bundles the extension (dist/extension.cjs, `vscode` left external) and puts the language server
// bundle beside it (server/esql-lint-lsp.mjs), so the extension needs no node_modules.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildServer } from '../lsp/build.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export async function buildExtension() {
  await build({
    entryPoints: [here('./src/extension.ts')],
    outfile: here('./dist/extension.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  await buildServer(here('./dist/server/esql-lint-lsp.mjs'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildExtension();
