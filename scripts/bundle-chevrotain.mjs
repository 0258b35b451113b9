// Replaces a parser package's dist/chevrotain.js (tsc's output of src/chevrotain.ts, a plain
// `export * from 'chevrotain'`) with Chevrotain bundled into that one file.
//
// Why: Chevrotain's published entry is ~700 small ES modules (its own and lodash-es's); loading them
// costs a new process about 0.5 s of CPU, where the same code in one file loads in ~20 ms. The package
// imports Chevrotain only through ./chevrotain.js, so every module shares the one copy. If tsc emits the
// file again, it is the re-export: slower to start, same behaviour (never a stale parser).
//
//   node scripts/bundle-chevrotain.mjs packages/parser-esql
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

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

if (import.meta.url === `file://${resolve(process.argv[1] ?? '')}`) {
  for (const dir of process.argv.slice(2)) await bundleChevrotain(dir);
}
