// The browser platform (packages/core/src/platform-browser.ts) answers as Node's functions do, so the
// schema and linter code behind `@esql-lint/core/platform` behaves the same in the web playground.
import { isIP as nodeIsIP } from 'node:net';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as browser from '../packages/core/src/platform-browser.js';
import { virtualFiles } from '../packages/core/src/index.js';
import * as node from '../packages/core/src/platform-node.js';

/** A small seeded generator, so failures reproduce. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

describe('browser platform', () => {
  it('exports what the Node platform exports', () => {
    expect(Object.keys(browser).sort()).toEqual(Object.keys(node).sort());
  });

  it('isIP agrees with node:net on hand-picked and generated strings', () => {
    const cases = [
      '1.2.3.4', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', '', '::', '::1', '1::', '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1::2::3', ':1::', '1:::2', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4',
      '1:2:3:4:5:6::1.2.3.4', '1.2.3.4::', 'fe80::1%eth0', 'fe80::1%', '1.2.3.4%eth0', '12345::', 'g::1', 'FFFF::abcd', '::1.2.3.4',
      '1:2:3:4:5::1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '::%a', ':', '1:', ':1',
    ];
    const random = rng(20);
    const alphabet = '0123456789abcdefAF:.%g';
    for (let i = 0; i < 20000; i++) {
      const n = 1 + Math.floor(random() * 24);
      let s = '';
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      cases.push(s);
    }
    for (let i = 0; i < 3000; i++) {
      const groups = Array.from({ length: 1 + Math.floor(random() * 9) }, () => (random() < 0.15 ? '' : Math.floor(random() * 0x1ffff).toString(16)));
      if (random() < 0.3) groups.push(`${Math.floor(random() * 300)}.${Math.floor(random() * 300)}.1.${Math.floor(random() * 10)}`);
      cases.push(groups.join(':'));
    }
    for (const c of cases) expect(browser.isIP(c), c).toBe(nodeIsIP(c));
  });

  it('paths agree with node:path posix', () => {
    const paths = ['/', '/a', '/a/', '/a/b', 'a', 'a/b/', '.', '..', '../a', '/a/../b', '/a/./b//c', '//a', 'a//b', '', '/a/b/..', 'a/../..', '/..'];
    for (const p of paths) {
      expect(browser.dirname(p), `dirname ${p}`).toBe(posix.dirname(p));
      expect(browser.basename(p), `basename ${p}`).toBe(posix.basename(p));
      expect(browser.isAbsolute(p)).toBe(posix.isAbsolute(p));
      for (const q of paths) {
        expect(browser.join(p, q), `join ${p} ${q}`).toBe(posix.join(p, q));
        if (p.startsWith('/') && q.startsWith('/')) expect(browser.relative(p, q), `relative ${p} ${q}`).toBe(posix.relative(p, q));
        // The browser's working directory is `/`.
        expect(browser.resolve('/', p, q), `resolve ${p} ${q}`).toBe(posix.resolve('/', p, q));
      }
    }
    expect(browser.basename('/x/rule.toml', '.toml')).toBe('rule');
  });

  it('reads the in-memory files and reports missing ones as Node does', () => {
    virtualFiles.clear();
    virtualFiles.set('/pg/.esql-lint.json', '{"root": true}');
    expect(browser.readTextFile('/pg/.esql-lint.json')).toBe('{"root": true}');
    expect(browser.fileExists('/pg/.esql-lint.json')).toBe(true);
    expect(browser.isFile('/pg')).toBe(false);
    expect(browser.isDirectory('/pg')).toBe(true);
    expect(browser.readDirectory('/')).toEqual(['pg']);
    expect(browser.fileExists('/pg/other.json')).toBe(false);
    expect(() => browser.readTextFile('/pg/other.json')).toThrow(/ENOENT: no such file or directory/);
    expect(() => browser.readDirectory('/nope')).toThrow(/ENOENT/);
    virtualFiles.clear();
    expect(browser.fileExists('/pg/.esql-lint.json')).toBe(false);
  });
});
