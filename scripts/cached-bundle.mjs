// Build side of the code-cached bundles (issue 19, start-up; scripts/code-cache.mjs is the run side).
// A build writes one CommonJS bundle, dist/chunks/<name>-<content hash>.cjs, ASCII only, the loader beside
// it (chunks/load.mjs), and small ES-module entries that load the bundle through the loader.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export const LOADER_SOURCE = new URL('./code-cache.mjs', import.meta.url).pathname;
export const LOADER = 'load.mjs';

/**
 * Every character outside ASCII as a `\uXXXX` escape. esbuild already escapes strings, template literals
 * and regular expressions; what is left is in comments (and the escape means the same in any of those).
 * An ASCII file is a one-byte string for V8: read, scanned and cached at half the cost of a two-byte one.
 */
export const asciiOnly = (text) => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Writes `path` by a rename, so a process running the old build never reads a half-written file. */
function writeAtomic(path, text) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/**
 * Writes esbuild's CommonJS output `text` as `chunksDir`/`name`-<hash>.cjs with the loader beside it,
 * removes the files of earlier builds there (after writing: a concurrent run finds its files until then),
 * and returns the bundle's file name.
 */
export function writeCachedBundle(chunksDir, name, text) {
  mkdirSync(chunksDir, { recursive: true });
  const ascii = asciiOnly(text);
  const file = `${name}-${createHash('sha256').update(ascii).digest('hex').slice(0, 12)}.cjs`;
  writeAtomic(join(chunksDir, file), ascii);
  copyFileSync(LOADER_SOURCE, join(chunksDir, `${LOADER}.${process.pid}.tmp`));
  renameSync(join(chunksDir, `${LOADER}.${process.pid}.tmp`), join(chunksDir, LOADER));
  for (const f of existsSync(chunksDir) ? readdirSync(chunksDir) : []) {
    if (f !== file && f !== LOADER && !f.endsWith('.tmp')) rmSync(join(chunksDir, f), { force: true });
  }
  return file;
}

/** An entry module's text: loads `chunks`/`bundle` (both relative to the entry) and runs `body` (`bundle` in scope). */
export function entryModule(comment, chunks, bundle, body) {
  return asciiOnly(
    `// ${comment}\n` +
      `// The code is ${chunks}/${bundle}, loaded through V8's code cache by ${chunks}/${LOADER} (issue 19, start-up).\n` +
      `import { beside, loadBundle } from './${chunks}/${LOADER}';\n` +
      `const bundle = loadBundle(beside(import.meta.url, './${chunks}/${bundle}'), import.meta.url);\n` +
      `${body}\n`,
  );
}

export const writeEntry = (path, text) => writeAtomic(path, text);
