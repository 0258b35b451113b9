// Builds the playground into one static folder (default packages/playground/dist; `--out DIR`): index.html,
// playground.css, playground.js (the page: CodeMirror 6 and the UI) and worker.js (the language service,
// linter, parsers and schema bundle, built for browsers). No server code: any static host serves it.
// Fails when the browser bundles would import a Node built-in. Prints the files and their gzip sizes.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BUILTIN = new RegExp(`^(node:.*|${builtinModules.join('|')})(/.*)?$`);

/** esbuild plugin: a Node built-in imported by the browser bundles is a build error, naming the importer. */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: BUILTIN }, (args) => ({ errors: [{ text: `${relative(process.cwd(), args.importer)} imports the Node built-in ${args.path}: the browser build has no Node API (see @esql-lint/core/platform)` }] }));
  },
};

/** Builds the page into `outDir`; returns the files written with their sizes. */
export async function buildPlayground(outDir = join(here, 'dist'), { minify = true } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true, platform: 'browser', format: 'esm', target: 'es2022', conditions: ['source'], minify, sourcemap: false,
    legalComments: 'none', logLevel: 'warning', metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  // The example menu's texts: the project's own examples/ files (examples.json lists them).
  const examples = JSON.parse(readFileSync(join(here, 'src/examples.json'), 'utf8'));
  const texts = Object.fromEntries(examples.map((e) => [e.file, readFileSync(join(here, '../..', e.file), 'utf8')]));
  const results = await Promise.all([
    build({ ...common, entryPoints: { playground: join(here, 'src/main.ts') }, outdir: outDir, plugins: [noNodeBuiltins], define: { ...common.define, __EXAMPLE_TEXTS__: JSON.stringify(texts) } }),
    build({ ...common, entryPoints: { worker: join(here, 'src/worker.ts') }, outdir: outDir, plugins: [embedSchemaData, noNodeBuiltins] }),
  ]);
  copyFileSync(join(here, 'src/index.html'), join(outDir, 'index.html'));
  copyFileSync(join(here, 'src/playground.css'), join(outDir, 'playground.css'));
  copyFileSync(join(here, '../../NOTICE'), join(outDir, 'NOTICE'));
  const files = ['index.html', 'playground.css', 'playground.js', 'worker.js'].map((name) => {
    const bytes = readFileSync(join(outDir, name));
    return { name, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = { bytes: files.reduce((s, f) => s + f.bytes, 0), gzip: files.reduce((s, f) => s + f.gzip, 0) };
  writeFileSync(join(outDir, 'size.json'), `${JSON.stringify({ files, total }, null, 2)}\n`);
  return { outDir, files, total, metafiles: results.map((r) => r.metafile) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  const { outDir, files, total } = await buildPlayground(i > 0 ? process.argv[i + 1] : undefined);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of files) console.log(`${f.name.padEnd(16)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzip).padStart(9)}`);
  console.log(`${'total'.padEnd(16)} ${kb(total.bytes).padStart(10)}  gzip ${kb(total.gzip).padStart(9)}`);
  console.log(`playground built in ${relative(process.cwd(), outDir) || '.'}: serve it with any static file server`);
}
