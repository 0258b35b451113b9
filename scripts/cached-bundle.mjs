// Build side of the code-cached bundles (issue 19, start-up; scripts/code-cache.mjs is the run side).
// A build writes one CommonJS bundle, dist/chunks/<name>-<content hash>.cjs, ASCII only, the loader beside
// it (chunks/load.mjs), and small ES-module entries that load the bundle through the loader. The CLI's bin also has a
// CommonJS entry and loader (chunks/load.cjs, the same module compiled by esbuild): a process started by it never
// sets up Node's ES module loader (~4 ms of CPU at every start; issue 19).
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { dirname, join } from 'node:path';
import { dataTrailer, WRAPPER_HEAD, WRAPPER_TAIL } from './code-cache.mjs';

export const LOADER_SOURCE = new URL('./code-cache.mjs', import.meta.url).pathname;
export const LOADER = 'load.mjs';
/** The loader as CommonJS, beside it (writeBundles' `commonjs`). */
export const COMMONJS_LOADER = 'load.cjs';

/**
 * Every character outside ASCII as a `\uXXXX` escape. esbuild already escapes strings, template literals
 * and regular expressions; what is left is in comments (and the escape means the same in any of those).
 * An ASCII file is a one-byte string for V8: read, scanned and cached at half the cost of a two-byte one.
 */
export const asciiOnly = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Writes `path` by a rename, so a process running the old build never reads a half-written file. */
function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * A bundle to write: esbuild's CommonJS output `text` as ASCII, already in the loader's function wrapper
 * (code-cache.mjs WRAPPER_HEAD/TAIL: the file is the script V8 compiles), named `name`-<content hash>.cjs.
 * `data` (optional, ASCII): the bundle's data section (code-cache.mjs DATA_TRAILER), after the code.
 */
export function prepareBundle(name, text, data = '') {
  if (/[^\x00-\x7f]/.test(data)) throw new Error(`${name}: the data section must be ASCII`);
  const ascii = `${WRAPPER_HEAD}${asciiOnly(text)}${WRAPPER_TAIL}${data ? `${data}${dataTrailer(data.length)}` : ''}`;
  return { file: `${name}-${createHash('sha256').update(ascii).digest('hex').slice(0, 12)}.cjs`, text: ascii };
}

/**
 * Writes the `bundles` (prepareBundle's) into `chunksDir` with the loader beside them (`commonjs`: its CommonJS
 * form too, for commonjsEntry), and removes the files of earlier builds there (after writing: a concurrent run
 * finds its files until then).
 */
export function writeBundles(chunksDir, bundles, { commonjs = false } = {}) {
  mkdirSync(chunksDir, { recursive: true });
  for (const b of bundles) writeAtomic(join(chunksDir, b.file), b.text);
  const tmp = join(chunksDir, `${LOADER}.${process.pid}.tmp`);
  copyFileSync(LOADER_SOURCE, tmp);
  renameSync(tmp, join(chunksDir, LOADER));
  if (commonjs) writeAtomic(join(chunksDir, COMMONJS_LOADER), commonjsLoader());
  const keep = new Set([LOADER, ...(commonjs ? [COMMONJS_LOADER] : []), ...bundles.map((b) => b.file)]);
  for (const f of existsSync(chunksDir) ? readdirSync(chunksDir) : []) {
    if (!keep.has(f) && !f.endsWith('.tmp')) rmSync(join(chunksDir, f), { force: true });
  }
}

/**
 * An entry module's text: loads `chunks`/`bundle` (both relative to the entry) and runs `body` (`bundle`,
 * `saveCodeCaches` in scope); `use` names its code cache entry where entries share a bundle; `prelude`
 * (optional) runs before the bundle is loaded.
 */
export function entryModule(comment, chunks, bundle, body, use, prelude = '') {
  return asciiOnly(
    `// ${comment}\n` +
      `// The code is ${chunks}/${bundle}, loaded through V8's code cache by ${chunks}/${LOADER} (issue 19, start-up).\n` +
      `import { beside, loadBundle, saveCodeCaches } from './${chunks}/${LOADER}';\n` +
      prelude +
      `const bundle = loadBundle(beside(import.meta.url, './${chunks}/${bundle}'), import.meta.url${use ? `, { use: ${JSON.stringify(use)} }` : ''});\n` +
      `${body}\n`,
  );
}

/** The loader (code-cache.mjs) as a CommonJS module: the same code, compiled by esbuild. */
export function commonjsLoader() {
  const { code } = transformSync(readFileSync(LOADER_SOURCE, 'utf8'), { format: 'cjs', platform: 'node', target: 'node20', sourcefile: 'load.mjs', logLevel: 'warning' });
  return asciiOnly(`// scripts/code-cache.mjs as CommonJS (built from it; see load.mjs beside this file).\n${code}`);
}

/**
 * A CommonJS entry's text, as entryModule's, through the CommonJS loader (chunks/load.cjs): it loads `chunks`/`bundle`
 * and runs `body`. The bundle sees the ES-module entry `esmEntry` beside it as `import.meta.url` (its worker script,
 * its build id, the files beside it), exactly as when that entry loads it.
 */
export function commonjsEntry(comment, chunks, bundle, body, use, esmEntry, prelude = '') {
  return asciiOnly(
    `// ${comment}\n` +
      `// The code is ${chunks}/${bundle}, loaded through V8's code cache by ${chunks}/${COMMONJS_LOADER} (issue 19, start-up).\n` +
      `'use strict';\n` +
      `const { join } = require('node:path');\n` +
      `const { pathToFileURL } = require('node:url');\n` +
      `const { loadBundle, saveCodeCaches } = require('./${chunks}/${COMMONJS_LOADER}');\n` +
      prelude +
      `const bundle = loadBundle(join(__dirname, ${JSON.stringify(chunks)}, ${JSON.stringify(bundle)}), pathToFileURL(join(__dirname, ${JSON.stringify(esmEntry)})).href${use ? `, { use: ${JSON.stringify(use)} }` : ''});\n` +
      `${body}\n`,
  );
}

export const writeEntry = (path, text) => writeAtomic(path, text);
