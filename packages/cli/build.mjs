// Builds the `esql-lint` package into dist/, self-contained (no runtime dependency):
// - esql-lint.mjs (the CLI), esql-lint-lsp.mjs (the language server) and index.mjs (the library API), bundled
//   together by esbuild with code splitting, so the code and the schema data they share (embedded, loaded on
//   first use) ship once, in dist/chunks/;
// - index.d.ts: the library's type declarations in one file (rollup-plugin-dts over the packages' tsc output;
//   `--no-types` skips it, for tests that only run the CLI);
// - THIRD-PARTY-LICENSES.txt: the licences of the npm packages the bundles embed.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';
import { precompiledRuleValidators } from '../linter/build/precompile-rule-validators.mjs';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';
import { removeStaleChunks } from '../../scripts/bundle-chunks.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const version = JSON.parse(readFileSync(here('./package.json'), 'utf8')).version;

/** Bundles the CLI, the server and the library into `outDir`. */
export async function buildBundles(outDir = here('./dist')) {
  const result = await build({
    entryPoints: {
      'esql-lint': here('./src/bin.ts'),
      'esql-lint-lsp': here('../lsp/src/main.ts'),
      index: here('./src/index.ts'),
    },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    plugins: [embedSchemaData, precompiledRuleValidators],
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    define: { __ESQL_LINT_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  writeThirdPartyLicenses(result.metafile, `${outDir}/${THIRD_PARTY_FILE}`);
  // Chunks of earlier builds would be shipped too (tests build and run the CLI from dist/ concurrently).
  removeStaleChunks(result.metafile, `${outDir}/chunks`);
}

/** Bundles the library's declarations (from the packages' tsc output in dist/) into `outDir`/index.d.ts. */
export async function buildTypes(outDir = here('./dist')) {
  const [{ rollup }, { dts }] = await Promise.all([import('rollup'), import('rollup-plugin-dts')]);
  const bundle = await rollup({
    input: here('./dist/tsc/index.d.ts'),
    plugins: [
      dts({
        // Resolve our packages to their declarations (the `types` condition), and inline them.
        respectExternal: true,
        compilerOptions: { module: 199 /* NodeNext */, moduleResolution: 99 /* NodeNext */, customConditions: [] },
      }),
    ],
    // Node's own modules stay imports: @types/node is what a TypeScript user of a Node library has.
    external: (id) => id.startsWith('node:'),
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
    },
  });
  mkdirSync(outDir, { recursive: true });
  await bundle.write({ file: `${outDir}/index.d.ts`, format: 'es' });
  await bundle.close();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Tests that run the binary under faults build their own copy (ESQL_LINT_CLI_OUTFILE=<dir>/esql-lint.mjs),
  // so no test reads a bundle another test is rewriting; the types are not needed there.
  const outfile = process.env.ESQL_LINT_CLI_OUTFILE;
  if (outfile && basename(outfile) !== 'esql-lint.mjs') throw new Error('ESQL_LINT_CLI_OUTFILE must name a file esql-lint.mjs');
  await buildBundles(outfile ? dirname(outfile) : undefined);
  if (!outfile && !process.argv.includes('--no-types')) await buildTypes();
}
