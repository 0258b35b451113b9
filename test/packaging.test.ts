/**
 * The packages as users get them: `npm run pack`'s tarballs (scripts/pack.mjs), their contents, `npm publish
 * --dry-run`, and the `esql-lint` tarball installed alone into an empty directory with no registry reachable,
 * where its CLI lints a rule, its language server publishes diagnostics over LSP, and its library is imported
 * from an ESM script and from a TypeScript file type-checked under `strict`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DidOpenTextDocumentNotification, InitializedNotification, InitializeRequest } from 'vscode-languageserver-protocol/node.js';
import { startClient } from '../packages/lsp/test/client.js';
// @ts-expect-error: a plain .mjs script
import { packAll } from '../scripts/pack.mjs';

const ROOT = join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** An npm registry that refuses connections: anything that tries to download fails at once. */
const NO_REGISTRY = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

interface Packed {
  name: string;
  dir: string;
  tarball: string;
  files: Array<{ path: string }>;
  size: number;
  unpackedSize: number;
}

const work = mkdtempSync(join(tmpdir(), 'esql-lint-packaging-'));
let packed: Packed[] = [];
/** Each tarball extracted: name -> directory of its `package/`. */
const extracted = new Map<string, string>();

beforeAll(async () => {
  ({ packed } = await packAll({ outDir: join(work, 'packs'), build: false, vsix: false }));
  for (const p of packed) {
    const dir = join(work, 'x', p.name.replace('/', '+'));
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', p.tarball, '-C', dir]);
    extracted.set(p.name, join(dir, 'package'));
  }
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function walkFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walkFiles(join(dir, e)) : [join(dir, e)]));
}

/** Every file path an `exports` map (any condition) points at. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

describe('publishable packages (npm run pack)', () => {
  it('each package keeps a copy of the root LICENSE, and of NOTICE where it embeds data', () => {
    for (const dir of readdirSync(join(ROOT, 'packages')).filter((d) => existsSync(join(ROOT, 'packages', d, 'package.json')))) {
      for (const file of ['LICENSE', ...(['cli', 'lsp', 'parser-esql', 'schema', 'vscode-extension'].includes(dir) ? ['NOTICE'] : [])]) {
        const copy = join(ROOT, 'packages', dir, file);
        const same = existsSync(copy) && readFileSync(copy, 'utf8') === readFileSync(join(ROOT, file), 'utf8');
        expect(same, `packages/${dir}/${file} differs from the root's: cp ${file} packages/${dir}/`).toBe(true);
      }
    }
  });

  it('packs the esql-lint package and every scoped package', () => {
    expect(packed.map((p) => p.name).sort()).toEqual([
      '@esql-lint/core', '@esql-lint/language-service', '@esql-lint/linter', '@esql-lint/lsp', '@esql-lint/parser-eql',
      '@esql-lint/parser-esql', '@esql-lint/parser-kql', '@esql-lint/rule-document', '@esql-lint/schema', 'esql-lint',
    ]);
  });

  it('ships README, LICENSE and publishing metadata, and no build leftovers', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    for (const p of packed) {
      const dir = extracted.get(p.name)!;
      const files = walkFiles(dir).map((f) => relative(dir, f));
      expect(files, p.name).toContain('README.md');
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), `${p.name} LICENSE`).toBe(license);
      expect(files.filter((f) => /tsbuildinfo/.test(f)), p.name).toEqual([]);
      expect(files.filter((f) => /(^|\/)test\//.test(f)), p.name).toEqual([]);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      expect(pkg.license, p.name).toBe('Apache-2.0');
      expect(pkg.repository?.url, p.name).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/);
      expect(pkg.repository?.directory, p.name).toBe(relative(ROOT, p.dir));
      expect(pkg.engines?.node, p.name).toBe('>=20.19');
      expect(pkg.publishConfig?.access, p.name).toBe('public');
      expect(typeof pkg.description, p.name).toBe('string');
      // Every file exports and types name is in the tarball (the `source` condition's too).
      for (const target of [...exportTargets(pkg.exports), pkg.types, ...Object.values(pkg.bin ?? {})].filter(Boolean) as string[]) {
        expect(existsSync(join(dir, target)), `${p.name}: ${target}`).toBe(true);
      }
    }
  });

  it('has no source map that points at a missing file', () => {
    for (const p of packed) {
      const dir = extracted.get(p.name)!;
      for (const map of walkFiles(dir).filter((f) => f.endsWith('.map'))) {
        const { sources, sourceRoot } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[]; sourceRoot?: string };
        for (const s of sources) expect(existsSync(join(dirname(map), sourceRoot ?? '', s)), `${relative(dir, map)} -> ${s}`).toBe(true);
      }
    }
  });

  it('attributes the embedded data in NOTICE, and the bundled packages beside each bundle', () => {
    const notice = readFileSync(join(ROOT, 'NOTICE'), 'utf8');
    expect(notice).toMatch(/@elastic\/ecs[\s\S]*Apache License/);
    expect(notice).toMatch(/elastic\/integrations[\s\S]*Elastic License 2\.0/);
    for (const name of ['esql-lint', '@esql-lint/schema', '@esql-lint/lsp']) {
      expect(readFileSync(join(extracted.get(name)!, 'NOTICE'), 'utf8'), name).toBe(notice);
    }
    for (const [name, file] of [['esql-lint', 'dist/THIRD-PARTY-LICENSES.txt'], ['@esql-lint/lsp', 'dist/THIRD-PARTY-LICENSES.txt']]) {
      const text = readFileSync(join(extracted.get(name)!, file), 'utf8');
      for (const dep of ['chevrotain', '@elastic/ecs', '@elastic/esql-definitions', 'vscode-languageserver']) expect(text, `${name}: ${dep}`).toContain(`\n${dep} `);
      expect(text).toContain('Elastic License 2.0');
    }
  });

  it('esql-lint depends on nothing; the scoped packages only on npm packages and each other', () => {
    const ours = new Set(packed.map((p) => p.name));
    for (const p of packed) {
      const pkg = JSON.parse(readFileSync(join(extracted.get(p.name)!, 'package.json'), 'utf8'));
      if (p.name === 'esql-lint') {
        expect(pkg.dependencies ?? {}).toEqual({});
        expect(pkg.peerDependencies ?? {}).toEqual({});
        continue;
      }
      for (const [dep, range] of Object.entries(pkg.dependencies ?? {})) {
        if (dep.startsWith('@esql-lint/')) {
          expect(ours.has(dep), `${p.name} -> ${dep}`).toBe(true);
          expect(range, `${p.name} -> ${dep}`).toBe(pkg.version);
        }
        expect(String(range), `${p.name} -> ${dep}`).not.toMatch(/^(file|link|workspace):/);
      }
    }
  });

  it('npm publish --dry-run is clean for each tarball', () => {
    for (const p of packed) {
      const run = spawnSync(npm, ['publish', '--dry-run', p.tarball], { cwd: work, encoding: 'utf8' });
      expect(run.status, `${p.name}: ${run.stderr}`).toBe(0);
      // The only warning a dry run may give: that we are not logged in.
      const warnings = run.stderr.split('\n').filter((l) => /\bwarn\b|\bERR\b/i.test(l) && !/requires you to be logged in/.test(l));
      expect(warnings, p.name).toEqual([]);
    }
  }, 180_000);
});

describe('the esql-lint tarball installed alone, with no registry reachable', () => {
  const app = join(work, 'app');
  const bin = (name: string) => join(app, 'node_modules', '.bin', name);

  beforeAll(() => {
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    const tarball = packed.find((p) => p.name === 'esql-lint')!.tarball;
    // A fresh npm cache: nothing of this machine's downloads can help.
    execFileSync(npm, ['install', '--no-package-lock', tarball], {
      cwd: app, stdio: 'pipe', env: { ...process.env, ...NO_REGISTRY, npm_config_cache: join(work, 'npm-cache') },
    });
  }, 120_000);

  it('weighs what the README says, and installs nothing else', () => {
    expect(readdirSync(join(app, 'node_modules')).filter((e) => e !== '.bin' && e !== '.package-lock.json')).toEqual(['esql-lint']);
    const p = packed.find((x) => x.name === 'esql-lint')!;
    // The README states the figures (rounded): keep them true.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /(\d+(?:\.\d+)?) MB unpacked, (\d+) kB as a tarball/.exec(readme);
    expect(m, 'README states the package weight').not.toBeNull();
    expect(Math.abs(Number(m![1]) - p.unpackedSize / 1e6)).toBeLessThan(0.5);
    expect(Math.abs(Number(m![2]) - p.size / 1e3) / (p.size / 1e3)).toBeLessThan(0.15);
  });

  it('esql-lint lints a rule: diagnostics and exit 1 on a broken one, exit 0 on a clean one', () => {
    const bad = spawnSync(bin('esql-lint'), [join(ROOT, 'examples/bad/unknown_field_kql.toml')], { cwd: app, encoding: 'utf8', env: { ...process.env, ...NO_REGISTRY } });
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stdout).toContain('unknown-field');
    expect(bad.stdout).toContain('aws.cloudtrail.user_identity.type');
    const good = spawnSync(bin('esql-lint'), [join(ROOT, 'examples/rules')], { cwd: app, encoding: 'utf8' });
    expect(good.status, good.stdout + good.stderr).toBe(0);
    const version = spawnSync(bin('esql-lint'), ['--version'], { cwd: app, encoding: 'utf8' });
    expect(version.stdout.trim()).toContain(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
  });

  it('esql-lint-lsp --stdio publishes diagnostics over LSP', async () => {
    const file = join(app, 'rule.toml');
    const text = readFileSync(join(ROOT, 'examples/bad/unknown_field_kql.toml'), 'utf8');
    writeFileSync(file, text);
    const client = startClient(bin('esql-lint-lsp'), app, 'stdio');
    try {
      const init = await client.connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(app).href, capabilities: {}, workspaceFolders: null });
      expect(init.capabilities.textDocumentSync).toBeTruthy();
      await client.connection.sendNotification(InitializedNotification.type, {});
      const uri = pathToFileURL(file).href;
      const published = client.diagnostics(uri, 1);
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'toml', version: 1, text } });
      const { diagnostics } = await published;
      expect(diagnostics.map((d) => d.code)).toEqual(['unknown-field']);
      expect(diagnostics[0].range.start).toEqual({ line: 10, character: 33 });
    } finally {
      await client.close();
    }
  });

  it("the README's Neovim set-up for this machine's nvim starts esql-lint-lsp and shows its diagnostics", (ctx) => {
    const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    if (version.error) return ctx.skip('nvim not installed (apt-get install neovim): the README Neovim snippet is not exercised');
    const [, minor] = /NVIM v0\.(\d+)/.exec(version.stdout) ?? [];
    const label = Number(minor) >= 11 ? 'Neovim 0.11 and newer:' : Number(minor) >= 8 ? 'Neovim 0.8 to 0.10:' : 'Neovim 0.7';
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const snippet = new RegExp(`${label.replace(/[.()]/g, '\\$&')}[^\\n]*\\n\\n\`\`\`lua\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1];
    expect(snippet, label).toBeTruthy();
    const dir = join(work, 'nvim');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'init.lua'), snippet!);
    const rule = join(dir, 'rule.toml');
    writeFileSync(rule, readFileSync(join(ROOT, 'examples/bad/unknown_field_kql.toml'), 'utf8'));
    const out = join(dir, 'out.json');
    const run = spawnSync('nvim', ['--headless', '-i', 'NONE', '-u', join(dir, 'init.lua'), rule, '-c', `luafile ${join(ROOT, 'test/editor-nvim/run.lua')}`], {
      cwd: dir, timeout: 90_000, encoding: 'utf8',
      env: {
        ...process.env, PATH: `${join(app, 'node_modules', '.bin')}:${process.env.PATH}`, NVIM_OUT: out, LSP_LINE: '10', LSP_CHARACTER: '40',
        XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache'),
      },
    });
    expect(existsSync(out), `nvim wrote no result: ${run.stderr}${run.stdout}`).toBe(true);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { got_diagnostics: boolean; diagnostics: Array<{ code?: string; lnum: number; col: number }> };
    expect(result.got_diagnostics).toBe(true);
    expect(result.diagnostics.map((d) => [d.code, d.lnum, d.col])).toEqual([['unknown-field', 10, 33]]);
  }, 120_000);

  it('the library imports from an ESM script', () => {
    writeFileSync(join(app, 'use.mjs'), `
import { lintText, parseEsql, esql, kql, allRules, VERSION } from 'esql-lint';
const rule = ${JSON.stringify(readFileSync(join(ROOT, 'examples/bad/unknown_field_kql.toml'), 'utf8'))};
const result = lintText(rule, { filename: 'rules/x.toml' });
const parsed = parseEsql('FROM logs-* | WHERE process.name == "a" | KEEP process.name');
console.log(JSON.stringify({
  codes: result.diagnostics.map((d) => d.code),
  line: result.diagnostics[0].range.start.line,
  commands: parsed.ast.commands.length,
  errors: parsed.diagnostics.length,
  fields: esql.fieldReferences(parsed.ast).length > 0,
  kql: kql.parse('a:(1').diagnostics.length > 0,
  rules: allRules().length > 10,
  version: VERSION,
}));
`);
    const out = execFileSync(process.execPath, ['use.mjs'], { cwd: app, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      codes: ['unknown-field'], line: 11, commands: 3, errors: 0, fields: true, kql: true, rules: true,
      version: JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version,
    });
  });

  it('the library type-checks from a TypeScript file under strict', () => {
    writeFileSync(join(app, 'use.ts'), `
import { lintText, lintFiles, parseEsql, esql, Linter, type FileResult, type LintReport, type FileDiagnostic } from 'esql-lint';
const result: FileResult = lintText('[rule]\\nquery = "x"', { filename: 'x.toml' });
const first: FileDiagnostic | undefined = result.diagnostics[0];
const line: number | undefined = first?.range.start.line;
const report: LintReport = lintFiles(['rules/']);
const errors: number = report.summary.errors;
const query: esql.Query = parseEsql('FROM a').ast;
const linter = new Linter();
export { line, errors, query, linter };
`);
    writeFileSync(join(app, 'use-bad.ts'), `
import { lintText } from 'esql-lint';
const n: number = lintText('', { filename: 'x.toml' }).diagnostics;
export { n };
`);
    // One program: the clean file and the wrong one. Our declarations are checked too (skipLibCheck off).
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] },
      files: ['use.ts', 'use-bad.ts'],
    }));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: app, encoding: 'utf8' });
    const errors = run.stdout.split('\n').filter(Boolean);
    // The types are real: only the wrong use fails, and it does.
    expect(errors.length, run.stdout).toBe(1);
    expect(errors[0]).toMatch(/^use-bad\.ts\(3,7\): error TS2322/);
    expect(run.status).not.toBe(0);
  }, 300_000);
});
