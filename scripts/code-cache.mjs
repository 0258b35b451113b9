// Loads a CommonJS bundle of esql-lint through V8's code cache (issue 19, start-up). Copied by the builds
// (packages/cli/build.mjs, packages/lsp/build.mjs) into their dist/chunks/ as load.mjs: shipped, not a
// build tool. Plain JavaScript with Node's modules only.
//
// Why: a new process spends much of its start compiling: the whole bundle at load (~4 MB of JavaScript),
// then every function the first time it runs. V8 can serialise that work (`vm.Script` cachedData); a run
// that finds the data skips it. Node 22 has this built in (`module.enableCompileCache`); Node 20 has it
// for `vm.Script` only, hence CommonJS. The data is written after a run that had none (or whose data V8
// rejected: another Node, other V8 flags), or that compiled much more than the run that wrote it, so later
// runs start warm; V8 checks the data against the
// source and its own version and flags, and rejected data costs one normal compile.
//
// Where: `ESQL_LINT_CODE_CACHE` names a directory, or `off` (also `0`, `false`) turns the cache off;
// otherwise the user's cache directory (XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS,
// %LOCALAPPDATA% on Windows), `esql-lint/code-cache/`. An entry's name holds the bundle's name (with its
// content hash), its size and modification time, and Node's version and architecture. Failures to read
// or write the cache are silent: it only ever makes a start faster.
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapCodeStatistics } from 'node:v8';
import { Script } from 'node:vm';
import { isMainThread } from 'node:worker_threads';

/** The first bytes of an entry (its format). */
const HEADER = 'ELC1';

/** How many entries the cache directory keeps (most recently used first); each is a few MB. */
const KEEP = 16;

/** The cache directory, or undefined when the cache is off or no directory is known. */
export function codeCacheDir(env = process.env) {
  const set = env.ESQL_LINT_CODE_CACHE;
  if (set !== undefined && set !== '') return /^(off|0|false|no)$/i.test(set) ? undefined : set;
  try {
    if (process.platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'esql-lint', 'code-cache') : undefined;
    const home = homedir();
    if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'esql-lint', 'code-cache');
    return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'esql-lint', 'code-cache');
  } catch {
    return undefined;
  }
}

/** The `size` bytes of an open file (fewer if it shrank meanwhile). */
function readWhole(fd, size) {
  const buf = Buffer.allocUnsafe(size);
  let off = 0;
  while (off < size) {
    const n = readSync(fd, buf, off, size - off, off);
    if (n === 0) break;
    off += n;
  }
  return buf.subarray(0, off);
}

/**
 * A bundle's data section (issue 19, start-up): large JSON texts (schema data, ES|QL definitions) that the build
 * moved out of the code, after it, read only when the code asks for one (`__esqlLintData(offset, length)`), so a
 * start reads and keeps a few MB less. The file ends with DATA_TRAILER and the section's length; a file without
 * it is all code.
 */
export const DATA_TRAILER = '\n//data:';
const TRAILER_BYTES = DATA_TRAILER.length + 12;
/** The trailer of a data section of `length` bytes (fixed width: TRAILER_BYTES). */
export const dataTrailer = (length) => `${DATA_TRAILER}${String(length).padStart(11, '0')}\n`;

/**
 * Reads a bundle's code as a one-byte string (the bundles are ASCII: the builds check it), by its descriptor;
 * `dataStart`: where its data section starts (the code's length).
 */
function readAscii(file) {
  const fd = openSync(file, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    let codeBytes = size;
    if (size > TRAILER_BYTES) {
      const tail = Buffer.allocUnsafe(TRAILER_BYTES);
      const m = readSync(fd, tail, 0, TRAILER_BYTES, size - TRAILER_BYTES) === TRAILER_BYTES ? /^\n\/\/data:(\d{11})\n$/.exec(tail.toString('latin1')) : null;
      if (m && Number(m[1]) <= size - TRAILER_BYTES) codeBytes = size - TRAILER_BYTES - Number(m[1]);
    }
    const buf = readWhole(fd, codeBytes);
    return { text: buf.toString('latin1'), size, mtimeMs, dataStart: buf.length };
  } finally {
    closeSync(fd);
  }
}

/** `length` bytes of `file` from `position`, as one-byte text (the data section is ASCII JSON). */
function readRange(file, position, length) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(length);
    let off = 0;
    while (off < length) {
      const n = readSync(fd, buf, off, length - off, position + off);
      if (n === 0) throw new Error(`${file}: the bundle's data section is cut short (rebuilt while running?)`);
      off += n;
    }
    return buf.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/**
 * A cache entry's bytes, or undefined when another user owns the file: V8 runs what the data holds, so only the
 * user's own entries are taken (ESQL_LINT_CODE_CACHE may name a directory others can write).
 */
function readOwnFile(file) {
  const fd = openSync(file, 'r');
  try {
    const { uid, size } = fstatSync(fd);
    if (typeof process.getuid === 'function' && uid !== process.getuid()) return undefined;
    return readWhole(fd, size);
  } finally {
    closeSync(fd);
  }
}

const loaded = new Map();

/**
 * The wrapper of Node's CommonJS loader, plus the entry's URL and this loader (a bundle that loads another).
 * One line: the bundle's line numbers stay. The builds write their bundles already wrapped (cached-bundle.mjs):
 * V8 then compiles the file's text as it was read, without first copying a joined string of several MB
 * (~4 ms of a start, issue 19); a file without the wrapper is wrapped here.
 */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname, __esqlLintEntryUrl, __esqlLintLoader, __esqlLintData) {';
export const WRAPPER_TAIL = '\n})';

/**
 * Evaluates the CommonJS bundle `file` (an absolute path) once per process and returns its exports; the
 * bundle sees `import.meta.url` as `entryUrl` (the builds define it so); `warm` says whether V8 took cached
 * data. `saveCodeCache()` on the result writes the cache entry now (the CLI does it at exit, the language
 * server a while after its start) if this run had none, or if it compiled much more than the run that wrote
 * the entry (a first run of `--version` must not be the cache of every later lint: V8's data after a warm run
 * holds what was cached and what was compiled since); it is a no-op otherwise, off the main thread, or when
 * the cache is off.
 */
export function loadBundle(file, entryUrl, { modules, use } = {}) {
  const known = loaded.get(file);
  if (known) return known;
  const { text, size, mtimeMs, dataStart } = readAscii(file);
  const dir = codeCacheDir();
  // `use`: one entry per use of a shared bundle (the CLI's data would not serve the server, and would cost it).
  const entry = dir ? join(dir, `${basename(file)}${use ? `-${use}` : ''}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.v8`) : undefined;
  let cachedData;
  // An entry: HEADER, the heap's bytecode size (KB) when it was written, then V8's data.
  let writtenAtKb = 0;
  if (entry) {
    try {
      const raw = readOwnFile(entry);
      if (raw && raw.length > 8 && raw.toString('latin1', 0, 4) === HEADER) {
        writtenAtKb = raw.readUInt32LE(4);
        cachedData = raw.subarray(8);
      }
    } catch {
      cachedData = undefined;
    }
  }
  const wrapper = text.startsWith(WRAPPER_HEAD) && text.endsWith(WRAPPER_TAIL) ? text : `${WRAPPER_HEAD}${text}${WRAPPER_TAIL}`;
  const script = new Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const warm = cachedData !== undefined && !script.cachedDataRejected;
  if (warm) {
    try {
      // Most recently used: what prune keeps.
      const now = new Date();
      utimesSync(entry, now, now);
    } catch {
      /* read-only: fine */
    }
  }
  const module = { exports: {} };
  let saved = !entry || !isMainThread;
  const saveCodeCache = () => {
    if (saved) return;
    saved = true;
    try {
      const kb = Math.round(getHeapCodeStatistics().bytecode_and_metadata_size / 1024);
      if (warm && kb <= writtenAtKb * 1.1 + 32) return;
      const data = script.createCachedData();
      mkdirSync(dir, { recursive: true });
      const tmp = `${entry}.${process.pid}.tmp`;
      const head = Buffer.alloc(8);
      head.write(HEADER, 0, 'latin1');
      head.writeUInt32LE(kb, 4);
      writeFileSync(tmp, Buffer.concat([head, data]));
      renameSync(tmp, entry);
      prune(dir);
    } catch {
      /* a read-only or full disk: start cold next time */
    }
  };
  const result = { exports: module.exports, saveCodeCache, warm };
  loaded.set(file, result);
  const nodeRequire = createRequire(file);
  // `modules`: what the bundle takes from its loader's bundle (ids it leaves external) instead of node_modules.
  const require = modules ? Object.assign((id) => (Object.hasOwn(modules, id) ? modules[id] : nodeRequire(id)), nodeRequire) : nodeRequire;
  const data = (offset, length) => readRange(file, dataStart + offset, length);
  script.runInThisContext()(module.exports, require, module, file, dirname(file), entryUrl, LOADER, data);
  result.exports = module.exports;
  return result;
}

/** Writes the cache entries of every bundle this process loaded that had none (see loadBundle). */
export function saveCodeCaches() {
  for (const b of loaded.values()) b.saveCodeCache();
}

/** Keeps the KEEP most recently used entries of the cache directory (builds of other versions, other Node versions). */
function prune(dir) {
  const entries = [];
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    try {
      const t = statSync(join(dir, name)).mtimeMs;
      // A .tmp file is another process's write in progress, unless it is old.
      if (name.endsWith('.tmp')) {
        if (now - t > 60_000) rmSync(join(dir, name), { force: true });
      } else if (name.endsWith('.v8')) entries.push({ path: join(dir, name), t });
    } catch {
      /* removed meanwhile */
    }
  }
  entries.sort((a, b) => b.t - a.t);
  for (const e of entries.slice(KEEP)) rmSync(e.path, { force: true });
}

/** The absolute path of `relative` beside the module at `url` (for the entries: `new URL` without a file: check). */
export const beside = (url, relative) => fileURLToPath(new URL(relative, url));

const LOADER = { loadBundle, beside, saveCodeCaches };
