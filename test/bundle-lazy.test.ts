/**
 * Start-up of the built CLI (issue 19): the bundle evaluates a module on first use, so a lint evaluates the
 * parsers of the languages its rules are in, and no language's modules for `--version`; Node's zlib and
 * child_process are loaded only when a gzip file is read or git asked. Observed by running a copy of the built
 * bundle whose module wrapper (esbuild's `__esm`) records each module it evaluates.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyLanguagesSource } from '../packages/linter/build/lazy-languages.mjs';
import { fdirWithoutPicomatch } from '../packages/cli/build/fdir-no-picomatch.mjs';
import { lazyYamlSource } from '../packages/cli/build/lazy-yaml.mjs';
import { LAZY_IMPORTS, lazyImportsSource } from '../packages/cli/build/lazy-imports.mjs';
import { lazyReferenceParserSource } from '../scripts/lazy-reference-parser.mjs';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'packages/cli/dist');
const work = mkdtempSync(join(tmpdir(), 'esql-lint-bundle-lazy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ESM_HELPER = `var __esm = (fn, res) => function __init() {
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};`;
const RECORDING_HELPER = `var __esm = (fn, res) => function __init() {
  if (fn) (globalThis.__evaluated ??= []).push(__getOwnPropNames(fn)[0]);
  return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
};`;

const COMMONJS_HELPER = `var __commonJS = (cb, mod) => function __require() {
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};`;
const RECORDING_COMMONJS_HELPER = `var __commonJS = (cb, mod) => function __require() {
  if (!mod) (globalThis.__evaluated ??= []).push(__getOwnPropNames(cb)[0]);
  return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
};`;

/** A copy of the built CLI whose bundle records the modules it evaluates; run with `args`, it prints them. */
function evaluatedModules(args: string[], cwd = ROOT): { status: number | null; modules: string[]; builtins: string[]; stdout: string } {
  const chunks = join(DIST, 'chunks');
  const bundle = readdirSync(chunks).find((f) => f.endsWith('.cjs') && f !== 'load.cjs')!;
  const text = readFileSync(join(chunks, bundle), 'utf8');
  expect(text).toContain(ESM_HELPER);
  expect(text).toContain(COMMONJS_HELPER);
  writeFileSync(join(work, bundle), text.replace(ESM_HELPER, RECORDING_HELPER).replace(COMMONJS_HELPER, RECORDING_COMMONJS_HELPER));
  copyFileSync(join(chunks, 'load.mjs'), join(work, 'load.mjs'));
  const entry = join(work, 'entry.mjs');
  writeFileSync(
    entry,
    `import { loadBundle } from './load.mjs';
process.once('exit', () => process.stderr.write('\\n@@' + JSON.stringify([globalThis.__evaluated ?? [], process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13))])));
loadBundle(${JSON.stringify(join(work, bundle))}, import.meta.url).exports.runBin();\n`,
  );
  const r = spawnSync(process.execPath, [entry, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: 'off' } });
  const [modules, builtins] = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('@@') + 2)) as [string[], string[]];
  return { status: r.status, modules, builtins, stdout: r.stdout };
}

const parsers = (modules: string[]) => [...new Set(modules.map((m) => /packages\/(parser-\w+)\//.exec(m)?.[1]).filter(Boolean))].sort();

describe('the CLI bundle evaluates modules on first use', () => {
  it('a lint of EQL rules evaluates the EQL parser only; an ES|QL rule brings the ES|QL parser; --version none', () => {
    const eql = evaluatedModules(['examples/rules/linux_shell_after_ssh_login.toml', '--format', 'json']);
    expect(eql.status).toBe(0);
    expect(JSON.parse(eql.stdout).files).toHaveLength(1);
    expect(parsers(eql.modules)).toEqual(['parser-eql']);
    expect(eql.modules.some((m) => m.includes('esql-definitions'))).toBe(false);

    const both = evaluatedModules(['examples/rules/linux_shell_after_ssh_login.toml', 'examples/rules/aws_iam_many_access_denied.toml', '--format', 'json']);
    expect(both.status).toBe(0);
    expect(parsers(both.modules)).toEqual(['parser-eql', 'parser-esql']);

    // No YAML file read (examples/ has no _config.yaml), so the YAML library is not evaluated (lazy-yaml).
    expect(both.modules.filter((m) => m.includes('node_modules/yaml/'))).toEqual([]);

    const version = evaluatedModules(['--version']);
    expect(version.status).toBe(0);
    expect(parsers(version.modules)).toEqual([]);
  }, 60_000);

  it('a lint outside a git work tree that reads no gzip file loads neither zlib nor child_process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-builtins-'));
    try {
      copyFileSync(join(ROOT, 'examples/rules/linux_shell_after_ssh_login.toml'), join(dir, 'rule.toml'));
      const r = evaluatedModules([join(dir, 'rule.toml'), '--format', 'json'], dir);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).files).toHaveLength(1);
      expect(r.builtins).toContain('fs');
      expect(r.builtins.filter((m) => m === 'zlib' || m === 'child_process')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the bin starts as CommonJS (bin/esql-lint.js, dist/esql-lint.cjs)', () => {
  /** The Node modules a run of the real bin loaded, and its output. */
  const binRun = (args: string[]) => {
    const preload = join(work, 'list-builtins.cjs');
    writeFileSync(preload, "process.once('exit', () => process.stderr.write('\\n@@' + JSON.stringify(process.moduleLoadList)));\n");
    const r = spawnSync(process.execPath, ['--require', preload, join(ROOT, 'packages/cli/bin/esql-lint.js'), ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: 'off' },
    });
    return { ...r, loaded: JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('@@') + 2)) as string[] };
  };

  it('a lint sets up no ES module loader and loads no node:crypto; the output is the ES module entry’s', () => {
    const args = ['examples/rules/linux_shell_after_ssh_login.toml', 'examples/rules/aws_iam_many_access_denied.toml', '--format', 'json'];
    const r = binRun(args);
    expect(r.status, r.stderr).toBe(0);
    // The ES module loader's jobs and translators: what an ES module entry sets up (checked below).
    expect(r.loaded.filter((m) => /esm\/(module_job|translators)$/.test(m) || m === 'NativeModule crypto')).toEqual([]);
    const esm = spawnSync(process.execPath, [join(DIST, 'esql-lint.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: 'off' } });
    expect(r.stdout).toBe(esm.stdout);
    const preload = join(work, 'list-builtins.cjs');
    const viaEsm = spawnSync(process.execPath, ['--require', preload, join(DIST, 'esql-lint.mjs'), '--version'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: 'off' } });
    expect(viaEsm.stderr).toContain('esm/module_job');
  }, 60_000);

  it('--cache still hashes the build (node:crypto on use)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-bin-cache-'));
    try {
      const args = ['examples/rules/linux_shell_after_ssh_login.toml', '--format', 'json', '--cache', '--cache-location', join(dir, 'cache')];
      const first = binRun(args);
      expect(first.status, first.stderr).toBe(0);
      expect(first.loaded).toContain('NativeModule crypto');
      const build = JSON.parse(readFileSync(join(dir, 'cache'), 'utf8')).build as string;
      expect(build).toMatch(/^\d+\.\d+\.\d+.*\+[0-9a-f]{16}$/);
      expect(binRun(args).stdout).toBe(first.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('the built CLI takes its code from the bundle', () => {
  it('a lint loads no JavaScript file of node_modules, even where one would resolve (fdir no longer loads picomatch)', () => {
    // The real dist/ inside the repository: node_modules/picomatch resolves from there, as from a project that
    // installed esql-lint beside other packages.
    const preload = join(work, 'list-cjs.cjs');
    writeFileSync(preload, "process.once('exit', () => process.stderr.write('\\n@@' + JSON.stringify(Object.keys(require('node:module')._cache))));\n");
    const r = spawnSync(process.execPath, ['--require', preload, join(DIST, 'esql-lint.mjs'), 'examples/rules/linux_shell_after_ssh_login.toml', 'examples/rules/aws_iam_many_access_denied.toml', '--format', 'json'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: 'off' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toHaveLength(2);
    const loaded = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('@@') + 2)) as string[];
    expect(loaded.filter((f) => f.includes('node_modules'))).toEqual([]);
  }, 60_000);

  it('fails the build when fdir no longer loads picomatch as the plugin expects', () => {
    const fdir = readFileSync(join(ROOT, 'node_modules/fdir/dist/index.mjs'), 'utf8');
    expect(fdirWithoutPicomatch(fdir)).not.toContain('__require("picomatch")');
    expect(() => fdirWithoutPicomatch(fdir.replace('pm = __require("picomatch");', 'pm = load();'))).toThrow(/no longer loads picomatch/);
    expect(() => fdirWithoutPicomatch(`${fdir}\n__require("other");\n`)).toThrow(/more than picomatch/);
  });
});

describe('lazy-yaml (the CLI bundle’s form of schema/src/util.ts)', () => {
  const source = readFileSync(join(ROOT, 'packages/schema/src/util.ts'), 'utf8');
  it('turns the YAML import into a require on first use, and fails the build when the import changes', () => {
    const out = lazyYamlSource(source);
    expect(out).not.toMatch(/from 'yaml'/);
    expect(out).toContain("require('yaml').parse(...args)");
    expect(() => lazyYamlSource(source.replace("import { parse as parseYaml } from 'yaml';", "import { parse } from 'yaml';"))).toThrow(/no longer has the line/);
  });
  it('reads a YAML file as before: a custom rules directory (_config.yaml) in the built CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-yaml-'));
    try {
      writeFileSync(join(dir, '_config.yaml'), 'files:\n  stack-schema-map: stack-schema-map.yaml\n');
      writeFileSync(join(dir, 'stack-schema-map.yaml'), '9.9.0:\n  ecs: 9.9.0\n');
      copyFileSync(join(ROOT, 'examples/rules/linux_shell_after_ssh_login.toml'), join(dir, 'rule.toml'));
      const r = evaluatedModules([join(dir, 'rule.toml'), '--format', 'json'], dir);
      // Linted (1: inside a rules directory the review checks ask for the data source's tags).
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).files).toHaveLength(1);
      expect(r.modules.some((m) => m.includes('node_modules/yaml/'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('lazy-imports (tinyglobby, picomatch and diff in the CLI bundle)', () => {
  const files = ['packages/linter/src/files.ts', 'packages/linter/src/patterns.ts', 'packages/cli/src/formatters/stylish.ts'];
  it('turns each import into a require on first use, and fails the build when the import changes', () => {
    expect(LAZY_IMPORTS).toHaveLength(files.length);
    for (const f of files) {
      const source = readFileSync(join(ROOT, f), 'utf8');
      const out = lazyImportsSource(join(ROOT, f), source);
      expect(out).not.toMatch(/from '(tinyglobby|picomatch|diff)'/);
      expect(out).toMatch(/require\('(tinyglobby|picomatch|diff)'\)/);
      expect(() => lazyImportsSource(join(ROOT, f), source.replace(/^import .* from '(tinyglobby|picomatch|diff)';\n/m, ''))).toThrow(/no longer has the line/);
    }
  });
  const modules = (r: { modules: string[] }) => r.modules.filter((m) => /node_modules\/(tinyglobby|fdir|picomatch|diff)\//.test(m));
  it('a lint of plain paths evaluates none of them; a glob, a config pattern and --fix-dry-run each their own', () => {
    const plain = evaluatedModules(['examples/rules/linux_shell_after_ssh_login.toml', '--format', 'json']);
    expect(plain.status).toBe(0);
    expect(modules(plain)).toEqual([]);
    const glob = evaluatedModules(['examples/rules/linux_shell_after_*.toml', '--format', 'json']);
    expect(glob.status).toBe(0);
    expect(JSON.parse(glob.stdout).files.map((f: { path: string }) => f.path)).toEqual(JSON.parse(plain.stdout).files.map((f: { path: string }) => f.path));
    expect(modules(glob).some((m) => m.includes('node_modules/tinyglobby/'))).toBe(true);
    const ignored = evaluatedModules(['examples/rules/linux_shell_after_ssh_login.toml', '--ignore-pattern', '**/linux_*.toml', '--format', 'json']);
    expect(JSON.parse(ignored.stdout).files).toEqual([]);
    expect(modules(ignored).some((m) => m.includes('node_modules/picomatch/'))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-lazy-diff-'));
    try {
      // An ES|QL rule without the METADATA it needs: --fix-dry-run prints the fix as a diff.
      writeFileSync(join(dir, 'rule.toml'), ['[rule]', 'type = "esql"', 'language = "esql"', "query = '''", 'from logs-endpoint.events.process-*', '| where process.name == "cmd.exe"', '| keep process.name', "'''", ''].join('\n'));
      const fixed = evaluatedModules([join(dir, 'rule.toml'), '--fix-dry-run', '--no-color'], dir);
      expect(fixed.stdout).toContain('+++ b/');
      expect(modules(fixed).some((m) => m.includes('node_modules/diff/'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('lazy-languages (the bundles’ form of linter/src/languages.ts)', () => {
  const source = readFileSync(join(ROOT, 'packages/linter/src/languages.ts'), 'utf8');
  it('turns each language import into a require on first use', () => {
    const out = lazyLanguagesSource(source);
    expect(out).not.toMatch(/^import \{ \w+Checks \}/m);
    for (const [name, file] of [['kqlChecks', 'kql'], ['eqlChecks', 'eql'], ['esqlChecks', 'esql']]) {
      expect(out).toContain(`() => require("./languages/${file}.js").${name}`);
    }
  });
  it('fails the build when languages.ts no longer has the shape it relies on', () => {
    expect(() => lazyLanguagesSource(source.replace('() => eqlChecks', 'eqlChecks'))).toThrow(/eqlChecks must be used once/);
    expect(() => lazyLanguagesSource(`${source}\nexport const all = [eqlChecks];\n`)).toThrow(/eqlChecks must be used once/);
    expect(() => lazyLanguagesSource(source.replace(/^import \{ kqlChecks \}.*\n/m, ''))).toThrow(/an import per language/);
  });
});

describe('lazy-reference-parser (Chevrotain on the EQL reference parser’s first use, in the CLI and server bundles)', () => {
  const source = readFileSync(join(ROOT, 'packages/parser-eql/src/parse.ts'), 'utf8');
  it('turns the import of getParser into a require on first call, and fails the build when the import changes', () => {
    const path = join(ROOT, 'packages/parser-eql/src/parse.ts');
    const out = lazyReferenceParserSource(path, source);
    expect(out).not.toMatch(/from '\.\/parser\.js'/);
    expect(out).toContain("require('./parser.js').getParser()");
    expect(() => lazyReferenceParserSource(path, source.replace("import { getParser } from './parser.js';\n", ''))).toThrow(/no longer has the line/);
  });
  const chevrotain = (r: { modules: string[] }) => r.modules.filter((m) => /node_modules\/(chevrotain|lodash-es|@chevrotain)\//.test(m));
  it('a clean EQL rule evaluates no Chevrotain (its lexer error messages aside) and no lodash-es; a syntax error the reference parser', () => {
    const clean = evaluatedModules(['examples/rules/linux_shell_after_ssh_login.toml', '--format', 'json']);
    expect(clean.status).toBe(0);
    expect(JSON.parse(clean.stdout).files[0].language).toBe('eql');
    expect(chevrotain(clean).map((m) => m.replace(/^.*node_modules\//, ''))).toEqual(['chevrotain/lib/src/scan/lexer_errors_public.js']);
    expect(clean.modules.some((m) => m.endsWith('parser-eql/src/parser.ts'))).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-eql-error-'));
    try {
      const rule = readFileSync(join(ROOT, 'examples/rules/linux_shell_after_ssh_login.toml'), 'utf8');
      const broken = rule.replace(/^query = '''\n/m, "query = '''\nsequence by ( \n");
      expect(broken).not.toBe(rule);
      writeFileSync(join(dir, 'rule.toml'), broken);
      const r = evaluatedModules([join(dir, 'rule.toml'), '--format', 'json'], dir);
      const codes = JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string }) => d.code);
      expect(codes).toContain('syntax-error');
      expect(r.modules.some((m) => m.endsWith('parser-eql/src/parser.ts'))).toBe(true);
      expect(chevrotain(r).length).toBeGreaterThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
