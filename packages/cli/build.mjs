// Builds the `esql-lint` package into dist/, self-contained (no runtime dependency):
// - one CommonJS bundle, dist/chunks/esql-lint-<hash>.cjs, of the CLI, the language server and the library API
//   (their code and the schema data, embedded and loaded on first use, ship once; the large data in the file's
//   data section, after the code, read when used: build/data-section.mjs), and the entries
//   esql-lint.mjs (the CLI), esql-lint-lsp.mjs (the language server) and index.mjs (the library API), which
//   load it through V8's code cache (chunks/load.mjs, scripts/code-cache.mjs: issue 19, start-up), and esql-lint.cjs,
//   the CLI as bin/esql-lint.js runs it: CommonJS, through chunks/load.cjs (no ES module loader at start);
// - index.d.ts: the library's type declarations in one file (rollup-plugin-dts over the packages' tsc output;
//   `--no-types` skips it, for tests that only run the CLI);
// - THIRD-PARTY-LICENSES.txt: the licences of the npm packages the bundles embed.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { embedSchemaDataWith } from '../schema/esbuild-embed-data.mjs';
import { precompiledRuleValidators } from '../linter/build/precompile-rule-validators.mjs';
import { lazyLanguages } from '../linter/build/lazy-languages.mjs';
import { fdirNoPicomatch } from './build/fdir-no-picomatch.mjs';
import { lazyYaml } from './build/lazy-yaml.mjs';
import { dataSection } from './build/data-section.mjs';
import { lazyImports } from './build/lazy-imports.mjs';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from '../../scripts/third-party-licenses.mjs';
import { commonjsEntry, entryModule, prepareBundle, writeBundles, writeEntry } from '../../scripts/cached-bundle.mjs';
import { serverEntryModule } from '../lsp/build.mjs';
import { lazyPackages } from '../lsp/lazy-packages.mjs';
import { lazyReferenceParser } from '../../scripts/lazy-reference-parser.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const version = JSON.parse(readFileSync(here('./package.json'), 'utf8')).version;

/**
 * The bundle's entry: the library, the CLI and the server as modules evaluated on demand (the bundle is
 * shared; each entry module runs one of them). The library is a `require`, evaluated on the call: a CLI
 * run evaluates only what the CLI imports (with lazy-languages: only the parsers of the rules it lints).
 */
const BUNDLE_ENTRY = `export const library = () => require(${JSON.stringify(here('./src/index.ts'))});
export const runBin = () => import(${JSON.stringify(here('./src/bin.ts'))});
export const runServer = () => import(${JSON.stringify(here('../lsp/src/main.ts'))});
`;

const LINTER_INDEX = here('../linter/src/index.ts');

/**
 * The CLI's own instance of the linter's index module (issue 19, start-up). The index re-exports every module
 * of the linter, and the library (in the same bundle) uses them all, so evaluating that one index evaluates
 * the formatter and the ES|QL analysis with their parsers and definitions. The CLI's modules import a copy
 * of the index instead (same text less the ES|QL analysis API, same modules behind it; the package is free of
 * side effects), from which esbuild keeps only the named re-exports the CLI uses (it keeps every `export *`): a
 * lint evaluates the language modules its rules need. A CLI module that imports a name left out fails the build.
 */
const cliLinterIndex = {
  name: 'cli-linter-index',
  setup(build) {
    // The lint path's modules (format-command.ts, imported on use, takes the whole index).
    const cliModule = /[\\/]packages[\\/]cli[\\/]src[\\/](?!index\.ts$|format-command\.ts$)/;
    build.onResolve({ filter: /^@esql-lint\/linter$/ }, (args) =>
      cliModule.test(args.importer) ? { path: 'packages/linter/src/index.ts', namespace: 'cli-linter-index', sideEffects: false } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'cli-linter-index' }, () => {
      const text = readFileSync(LINTER_INDEX, 'utf8');
      const esql = "export * from './esql/index.js';\n";
      if (!text.includes(esql)) throw new Error(`cli-linter-index: ${LINTER_INDEX} no longer has the line ${esql}`);
      return { contents: text.replace(esql, ''), loader: 'ts', resolveDir: dirname(LINTER_INDEX) };
    });
  },
};

/**
 * The CLI entry's first statement: V8's tier-up budget (issue 19, the whole-corpus run). V8 optimises a
 * function with TurboFan once it has run about 66 KB of bytecode (Node 20's --interrupt-budget). Linting a
 * few thousand rules sends hundreds of functions past that early, while their type feedback still changes,
 * so many were compiled two to four times; those compiles ran on V8's background threads, ~1.8 s of CPU
 * over the corpus against ~1.5 s for the main thread, on the same two cores. With 500 KB they took ~0.5 s.
 * Set before the bundle loads, so the code cache is written and read under the same flags (V8 rejects data
 * made under other flags) and worker threads (the entry again) agree; not when the user set the flag.
 * Only the CLI: the language server and the library keep V8's defaults.
 */
const TIERING_STATEMENT =
  "if (!/interrupt[-_]budget/.test(`${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`)) setFlagsFromString('--interrupt-budget=500000');\n";
/** The same statement in both CLI entries (they share the code cache entry 'cli': the flags must agree). */
const CLI_TIERING = "import { setFlagsFromString } from 'node:v8';\n" + TIERING_STATEMENT;
const CLI_TIERING_CJS = "const { setFlagsFromString } = require('node:v8');\n" + TIERING_STATEMENT;

/** Bundles the CLI, the server and the library into `outDir`. */
export async function buildBundles(outDir = here('./dist')) {
  // The large JSON texts (schema data, ES|QL definitions) go to the bundle's data section, read when used.
  const section = dataSection();
  const result = await build({
    stdin: { contents: BUNDLE_ENTRY, resolveDir: here('.'), sourcefile: 'esql-lint-bundle.ts', loader: 'ts' },
    outfile: join(outDir, 'chunks', 'esql-lint.cjs'),
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    conditions: ['source'],
    // lazyPackages: the language server's start-up, as packages/lsp builds it (the parsers and the ES|QL analysis on first use);
    // lazyReferenceParser: Chevrotain when the EQL reference parser is first needed.
    plugins: [embedSchemaDataWith({ text: section.text }), section.plugin, precompiledRuleValidators, lazyLanguages, cliLinterIndex, fdirNoPicomatch, lazyYaml, lazyImports, lazyPackages, lazyReferenceParser],
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    // The entry module's URL, which the loader passes in (worker script, build id, docs beside the bundle).
    define: { __ESQL_LINT_VERSION__: JSON.stringify(version), 'import.meta.url': '__esqlLintEntryUrl' },
    logLevel: 'warning',
  });
  mkdirSync(outDir, { recursive: true });
  writeThirdPartyLicenses(result.metafile, join(outDir, THIRD_PARTY_FILE));
  const { code, data } = section.finish(result.outputFiles[0].text);
  const prepared = prepareBundle('esql-lint', code, data);
  writeBundles(join(outDir, 'chunks'), [prepared], { commonjs: true });
  const bundle = prepared.file;
  // The library's export names, from the bundle itself (evaluated here, as a library user's import does).
  const { loadBundle } = await import(join(outDir, 'chunks', 'load.mjs'));
  const names = Object.keys(loadBundle(join(outDir, 'chunks', bundle), pathToFileURL(join(outDir, 'index.mjs')).href).exports.library()).sort();
  writeEntry(
    join(outDir, 'esql-lint.mjs'),
    entryModule('The esql-lint CLI (also its own worker script for --concurrency).', 'chunks', bundle, "process.once('exit', saveCodeCaches);\nbundle.exports.runBin();", 'cli', CLI_TIERING),
  );
  // What bin/esql-lint.js runs: the same, as CommonJS (no ES module loader at start; issue 19). Its worker threads
  // run esql-lint.mjs, the bundle's import.meta.url either way.
  writeEntry(
    join(outDir, 'esql-lint.cjs'),
    commonjsEntry('The esql-lint CLI, as bin/esql-lint.js starts it.', 'chunks', bundle, "process.once('exit', saveCodeCaches);\nbundle.exports.runBin();", 'cli', 'esql-lint.mjs', CLI_TIERING_CJS),
  );
  // The server's entry answers initialize before it loads the bundle, as packages/lsp's (serverEntryModule).
  writeEntry(
    join(outDir, 'esql-lint-lsp.mjs'),
    await serverEntryModule('chunks', bundle, {
      use: 'lsp',
      // A long-running process: the cache is written once the server has run a while (or at exit).
      body: 'bundle.exports.runServer().then(() => setTimeout(saveCodeCaches, 30000).unref());',
    }),
  );
  writeEntry(
    join(outDir, 'index.mjs'),
    entryModule('The esql-lint library API (types: index.d.ts).', 'chunks', bundle, `export const {\n  ${names.join(',\n  ')},\n} = bundle.exports.library();`, 'lib'),
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
