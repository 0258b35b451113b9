import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Platform } from './platform-types.js';

// node:zlib and node:net are loaded on first use: a run whose checkout data is kept (derived) and that checks
// no URL never loads them (a few ms of every start; issue 19, start-up).
const nodeRequire = createRequire(import.meta.url);
let zlib: typeof import('node:zlib') | undefined;
let net: typeof import('node:net') | undefined;
const gunzipSync = (b: Buffer): Buffer => (zlib ??= nodeRequire('node:zlib') as typeof import('node:zlib')).gunzipSync(b);
const isIP = (s: string): number => (net ??= nodeRequire('node:net') as typeof import('node:net')).isIP(s);

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
  fileStamp(path) {
    try {
      const s = statSync(path);
      return Date.now() - s.mtimeMs < RECENT_MS ? undefined : `${s.size}:${s.mtimeMs}:${s.ino}`;
    } catch {
      return undefined;
    }
  },
  readDerived(key) {
    const file = derivedFile(key);
    if (!file) return undefined;
    try {
      const text = readFileSync(file, 'utf8');
      const nl = text.indexOf('\n');
      // The key is stored on the first line: a file of another key (never expected) is not taken.
      return text.slice(0, nl) === JSON.stringify(key) ? text.slice(nl + 1) : undefined;
    } catch {
      return undefined;
    }
  },
  writeDerived(key, text) {
    const file = derivedFile(key);
    if (!file) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(key)}\n${text}`);
      renameSync(tmp, file);
    } catch {
      /* read-only or full: derive again next time */
    }
  },
};

/** A file changed this recently (ms) is not stamped: a second change within the clock's tick would not show. */
const RECENT_MS = 3000;

/**
 * The start-up cache directory (as scripts/code-cache.mjs, which keeps V8's code cache there): ESQL_LINT_CODE_CACHE
 * (`off` for none), else the user's cache directory; derived data in its `derived/`.
 */
function derivedFile(key: string): string | undefined {
  const set = process.env.ESQL_LINT_CODE_CACHE;
  let dir: string | undefined;
  if (set) dir = /^(off|0|false|no)$/i.test(set) ? undefined : set;
  else if (process.platform === 'win32') dir = process.env.LOCALAPPDATA ? join(process.env.LOCALAPPDATA, 'esql-lint', 'code-cache') : undefined;
  else if (process.platform === 'darwin') dir = join(homedir(), 'Library', 'Caches', 'esql-lint', 'code-cache');
  else dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'esql-lint', 'code-cache');
  return dir ? join(dir, 'derived', `${keyHash(key)}.json`) : undefined;
}

/**
 * A 64-bit hash of `key` as 16 hex digits, the name of its derived file (two 32-bit multiply-xorshift lanes over
 * its UTF-16 code units). Not node:crypto: a run inside a checkout reads derived files, and loading node:crypto
 * cost a few ms of every start (issue 19). A collision costs a miss, never wrong data: the file holds its key.
 */
function keyHash(key: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 16;
  return (b >>> 0).toString(16).padStart(8, '0') + (a >>> 0).toString(16).padStart(8, '0');
}

export const { readTextFile, fileExists, isFile, isDirectory, readDirectory, fileStamp, readDerived, writeDerived } = node;
export { basename, dirname, isAbsolute, isIP, join, relative, resolve, sep };
export type { Platform } from './platform-types.js';
