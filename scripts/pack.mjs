#!/usr/bin/env node
// `npm run pack`: builds every publishable tarball into dist/packages/ (or the directory given as the first
// argument): the `esql-lint` package, each `@esql-lint/*` package and the VS Code extension's .vsix, and
// prints what each weighs. Publishing is then `npm publish dist/packages/<tarball>` for each tarball
// (`--dry-run` first), and `vsce publish --packagePath <vsix>` for the extension.
//
// The esql-lint package is built fresh into a staging directory (its bundles, types and licences), so a
// tarball never carries stale chunks of an earlier build; the scoped packages are packed in place from
// their tsc output (`npm run build` first, unless --no-build).
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The workspace packages that are published to npm (not private), as { dir, name, version }. */
export function publishablePackages() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return root.workspaces
    .map((dir) => ({ dir: join(ROOT, dir), pkg: JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ dir, name: pkg.name, version: pkg.version }));
}

/** `npm pack` of one directory into `outDir`; returns npm's JSON description of the tarball. */
export function npmPack(dir, outDir) {
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [info] = JSON.parse(out);
  return { ...info, tarball: join(outDir, info.filename) };
}

/** Builds the esql-lint package (packages/cli) into a fresh staging directory, ready for `npm pack`. */
export async function stageEsqlLint(stage = mkdtempSync(join(tmpdir(), 'esql-lint-stage-'))) {
  const cli = join(ROOT, 'packages/cli');
  const { buildBundles, buildTypes } = await import(join(cli, 'build.mjs'));
  await buildBundles(join(stage, 'dist'));
  await buildTypes(join(stage, 'dist'));
  for (const f of ['package.json', 'README.md', 'LICENSE', 'NOTICE']) copyFileSync(join(cli, f), join(stage, f));
  cpSync(join(cli, 'bin'), join(stage, 'bin'), { recursive: true });
  // Build-time only: the bundles embed them.
  const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
  if (pkg.dependencies && Object.keys(pkg.dependencies).length) throw new Error('esql-lint must have no runtime dependencies: it is bundled');
  return stage;
}

/** Builds (unless build: false) and packs every publishable package and the extension into outDir. */
export async function packAll({ outDir = join(ROOT, 'dist/packages'), build = true, vsix = true } = {}) {
  if (build) execFileSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const packed = [];
  for (const { dir, name } of publishablePackages()) {
    if (name === 'esql-lint') {
      const stage = await stageEsqlLint();
      try {
        packed.push({ name, dir, ...npmPack(stage, outDir) });
      } finally {
        rmSync(stage, { recursive: true, force: true });
      }
    } else {
      packed.push({ name, dir, ...npmPack(dir, outDir) });
    }
  }
  let extension;
  if (vsix) {
    const { packageExtension } = await import(join(ROOT, 'packages/vscode-extension/package.mjs'));
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/vscode-extension/package.json'), 'utf8'));
    extension = await packageExtension(join(outDir, `${manifest.name}-${manifest.version}.vsix`));
  }
  return { packed, extension };
}

const kb = (n) => `${(n / 1000).toFixed(0)} kB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? join(ROOT, 'dist/packages'));
  const { packed, extension } = await packAll({ outDir, build: !args.includes('--no-build') });
  console.log(`\n${'package'.padEnd(30)} ${'tarball'.padStart(9)} ${'unpacked'.padStart(9)} files`);
  for (const p of packed) console.log(`${`${p.name}@${p.version}`.padEnd(30)} ${kb(p.size).padStart(9)} ${kb(p.unpackedSize).padStart(9)} ${String(p.entryCount).padStart(5)}`);
  if (extension) console.log(`${'VS Code extension'.padEnd(30)} ${kb(statSync(extension).size).padStart(9)}`);
  console.log(`\nIn ${outDir}:\n${readdirSync(outDir).map((f) => `  ${f}`).join('\n')}`);
}
