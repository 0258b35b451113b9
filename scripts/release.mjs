#!/usr/bin/env node
// Cuts a release: `npm run release -- 0.2.0`.
//
// 1. Versions: sets <version> in every package.json of the workspace (the root, each package, the pins
//    between our packages), package-lock.json and the CLI's version fallback, and commits that as
//    "Release <version>" when anything changed. CHANGELOG.md must already have a `## [<version>]` section.
// 2. The release commit: a commit whose parent is that one, and whose tree is the same plus the built
//    esql-lint bundles (packages/cli/dist/...), with the root package.json replaced by the manifest of the
//    esql-lint package (no scripts, no devDependencies, no workspaces) and no package-lock.json. It is
//    written with a temporary git index: the work tree and the branch are not touched.
// 3. The annotated tag v<version> on the release commit.
//
// Why: pre-commit installs a node hook from the repository at `rev` by running `npm install` (with dev
// dependencies), `npm pack` and `npm install -g <tarball>` in a clone. At a release tag that needs nothing:
// no build, no build tools, no registry (the tarball has no dependency), and `npm pack` prints only the
// tarball's name (no lifecycle script). `npm install github:<owner>/esql-lint#v<version>` works the same
// way. Main stays free of build output.
//
// Then: `git push origin main v<version>`, `npm run pack` and `npm publish` each tarball of dist/packages,
// and attach the .vsix to the release.
//
// Options: --no-build (use the current build), --prebuilt DIR (take the esql-lint bundles from DIR, a
// staged package as scripts/pack.mjs makes it), --no-tag (print the release commit only), --allow-dirty.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const git = (args, options = {}) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', ...options }).trim();

/** Every package.json of the workspace: the root and its workspaces. */
function manifests() {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return ['package.json', ...root.workspaces.map((w) => `${w}/package.json`)];
}

/** Sets `version` everywhere it is written down; returns the files changed. */
export function setVersion(version) {
  const changed = [];
  const write = (file, before, after) => {
    if (before !== after) {
      writeFileSync(join(ROOT, file), after);
      changed.push(file);
    }
  };
  const ours = new Set();
  for (const file of manifests()) ours.add(JSON.parse(readFileSync(join(ROOT, file), 'utf8')).name);
  const pin = (deps) => {
    for (const name of Object.keys(deps ?? {})) if (ours.has(name)) deps[name] = version;
  };
  // Textual edits of the manifests, so their formatting stays as their authors wrote it: the top-level
  // "version" (the first one in the file) and the pins of our scoped packages.
  for (const file of manifests()) {
    const before = readFileSync(join(ROOT, file), 'utf8');
    const after = before
      .replace(/("version"\s*:\s*")[^"]*(")/, `$1${version}$2`)
      .replace(/("@esql-lint\/[\w.-]+"\s*:\s*")[^"]*(")/g, `$1${version}$2`);
    write(file, before, after);
  }
  const lockFile = 'package-lock.json';
  const lockBefore = readFileSync(join(ROOT, lockFile), 'utf8');
  const lock = JSON.parse(lockBefore);
  lock.version = version;
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || !path.startsWith('node_modules/')) {
      if (ours.has(entry.name) || path === '') entry.version = version;
      pin(entry.dependencies);
      pin(entry.devDependencies);
    }
  }
  write(lockFile, lockBefore, JSON.stringify(lock, null, 2) + '\n');
  const versionTs = 'packages/cli/src/version.ts';
  const vBefore = readFileSync(join(ROOT, versionTs), 'utf8');
  write(versionTs, vBefore, vBefore.replace(/: '\d+\.\d+\.\d+[^']*';/, `: '${version}';`));
  return changed;
}

/** The root package.json of a release commit: the esql-lint package, at the repository root. */
export function releaseManifest(version) {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const cli = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8'));
  const at = (p) => `./packages/cli/${p.replace(/^\.\//, '')}`;
  return {
    name: cli.name,
    version,
    description: cli.description,
    keywords: cli.keywords,
    homepage: cli.homepage,
    bugs: cli.bugs,
    repository: { type: cli.repository.type, url: cli.repository.url },
    license: cli.license,
    type: cli.type,
    exports: { '.': { types: at(cli.exports['.'].types), default: at(cli.exports['.'].default) }, './package.json': './package.json' },
    types: at(cli.types),
    bin: root.bin,
    files: root.files.filter((f) => !f.startsWith('scripts/')),
    engines: cli.engines,
  };
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? filesUnder(join(dir, e)) : [join(dir, e)]));
}

/** Writes the release commit (parent: HEAD) and returns its hash. `dist` is a built dist/ of the esql-lint package. */
export function releaseCommit(version, dist) {
  const index = join(mkdtempSync(join(tmpdir(), 'esql-lint-release-')), 'index');
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const run = (args, input) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', env, input }).trim();
  try {
    run(['read-tree', 'HEAD']);
    const add = (path, blob) => run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`]);
    const hash = (text) => run(['hash-object', '-w', '--stdin'], text);
    const shipped = filesUnder(dist).filter((f) => /\.(mjs|cjs|d\.ts|txt)$/.test(f));
    if (!shipped.some((f) => f.endsWith('esql-lint.mjs'))) throw new Error(`${dist} has no esql-lint.mjs: build first`);
    for (const file of shipped) add(`packages/cli/dist/${relative(dist, file)}`, run(['hash-object', '-w', file]));
    add('package.json', hash(JSON.stringify(releaseManifest(version), null, 2) + '\n'));
    run(['update-index', '--force-remove', 'package-lock.json']);
    const tree = run(['write-tree']);
    return run(['commit-tree', tree, '-p', 'HEAD', '-m', `esql-lint ${version} (release commit: the built bundles, installable without a build)`]);
  } finally {
    rmSync(index, { force: true });
  }
}

async function main(args) {
  const version = args.find((a) => !a.startsWith('--') && /^\d+\.\d+\.\d+/.test(a));
  if (!version) throw new Error('usage: npm run release -- <version> [--no-build] [--prebuilt DIR] [--no-tag] [--allow-dirty]');
  const flag = (f) => args.includes(f);
  const prebuilt = flag('--prebuilt') ? resolve(args[args.indexOf('--prebuilt') + 1]) : undefined;
  if (!flag('--allow-dirty') && git(['status', '--porcelain', '--untracked-files=no'])) throw new Error('the work tree has uncommitted changes');
  if (!new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm').test(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'))) {
    throw new Error(`CHANGELOG.md has no "## [${version}]" section`);
  }
  const changed = setVersion(version);
  if (changed.length) {
    git(['add', ...changed]);
    git(['commit', '-q', '-m', `Release ${version}`, '--', ...changed]);
    console.log(`version ${version} set in ${changed.length} files, committed`);
  }
  let dist = prebuilt ? join(prebuilt, 'dist') : undefined;
  let stage;
  if (!dist) {
    if (!flag('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    const { stageEsqlLint } = await import('./pack.mjs');
    stage = await stageEsqlLint();
    dist = join(stage, 'dist');
  }
  try {
    const commit = releaseCommit(version, dist);
    if (flag('--no-tag')) {
      console.log(commit);
      return;
    }
    git(['tag', '-a', `v${version}`, commit, '-m', `esql-lint ${version}`]);
    console.log(`tagged v${version} -> ${commit}\nnext: git push origin HEAD v${version}; npm run pack; npm publish each tarball in dist/packages`);
  } finally {
    if (stage) rmSync(stage, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`release: ${e.message}`);
    process.exit(1);
  });
}
