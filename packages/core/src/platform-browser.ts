import { isIP } from './ip.js';
import { basename, dirname, isAbsolute, join, relative, resolve } from './posix-path.js';
import type { Platform } from './platform-types.js';
import { virtualFiles } from './virtual-files.js';

function fault(code: string, message: string, path: string): Error {
  return Object.assign(new Error(`${code}: ${message}, open '${path}'`), { code, path });
}

/**
 * The platform of the web playground and other browser users: no Node API. Files are `virtualFiles`
 * (what the page put there); everything else does not exist.
 */
const browser: Platform = {
  readTextFile(path, gzip = false) {
    const text = virtualFiles.get(path);
    if (text === undefined) throw virtualFiles.isDirectory(path) ? fault('EISDIR', 'illegal operation on a directory', path) : fault('ENOENT', 'no such file or directory', path);
    if (gzip) throw fault('EINVAL', 'gzipped files are not supported in the browser', path);
    return text;
  },
  fileExists: (path) => virtualFiles.get(path) !== undefined || virtualFiles.isDirectory(path),
  isFile: (path) => virtualFiles.get(path) !== undefined,
  isDirectory: (path) => virtualFiles.isDirectory(path),
  readDirectory(path) {
    if (!virtualFiles.isDirectory(path)) throw fault('ENOENT', 'no such file or directory', path);
    return virtualFiles.list(path);
  },
  resolve, dirname, basename, join, relative, isAbsolute, sep: '/',
  isIP,
  // Nothing is kept across page loads: every value is derived from its file.
  fileStamp: () => undefined,
  readDerived: () => undefined,
  writeDerived: () => {},
};

export const { readTextFile, fileExists, isFile, isDirectory, readDirectory, fileStamp, readDerived, writeDerived } = browser;
export { basename, dirname, isAbsolute, isIP, join, relative, resolve };
export const sep = '/';
export type { Platform } from './platform-types.js';
