// Bundles the language server, self-contained (dist/esql-lint-lsp.mjs and its chunks in dist/chunks/): every
// workspace package from its sources and the schema data embedded, as the CLI bundle does, so it runs without
// node_modules. Split (issue 19, start-up): the entry answers `initialize` and the linter is a chunk it loads then.
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';
import { precompiledRuleValidators } from '../linter/build/precompile-rule-validators.mjs';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';
import { removeStaleChunks } from '../../scripts/bundle-chunks.mjs';

const here = (p) => new URL(p, import.meta.url).pathname;

export const SERVER_BUNDLE = here('./dist/esql-lint-lsp.mjs');

/** The chunks directory beside a server bundle. */
export const SERVER_CHUNKS_DIR = 'chunks';

/**
 * Builds the server bundle (tests build their own copy elsewhere), its chunks in `chunks/` beside it, with
 * THIRD-PARTY-LICENSES.txt beside it; returns esbuild's metafile (what it embedded). `split: false` makes
 * one file (the VS Code extension ships one): the server modules are then evaluated after `initialize`
 * still, but compiled with the entry.
 */
export async function buildServer(outfile = SERVER_BUNDLE, { split = true } = {}) {
  if (!outfile.endsWith('.mjs')) throw new Error('buildServer: the bundle must be an .mjs file');
  const outdir = dirname(outfile);
  const result = await build({
    entryPoints: { [basename(outfile, '.mjs')]: here('./src/main.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    splitting: split,
    chunkNames: `${SERVER_CHUNKS_DIR}/[name]-[hash]`,
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
  writeThirdPartyLicenses(result.metafile, join(outdir, THIRD_PARTY_FILE));
  removeStaleChunks(result.metafile, join(outdir, SERVER_CHUNKS_DIR));
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer();
