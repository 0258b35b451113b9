// Builds the `esql-lint` package into dist/, self-contained (no runtime dependency):
// - one CommonJS bundle, dist/chunks/esql-lint-<hash>.cjs, of the CLI, the language server and the library API
//   (their code and the schema data, embedded and loaded on first use, ship once), and the entries
//   esql-lint.mjs (the CLI), esql-lint-lsp.mjs (the language server) and index.mjs (the library API), which
//   load it through V8's code cache (chunks/load.mjs, scripts/code-cache.mjs: issue 19, start-up);
// - index.d.ts: the library's type declarations in one file (rollup-plugin-dts over the packages' tsc output;
//   `--no-types` skips it, for tests that only run the CLI);
// - THIRD-PARTY-LICENSES.txt: the licences of the npm packages the bundles embed.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';
import { precompiledRuleValidators } from '../linter/build/precompile-rule-validators.mjs';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';
import { entryModule, prepareBundle, writeBundles, writeEntry } from '../../scripts/cached-bundle.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const version = JSON.parse(readFileSync(here('./package.json'), 'utf8')).version;

/**
 * The bundle's entry: the library's exports, and the CLI and the server as modules evaluated on demand (the
 * bundle is shared; each entry module runs one of them).
 */
const BUNDLE_ENTRY = `export * from ${JSON.stringify(here('./src/index.ts'))};
export const runBin = () => import(${JSON.stringify(here('./src/bin.ts'))});
export const runServer = () => import(${JSON.stringify(here('../lsp/src/main.ts'))});
`;

/** Bundles the CLI, the server and the library into `outDir`. */
export async function buildBundles(outDir = here('./dist')) {
  const result = await build({
    stdin: { contents: BUNDLE_ENTRY, resolveDir: here('.'), sourcefile: 'esql-lint-bundle.ts', loader: 'ts' },
    outfile: join(outDir, 'chunks', 'esql-lint.cjs'),
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['source'],
    plugins: [embedSchemaData, precompiledRuleValidators],
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    // The entry module's URL, which the loader passes in (worker script, build id, docs beside the bundle).
    define: { __ESQL_LINT_VERSION__: JSON.stringify(version), 'import.meta.url': '__esqlLintEntryUrl' },
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  writeThirdPartyLicenses(result.metafile, join(outDir, THIRD_PARTY_FILE));
  const prepared = prepareBundle('esql-lint', result.outputFiles[0].text);
  writeBundles(join(outDir, 'chunks'), [prepared]);
  const bundle = prepared.file;
  // The library's export names, from the bundle itself (evaluated here, as a library user's import does).
  const { loadBundle } = await import(join(outDir, 'chunks', 'load.mjs'));
  const names = Object.keys(loadBundle(join(outDir, 'chunks', bundle), pathToFileURL(join(outDir, 'index.mjs')).href).exports)
    .filter((n) => n !== 'runBin' && n !== 'runServer')
    .sort();
  writeEntry(
    join(outDir, 'esql-lint.mjs'),
    entryModule('The esql-lint CLI (also its own worker script for --concurrency).', 'chunks', bundle, "process.once('exit', saveCodeCaches);\nbundle.exports.runBin();", 'cli'),
  );
  writeEntry(
    join(outDir, 'esql-lint-lsp.mjs'),
    entryModule(
      'The esql-lint language server over stdio (or --node-ipc / --socket=N).',
      'chunks',
      bundle,
      "process.once('exit', saveCodeCaches);\n// A long-running process: the cache is written once the server has run a while (or at exit).\nbundle.exports.runServer().then(() => setTimeout(saveCodeCaches, 30000).unref());",
      'lsp',
    ),
  );
  writeEntry(
    join(outDir, 'index.mjs'),
    entryModule('The esql-lint library API (types: index.d.ts).', 'chunks', bundle, `export const {\n  ${names.join(',\n  ')},\n} = bundle.exports;`, 'lib'),
  );
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
