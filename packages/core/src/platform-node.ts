import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Platform } from './platform-types.js';

/** The platform of the CLI, the language server and the tests: Node's own functions. */
const node: Platform = {
  readTextFile: (path, gzip = false) => (gzip ? gunzipSync(readFileSync(path)).toString('utf8') : readFileSync(path, 'utf8')),
  fileExists: existsSync,
  isFile(path) {
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  readDirectory: (path) => readdirSync(path),
  resolve, dirname, basename, join, relative, isAbsolute, sep,
  isIP,
};

export const { readTextFile, fileExists, isFile, isDirectory, readDirectory } = node;
export { basename, dirname, isAbsolute, isIP, join, relative, resolve, sep };
export type { Platform } from './platform-types.js';
