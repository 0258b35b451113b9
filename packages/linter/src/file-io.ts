import {
  accessSync, closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, realpathSync,
  renameSync, statSync, unlinkSync, writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decodeSource, UndecodableError, type DecodedSource } from './source-file.js';

/** A problem with a file itself (not its content): becomes a diagnostic on that path. */
export interface FileFault {
  code: 'file-unreadable' | 'file-unwritable' | 'file-changed';
  message: string;
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted (is the file immutable?)',
  EROFS: 'read-only file system',
  ELOOP: 'too many levels of symbolic links (a symlink loop)',
  ENOENT: 'no such file or directory (a broken symbolic link?)',
  ENOTDIR: 'a component of the path is not a directory',
  EISDIR: 'it is a directory',
  EIO: 'input/output error',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  EBUSY: 'resource busy',
  ETXTBSY: 'text file busy',
  EAGAIN: 'resource temporarily unavailable',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  ESTALE: 'stale file handle',
  EXDEV: 'the temporary file and the file are on different file systems',
};

/** The OS reason of a file system error, in words ("permission denied"), without a stack or a path. */
export function osReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code && REASONS[err.code]) return `${REASONS[err.code]} (${err.code})`;
  const msg = String(err?.message ?? e).replace(/^[A-Z]+:\s*/, '').replace(/,\s*\w+\s+'[^']*'.*$/, '');
  return err?.code ? `${msg} (${err.code})` : msg;
}

/** What kind of non-regular file a stat describes, in words. */
export function fileKind(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

export interface SourceFile {
  path: string;
  /** The bytes as read. */
  bytes: Buffer;
  source: DecodedSource;
}

/**
 * Reads a rule file without ever blocking: special files (FIFOs, devices, sockets) are refused from
 * their stat, before any open, and the open is non-blocking in case the path changed in between.
 * `regular`: the caller's own stat or directory entry said a regular file a moment ago (the file search
 * does): the stat is not made again (issue 19: one syscall less for each of ~2,000 files a run); the
 * descriptor's stat still refuses what the path has become meanwhile.
 */
export function readSourceFile(path: string, regular = false): { file: SourceFile } | { fault: FileFault } {
  const unreadable = (why: string) => ({ fault: { code: 'file-unreadable' as const, message: `Cannot read this file: ${why}.` } });
  if (!regular) {
    let st: Stats;
    try {
      st = statSync(path);
    } catch (e) {
      return unreadable(osReason(e));
    }
    if (!st.isFile()) return unreadable(`it is ${fileKind(st)}, not a regular file; it was not opened`);
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return unreadable(osReason(e));
  }
  let bytes: Buffer;
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) return unreadable(`it is ${fileKind(fst)}, not a regular file`);
    bytes = readToEnd(fd, fst.size);
  } catch (e) {
    return unreadable(osReason(e));
  } finally {
    closeSync(fd);
  }
  try {
    return { file: { path, bytes, source: decodeSource(bytes) } };
  } catch (e) {
    if (e instanceof UndecodableError) return unreadable(e.message);
    throw e;
  }
}

/**
 * The bytes of the open file `fd` from its start to its end, `size` bytes as its stat said, or more if it
 * grew meanwhile: readFileSync(fd) less its second stat and buffer handling (issue 19: 2,000 files a run).
 * A first read that gives exactly the `size` bytes of a non-empty file, asked for one more, has read it
 * all (the file did not grow): no second read to see the end; nor after a first read of 0. Any other count goes on to a read of 0
 * (files that say 0 bytes, /proc's, give a page per read; a file that shrank or grew).
 */
function readToEnd(fd: number, size: number): Buffer {
  // One byte more than the size: a read that fills it means the file grew, and the reading goes on.
  let buf = Buffer.allocUnsafe(size + 1);
  let off = readSync(fd, buf, 0, buf.length, null);
  if (off === 0 || (size > 0 && off === size)) return buf.subarray(0, off);
  for (;;) {
    if (off === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, off);
      buf = bigger;
    }
    const n = readSync(fd, buf, off, buf.length - off, null);
    if (n === 0) return buf.subarray(0, off);
    off += n;
  }
}

/**
 * The text of a file for display (code frames), or undefined when it is not a readable regular file.
 * Never opens special files.
 */
export function readSourceText(path: string): string | undefined {
  const r = readSourceFile(path);
  return 'file' in r ? r.file.source.text : undefined;
}

/**
 * Replaces a file's content atomically, and only if it still holds `expected`:
 * - symlinks are followed: the target is written, the link stays;
 * - the new content goes to a temporary file in the target's directory, with the target's mode and
 *   owner, fsynced, then renamed over the target; the temporary file is removed on any failure;
 * - right before the rename the target is read again: if it is not `expected` any more, nothing is
 *   written (`file-changed`). Bytes appended to the old file in the instant between that check and
 *   the rename are copied onto the new one, so no appended byte is lost.
 * Says whether the file was written, and the fault when there was one (`file-changed`,
 * `file-unwritable`).
 */
export function writeSourceFile(path: string, expected: Buffer, content: Buffer): { written: boolean; fault?: FileFault } {
  const r = replaceFile(path, expected, content);
  return r === 'written' ? { written: true } : 'appended' in r ? { written: true, fault: r.appended } : { written: false, fault: r };
}

function replaceFile(path: string, expected: Buffer, content: Buffer): 'written' | FileFault | { appended: FileFault } {
  const unwritable = (why: string): FileFault => ({ code: 'file-unwritable', message: `Cannot write the fixes to this file: ${why}. The file was left as it was.` });
  const changed: FileFault = { code: 'file-changed', message: 'The file changed while esql-lint was checking it, so the fixes were not written. Run esql-lint --fix again.' };
  let target: string;
  let st: Stats;
  try {
    target = realpathSync(path);
    st = statSync(target);
    accessSync(target, constants.W_OK);
  } catch (e) {
    return unwritable(osReason(e));
  }
  const tmp = join(dirname(target), `.${basename(target)}.esql-lint-${process.pid}-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  let renamed = false;
  let original: number | undefined;
  try {
    let fd: number;
    try {
      fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      created = true;
    } catch (e) {
      return unwritable(`cannot create a temporary file in ${dirname(target)}: ${osReason(e)}`);
    }
    try {
      writeAll(fd, content);
      fchmodSync(fd, st.mode & 0o7777);
      const uid = process.geteuid?.();
      const gid = process.getegid?.();
      if (uid !== undefined && (st.uid !== uid || st.gid !== gid)) {
        try {
          fchownSync(fd, st.uid, st.gid);
        } catch (e) {
          return unwritable(`cannot keep its owner (${st.uid}:${st.gid}): ${osReason(e)}`);
        }
      }
      fsyncSync(fd);
    } catch (e) {
      return unwritable(osReason(e));
    } finally {
      closeSync(fd);
    }
    // Compare right before the rename, keeping the old file open to see late appends.
    try {
      original = openSync(target, constants.O_RDONLY | constants.O_NONBLOCK);
      if (!readFileSync(original).equals(expected)) return changed;
    } catch (e) {
      return unwritable(osReason(e));
    }
    try {
      renameSync(tmp, target);
      renamed = true;
    } catch (e) {
      return unwritable(osReason(e));
    }
    // Appended in the instant between the check and the rename: keep those bytes too.
    const size = fstatSync(original).size;
    if (size > expected.length) {
      const tail = Buffer.alloc(size - expected.length);
      readSync(original, tail, 0, tail.length, expected.length);
      const fd2 = openSync(target, constants.O_WRONLY | constants.O_APPEND);
      try {
        writeAll(fd2, tail);
      } finally {
        closeSync(fd2);
      }
      return { appended: { code: 'file-changed', message: `The file was appended to while the fixes were written; the ${tail.length} appended bytes were kept after the fixed content. Check the file.` } };
    }
    return 'written';
  } finally {
    if (original !== undefined) closeSync(original);
    if (created && !renamed) {
      try {
        unlinkSync(tmp);
      } catch {
        // Already gone.
      }
    }
  }
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}
