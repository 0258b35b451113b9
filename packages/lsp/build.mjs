// Bundles the language server into one self-contained file (dist/esql-lint-lsp.mjs): every workspace package
// from its sources and the schema data embedded, as the CLI bundle does, so it runs without node_modules.
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';
import { precompiledRuleValidators } from '../linter/build/precompile-rule-validators.mjs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';

const here = (p) => new URL(p, import.meta.url).pathname;

export const SERVER_BUNDLE = here('./dist/esql-lint-lsp.mjs');

/**
 * Builds the server bundle (tests build their own copy elsewhere), with THIRD-PARTY-LICENSES.txt beside it;
 * returns esbuild's metafile (what it embedded).
 */
export async function buildServer(outfile = SERVER_BUNDLE) {
  const result = await build({
    entryPoints: [here('./src/main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // VS Code 1.82's extension host runs Node 18.
    target: 'node18',
    conditions: ['source'],
    plugins: [embedSchemaData, precompiledRuleValidators],
    sourcemap: false,
    legalComments: 'none',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  });
  writeThirdPartyLicenses(result.metafile, join(dirname(outfile), THIRD_PARTY_FILE));
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer();
