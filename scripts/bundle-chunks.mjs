// Chunks of the esbuild bundles (code splitting): the chunk files a build wrote, and removal of the ones
// earlier builds left in the same directory (they would ship too).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Removes files of `chunksDir` that this build (its metafile) did not write. Called after the build, not
 * before, so a concurrent run of a bundle from the same directory never misses a chunk.
 */
export function removeStaleChunks(metafile, chunksDir) {
  const current = new Set(Object.keys(metafile.outputs).map((o) => basename(o)));
  for (const f of existsSync(chunksDir) ? readdirSync(chunksDir) : []) if (!current.has(f)) rmSync(join(chunksDir, f), { force: true });
}
