/**
 * Issue 14: `--fix` over a copy of part of the corpus into which fixable problems were introduced (the
 * METADATA clause of ES|QL rules removed), while another process keeps appending to some of the files.
 * No appended byte may be lost, every file nobody touched must be byte-identical to what it should be,
 * and a file whose fixes were not written must say why (file-changed).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linter, applySafeFixes } from '../packages/linter/src/index.js';
import { cli } from './support/cli.js';
import { HAS_CORPUS, NO_CORPUS_MESSAGE, corpusRuleFiles } from './support/corpus.js';

const METADATA = /^(from [^\n]*?) metadata _id, _version, _index/im;

/** The appender: appends numbered TOML comments to its targets, round robin, until told to stop. */
const APPENDER = `
const fs = require('node:fs');
const [targets, stop, log] = [JSON.parse(process.argv[1]), process.argv[2], process.argv[3]];
const done = [];
let seq = 0;
process.stdout.write('ready\\n');
const tick = () => {
  if (fs.existsSync(stop) || seq > 20000) { fs.writeFileSync(log, JSON.stringify(done)); return; }
  const file = targets[seq % targets.length];
  const chunk = '# appended ' + seq + ' ' + 'x'.repeat(seq % 17) + '\\n';
  fs.appendFileSync(file, chunk);
  done.push([file, chunk]);
  seq++;
  setTimeout(tick, seq % 3);
};
tick();
`;

describe.skipIf(!HAS_CORPUS)('--fix while another process appends to the files', () => {
  it('loses no appended byte and leaves every untouched file byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-concurrent-'));
    try {
      const linter = new Linter();
      const fixable: Array<{ path: string; broken: string; fixed: string }> = [];
      const untouched: Array<{ path: string; text: string }> = [];
      mkdirSync(join(dir, 'esql'));
      mkdirSync(join(dir, 'other'));
      for (const file of corpusRuleFiles()) {
        const text = readFileSync(file, 'utf8');
        if (/maturity = "deprecated"/.test(text)) continue;
        if (/language = "esql"/.test(text) && METADATA.test(text)) {
          const path = join(dir, 'esql', basename(file));
          const broken = text.replace(METADATA, '$1');
          // The oracle: the text fixes of the library, round after round, on the decoded text.
          let fixed = broken;
          for (let round = 0; round < 5; round++) {
            const next = applySafeFixes(fixed, linter.lintText(fixed, path));
            if (!next.applied) break;
            fixed = next.text;
          }
          if (fixed === broken) continue; // Other problems stop this rule's METADATA fix: not a fixture.
          fixable.push({ path, broken, fixed });
        } else if (untouched.length < 60 && /language = "(kuery|eql)"/.test(text)) {
          untouched.push({ path: join(dir, 'other', basename(file)), text });
        }
      }
      expect(fixable.length).toBeGreaterThan(20);
      for (const f of fixable) writeFileSync(f.path, f.broken);
      for (const f of untouched) writeFileSync(f.path, f.text);

      // Every other fixable file and every fourth untouched one gets appended to.
      const targets = [...fixable.filter((_, i) => i % 2 === 0).map((f) => f.path), ...untouched.filter((_, i) => i % 4 === 0).map((f) => f.path)];
      const stop = join(dir, 'stop');
      const log = join(dir, 'appended.json');
      const child = spawn(process.execPath, ['-e', APPENDER, JSON.stringify(targets), stop, log], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      await new Promise((r) => setTimeout(r, 50));
      const r = await cli(['esql', 'other', '--fix', '--format', 'json'], { cwd: dir });
      writeFileSync(stop, '');
      await new Promise<void>((resolve) => child.once('exit', () => resolve()));
      expect(existsSync(log)).toBe(true);

      const appended = new Map<string, string>();
      for (const [file, chunk] of JSON.parse(readFileSync(log, 'utf8')) as Array<[string, string]>) appended.set(file, (appended.get(file) ?? '') + chunk);
      expect([...appended.keys()].length).toBe(targets.length);
      const report = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string }> }> };
      const codes = (path: string) => report.files.find((f) => join(dir, f.path) === path)?.diagnostics.map((d) => d.code) ?? [];

      let fixedWithAppends = 0;
      let notWritten = 0;
      for (const f of fixable) {
        const now = readFileSync(f.path, 'utf8');
        const tail = appended.get(f.path) ?? '';
        // Appends land at the end; fixes are inside the query: the appended text is all there, in order.
        expect(now.endsWith(tail), `${f.path}: appended text lost`).toBe(true);
        const base = now.slice(0, now.length - tail.length);
        if (!tail) {
          expect(base, f.path).toBe(f.fixed);
          continue;
        }
        // Either fixed (before the appends began, or with them copied), or not written and saying so.
        // (A fix of broken + some appends is fixed + those appends: the appends are after the query.)
        expect(base === f.fixed || base === f.broken, `${f.path}: neither the fixed nor the original text`).toBe(true);
        if (base === f.fixed) fixedWithAppends++;
        else {
          notWritten++;
          expect(codes(f.path), f.path).toContain('file-changed');
        }
      }
      for (const f of untouched) {
        expect(readFileSync(f.path, 'utf8'), f.path).toBe(f.text + (appended.get(f.path) ?? ''));
      }
      expect(readdirSync(join(dir, 'esql')).filter((n) => n.includes('.esql-lint-'))).toEqual([]);
      console.log(`fix-concurrent: ${fixable.length} fixable files, ${targets.length} appended to (${[...appended.values()].join('').length} bytes); of the appended fixable ones ${fixedWithAppends} fixed, ${notWritten} not written (file-changed)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if (!HAS_CORPUS) console.warn(`fix-concurrent: ${NO_CORPUS_MESSAGE}`);
