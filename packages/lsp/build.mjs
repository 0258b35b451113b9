// Bundles the language server into one self-contained file (dist/esql-lint-lsp.mjs): every workspace package
// from its sources and the schema data embedded, as the CLI bundle does, so it runs without node_modules.
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';
import { fileURLToPath } from 'node:url';

const here = (p) => new URL(p, import.meta.url).pathname;

export const SERVER_BUNDLE = here('./dist/esql-lint-lsp.mjs');

/** Builds the server bundle (tests build their own copy elsewhere). */
export async function buildServer(outfile = SERVER_BUNDLE) {
  await build({
    entryPoints: [here('./src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // VS Code 1.82's extension host runs Node 18.
    target: 'node18',
    conditions: ['source'],
    plugins: [embedSchemaData],
    sourcemap: false,
    legalComments: 'none',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer();
