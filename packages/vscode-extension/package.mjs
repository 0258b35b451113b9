// Packages the extension as a .vsix: builds it, stages what it ships (package.json without
// dependencies, the two bundles, README, CHANGELOG, LICENSE, NOTICE, icon) in a temporary directory, and
// runs vsce there offline.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExtension } from './build.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** The files the manifest's contributions name: grammars and language configurations. */
export function contributedFiles(manifest) {
  const { languages = [], grammars = [] } = manifest.contributes ?? {};
  return [...languages.map((l) => l.configuration), ...grammars.map((g) => g.path)].filter(Boolean).map((p) => p.replace(/^\.\//, ''));
}

/** Builds and packages the extension; returns the .vsix path. */
export async function packageExtension(out) {
  const pkg = JSON.parse(readFileSync(here('./package.json'), 'utf8'));
  const vsix = out ?? here(`./dist/${pkg.name}-${pkg.version}.vsix`);
  const stage = mkdtempSync(join(tmpdir(), 'esql-lint-vsix-'));
  try {
    // Build straight into the staging directory: concurrent packagings never share files.
    await buildExtension(join(stage, 'dist'));
    // Everything runs from the bundles: the shipped manifest declares no dependency.
    const { dependencies, devDependencies, scripts, private: _private, ...manifest } = pkg;
    const contributed = contributedFiles(pkg);
    for (const file of contributed) {
      mkdirSync(dirname(join(stage, file)), { recursive: true });
      copyFileSync(here(`./${file}`), join(stage, file));
    }
    // What users see on the extension's page and in its folder: README, CHANGELOG (the project's), LICENSE,
    // NOTICE and the bundled packages' licences, and the icon.
    const docs = ['README.md', 'CHANGELOG.md', 'LICENSE', 'NOTICE', 'dist/THIRD-PARTY-LICENSES.txt', 'icon.png'];
    const files = ['dist/extension.cjs', 'dist/server/esql-lint-lsp.mjs', 'dist/server/chunks/**', ...docs, ...contributed];
    writeFileSync(join(stage, 'package.json'), JSON.stringify({ ...manifest, files }, null, 2));
    for (const f of ['README.md', 'LICENSE', 'NOTICE', 'icon.png']) copyFileSync(here(`./${f}`), join(stage, f));
    copyFileSync(here('../../CHANGELOG.md'), join(stage, 'CHANGELOG.md'));
    const vsce = here('../../node_modules/@vscode/vsce/vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix], {
      cwd: stage,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return vsix;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(await packageExtension(process.argv[2]));
