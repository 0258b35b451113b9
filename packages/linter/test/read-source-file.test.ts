// readSourceFile reads a regular file whole, whatever its size, and on past the size its stat gave (a file
// that grew meanwhile; /proc files say 0 bytes).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceFile } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'esql-lint-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readSourceFile', () => {
  it('reads every byte of files of any size', () => {
    for (const size of [0, 1, 4095, 4096, 4097, 65536, 200_001]) {
      const text = Array.from({ length: size }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      const path = join(dir, `f${size}.toml`);
      writeFileSync(path, text);
      const r = readSourceFile(path);
      expect('file' in r && r.file.bytes.equals(Buffer.from(text)), `size ${size}`).toBe(true);
      expect('file' in r && r.file.source.text.length).toBe(size);
    }
  });

  it.skipIf(process.platform !== 'linux')('reads on past the size the stat said', () => {
    const r = readSourceFile('/proc/self/status');
    expect('file' in r && r.file.source.text).toMatch(/^Name:/);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO from its descriptor, without blocking, when told the path was a regular file', () => {
    // What a file the search saw as regular has become by the time it is read: no stat first, but the
    // non-blocking open and the descriptor's stat still refuse it.
    const path = join(dir, 'became-a-pipe.toml');
    execFileSync('mkfifo', [path]);
    expect(readSourceFile(path, true)).toEqual({ fault: { code: 'file-unreadable', message: 'Cannot read this file: it is a FIFO (named pipe), not a regular file.' } });
    expect(readSourceFile(path)).toEqual({ fault: { code: 'file-unreadable', message: 'Cannot read this file: it is a FIFO (named pipe), not a regular file; it was not opened.' } });
  });
});
