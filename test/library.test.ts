/** The packages as a library user gets them: built ESM with declarations, importable by plain Node. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const PACKAGES = ['core', 'parser-kql', 'parser-eql', 'parser-esql', 'schema', 'rule-document', 'linter', 'cli'];

beforeAll(() => {
  // npm install builds everything; rebuild incrementally so the test sees the current sources.
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'], { cwd: ROOT });
  // The parsers' entries (one module each) are built from the sources after tsc, as `npm run build` does.
  execFileSync(process.execPath, [join(ROOT, 'scripts/bundle-chevrotain.mjs'), ...['kql', 'eql', 'esql'].map((p) => `packages/parser-${p}`)], { cwd: ROOT });
}, 300_000);

describe('the library', () => {
  it('ships ESM and type declarations for every package', () => {
    for (const p of PACKAGES) {
      // The esql-lint package (cli) ships its library as a bundle, index.mjs (packages/cli/build.mjs).
      expect(existsSync(join(ROOT, 'packages', p, p === 'cli' ? 'dist/index.mjs' : 'dist/index.js')), p).toBe(true);
      expect(existsSync(join(ROOT, 'packages', p, 'dist/index.d.ts')), p).toBe(true);
    }
  });

  it('ships each parser as one module: its entry imports no other file (issue 19, start-up)', () => {
    for (const p of ['parser-kql', 'parser-eql', 'parser-esql']) {
      const text = readFileSync(join(ROOT, 'packages', p, 'dist/index.js'), 'utf8');
      expect(text.match(/^\s*(import|export)\s[^;]*?\sfrom\s*["'][^"']+["']|\bimport\s*\(/gm) ?? [], p).toEqual([]);
      expect(text, p).toContain('export {');
    }
  });

  it('is importable by plain Node and lints a text', () => {
    const script = `
      import { lintText } from 'esql-lint';
      import { parse as kql } from '@esql-lint/parser-kql';
      import { parse as eql } from '@esql-lint/parser-eql';
      import { parse as esql } from '@esql-lint/parser-esql';
      const r = lintText('from logs-* | where process.nmae == "x" | keep process.name\\n', { filename: 'q.esql' });
      console.log(JSON.stringify({
        codes: r.diagnostics.map((d) => d.code),
        kql: kql('a:b').diagnostics.length, eql: eql('any where true').diagnostics.length, esql: esql('row a = 1').diagnostics.length,
      }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const got = JSON.parse(out);
    expect(got.codes).toContain('unknown-field');
    expect([got.kql, got.eql, got.esql]).toEqual([0, 0, 0]);
  });
});
