// The parser packages' start-up (issue 19): run after tsc, on each parser package's dist/.
//
// 1. dist/index.js, the package's entry, becomes the whole package in one ES module: its own modules, the
//    parts of @esql-lint/core it uses, Chevrotain and (ES|QL) the few @elastic/esql-definitions tables, with
//    dist/THIRD-PARTY-LICENSES.txt for the npm packages it embeds. Why: a new process that imports the
//    package resolved, read and compiled 35-40 ES modules (the package's, core's, esql-definitions' and the
//    package.json files their resolution reads); one file costs it ~20-25 ms less CPU (A/B in
//    /work/notes/issue-19-start-s6.md). Built from src/ with esbuild, as the esql-lint bundle is; the exports
//    and the declarations (tsc's dist/*.d.ts) are unchanged.
// 2. dist/chevrotain.js (tsc's output of src/chevrotain.ts, a plain `export * from 'chevrotain'`) becomes
//    Chevrotain bundled into that one file. It serves tsc's own dist/*.js, which the entry no longer imports:
//    if `tsc -b` alone re-emits index.js (the re-export of the package's modules), the package still loads
//    Chevrotain from one file, not from its published entry of ~700 small modules (its own and lodash-es's,
//    ~0.5 s of CPU for a new process).
//
// After editing a parser's sources, run this again (`npm run build` does): `tsc -b` alone re-emits the
// changed modules, but not the entry built from them.
//
//   node scripts/bundle-chevrotain.mjs packages/parser-esql
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { THIRD_PARTY_FILE, writeThirdPartyLicenses } from './third-party-licenses.mjs';

export async function bundleChevrotain(dir) {
  if (!existsSync(join(dir, 'src/chevrotain.ts'))) throw new Error(`${dir}: no src/chevrotain.ts`);
  await build({
    stdin: { contents: "export * from 'chevrotain';", resolveDir: resolve(dir), sourcefile: 'chevrotain.js' },
    outfile: join(dir, 'dist/chevrotain.js'),
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

/** Writes `dir`/dist/index.js as the whole package in one ES module (see the top of this file). */
export async function bundleEntry(dir) {
  const entry = join(dir, 'src/index.ts');
  if (!existsSync(entry)) throw new Error(`${dir}: no src/index.ts`);
  const result = await build({
    entryPoints: [entry],
    outfile: join(dir, 'dist/index.js'),
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Our workspace packages by their sources (as every bundle of this repository takes them).
    conditions: ['source'],
    tsconfig: join(dir, 'tsconfig.json'),
    metafile: true,
    legalComments: 'eof',
    logLevel: 'warning',
  });
  // tsc's map of its own index.js would describe another file.
  rmSync(join(dir, 'dist/index.js.map'), { force: true });
  writeThirdPartyLicenses(result.metafile, join(dir, 'dist', THIRD_PARTY_FILE));
}

if (import.meta.url === `file://${resolve(process.argv[1] ?? '')}`) {
  for (const dir of process.argv.slice(2)) {
    await bundleChevrotain(dir);
    await bundleEntry(dir);
  }
}
