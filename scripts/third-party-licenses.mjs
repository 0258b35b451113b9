// Writes THIRD-PARTY-LICENSES.txt beside a bundle: the name, version, licence and licence text of every npm
// package an esbuild build embedded (read from the build's metafile), as the MIT, ISC, Apache-2.0 and Elastic
// License 2.0 terms of those packages ask of copies. Our own workspace packages are not listed (see LICENSE).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i;

/** The package directories (inside node_modules) that the metafile's inputs come from. */
export function bundledPackages(metafile, cwd = process.cwd()) {
  const dirs = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const file = resolve(cwd, input.replace(/^[a-z-]+:/, ''));
    const parts = file.split(sep);
    const at = parts.lastIndexOf('node_modules');
    if (at < 0) continue;
    const depth = parts[at + 1]?.startsWith('@') ? 3 : 2;
    const dir = parts.slice(0, at + depth).join(sep);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    // Workspace packages are linked into node_modules; they are ours.
    if (pkg.name?.startsWith('@esql-lint/')) continue;
    dirs.set(`${pkg.name}@${pkg.version}`, { dir, pkg });
  }
  return [...dirs.values()].sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** Writes the licences of the packages bundled by a build (its metafile) to `outFile`; returns their names. */
export function writeThirdPartyLicenses(metafile, outFile, cwd = process.cwd()) {
  const packages = bundledPackages(metafile, cwd);
  const sections = packages.map(({ dir, pkg }) => {
    const files = readdirSync(dir).filter((f) => LICENSE_FILE.test(f)).sort();
    const texts = files.map((f) => readFileSync(join(dir, f), 'utf8').trim());
    const licence = typeof pkg.license === 'string' ? pkg.license : (pkg.license?.type ?? 'see the text below');
    const header = `${pkg.name} ${pkg.version}\nLicence: ${licence}${pkg.repository ? `\nSource: ${typeof pkg.repository === 'string' ? pkg.repository : pkg.repository.url}` : ''}`;
    if (texts.length === 0) throw new Error(`${pkg.name}: no licence file in ${dir}`);
    return `${header}\n\n${texts.join('\n\n')}`;
  });
  const intro =
    `This bundle embeds the following ${packages.length} open-source packages (and esql-lint itself, see LICENSE and NOTICE).\n` +
    'Each keeps its own licence, reproduced here.\n';
  writeFileSync(outFile, [intro, ...sections].join(`\n\n${'-'.repeat(78)}\n\n`) + '\n');
  return packages.map(({ pkg }) => `${pkg.name}@${pkg.version}`);
}

export const THIRD_PARTY_FILE = 'THIRD-PARTY-LICENSES.txt';
