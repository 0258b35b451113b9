import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../packages/linter/src/index.js';

const ROOT = join(__dirname, '..');
const PACKAGES = join(ROOT, 'packages');

/** Which of our packages each package may depend on: the one-way graph of ARCHITECTURE.md. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  'parser-kql': ['core'],
  'parser-eql': ['core'],
  'parser-esql': ['core'],
  schema: ['core'],
  'rule-document': ['core'],
  linter: ['core', 'parser-kql', 'parser-eql', 'parser-esql', 'schema', 'rule-document'],
  // The esql-lint package: the CLI, and the library API re-exporting the linter, parsers and rule documents.
  cli: ['core', 'linter', 'parser-kql', 'parser-eql', 'parser-esql', 'rule-document'],
  'language-service': ['core', 'parser-kql', 'parser-eql', 'parser-esql', 'schema', 'rule-document', 'linter'],
  lsp: ['core', 'linter', 'language-service'],
  'vscode-extension': [],
  // The web playground: the language service (and the linter, for schema summaries) in a web worker.
  playground: ['core', 'linter', 'language-service', 'rule-document'],
};

/** The only packages that may know LSP and VS Code types, and the vscode* modules each may import. */
const VSCODE_ALLOWED: Record<string, RegExp> = {
  lsp: /^vscode-languageserver(-textdocument|-protocol)?$/,
  'vscode-extension': /^(vscode|vscode-languageclient)$/,
};

const NAME_TO_DIR: Record<string, string> = {};
for (const dir of readdirSync(PACKAGES)) {
  try {
    NAME_TO_DIR[JSON.parse(readFileSync(join(PACKAGES, dir, 'package.json'), 'utf8')).name] = dir;
  } catch {
    /* not a package */
  }
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('architecture', () => {
  it('keeps dependencies one-way, in package.json files and in imports', () => {
    for (const [dir, allowed] of Object.entries(ALLOWED)) {
      const pkg = JSON.parse(readFileSync(join(PACKAGES, dir, 'package.json'), 'utf8'));
      const ours = Object.keys(pkg.dependencies ?? {}).filter((d) => NAME_TO_DIR[d]).map((d) => NAME_TO_DIR[d]);
      expect(ours.filter((d) => !allowed.includes(d)), `${dir}/package.json`).toEqual([]);
      const vscodeDeps = Object.keys(pkg.dependencies ?? {}).filter((d) => /vscode/.test(d));
      for (const d of vscodeDeps) expect(VSCODE_ALLOWED[dir]?.test(d.split('/').pop()!) ?? false, `${dir}/package.json depends on ${d}`).toBe(true);
      for (const file of sourceFiles(join(PACKAGES, dir, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/from '([^']+)'/g)) {
          const spec = m[1];
          if (spec.startsWith('.')) {
            expect(spec.startsWith('../../'), `${file} reaches out of its package: ${spec}`).toBe(false);
            continue;
          }
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          const target = NAME_TO_DIR[name];
          if (target && target !== dir) expect(allowed, `${file} imports ${spec}`).toContain(target);
          if (/vscode/.test(name)) {
            expect(VSCODE_ALLOWED[dir]?.test(name) ?? false, `${file} imports ${spec}: only the LSP package and the extension may know LSP types`).toBe(true);
          }
        }
      }
    }
  });

  it('documents every diagnostic code in docs/rules/<code>.md, with its sections', () => {
    const pages = new Set(readdirSync(join(ROOT, 'docs/rules')).map((f) => f.replace(/\.md$/, '')));
    for (const rule of allRules()) {
      expect(pages.has(rule.code), `docs/rules/${rule.code}.md`).toBe(true);
      const text = readFileSync(join(ROOT, 'docs/rules', `${rule.code}.md`), 'utf8');
      expect(text).toContain(`# \`${rule.code}\``);
      for (const section of ['## Example', '## How to fix it', '## Turning it off']) expect(text, rule.code).toContain(section);
      expect(rule.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
    const codes = new Set(allRules().map((r) => r.code));
    expect([...pages].filter((p) => !codes.has(p))).toEqual([]);
  });
});
