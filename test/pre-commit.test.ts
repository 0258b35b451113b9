/**
 * The pre-commit hook as users meet it. pre-commit installs a `language: node` hook from the repository at
 * `rev` by cloning it, running `npm install --dev --prod`, `npm pack` (reading the tarball's name from its
 * output) and `npm install -g <tarball>`, then runs `entry` on the matching files.
 * - With the real pre-commit (Debian's; skipped with a message without it): a release of this repository
 *   (scripts/release.mjs, in a temporary copy) installed by `pre-commit run --all-files` in a temporary
 *   rules repository, with no npm registry reachable, passing on clean rules and failing with the
 *   diagnostics on a broken one; later runs offline too.
 * - Without it: the same npm steps on a plain commit of the root, as pre-commit would do them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
// @ts-expect-error: a plain .mjs script
import { stageEsqlLint } from '../scripts/pack.mjs';

const ROOT = join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
/** An npm registry that refuses connections: anything that tries to download fails at once. */
const NO_REGISTRY = { npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' };
const GIT_ID = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const havePreCommit = preCommit.status === 0;
if (!havePreCommit) console.warn('pre-commit is not installed (apt-get install pre-commit): the real pre-commit test is skipped');

describe('the pre-commit hook', () => {
  const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
  const hook = hooks.find((h) => h.id === 'esql-lint')!;

  it('declares the esql-lint hook for rule and query files', () => {
    expect(hook).toMatchObject({ entry: 'esql-lint', language: 'node' });
    const files = new RegExp(String(hook.files));
    for (const f of ['rules/a.toml', 'q.esql', 'q.eql', 'q.kql', 'q.kuery']) expect(files.test(f), f).toBe(true);
    for (const f of ['README.md', 'x.py', 'toml.txt']) expect(files.test(f), f).toBe(false);
  });

  it('the README snippet is the one that installs it: this repository, a release tag, the hook id', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const snippet = /### pre-commit[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)![1];
    const config = parseYaml(snippet) as { repos: Array<{ repo: string; rev: string; hooks: Array<{ id: string }> }> };
    const cli = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8'));
    expect(config.repos[0].repo + '.git').toBe(cli.repository.url.replace(/^git\+/, ''));
    expect(config.repos[0].rev).toBe(`v${VERSION}`);
    expect(config.repos[0].hooks.map((h) => h.id)).toEqual(['esql-lint']);
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`## [${VERSION}]`);
  });

  it('npm pack of a plain commit prints only the tarball name (no build output), and the tarball installs and lints', () => {
    // A commit of main carries no bundle: this is after `npm install` built it (which pre-commit's
    // `npm install --dev --prod` of a plain commit does too, through postinstall).
    execFileSync(process.execPath, [join(ROOT, 'packages/cli/build.mjs'), '--no-types'], { cwd: ROOT });
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-pre-commit-'));
    try {
      const packed = execFileSync(npm, ['pack', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
      expect(packed.trim()).toMatch(/^[\w.-]+\.tgz$/);
      const tarball = join(dir, packed.trim());
      execFileSync(npm, ['install', '-g', '--prefix', join(dir, 'prefix'), tarball], { cwd: dir, stdio: 'pipe', env: { ...process.env, ...NO_REGISTRY } });
      const bin = join(dir, 'prefix', 'bin', 'esql-lint');
      const bad = spawnSync(bin, [join(ROOT, 'examples/bad/unknown_field_kql.toml')], { cwd: dir, encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stdout).toContain('unknown-field');
      const good = spawnSync(bin, [join(ROOT, 'examples/rules/aws_cloudtrail_trail_stopped.toml')], { cwd: dir, encoding: 'utf8' });
      expect(good.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe.skipIf(!havePreCommit)(`real pre-commit (${preCommit.stdout?.trim() || 'absent'}) with a release tag`, () => {
  const work = mkdtempSync(join(tmpdir(), 'esql-lint-real-pre-commit-'));
  const release = join(work, 'esql-lint');
  const rules = join(work, 'rules-repo');
  const env = { ...process.env, ...GIT_ID, ...NO_REGISTRY, PRE_COMMIT_HOME: join(work, 'pre-commit-home'), npm_config_cache: join(work, 'npm-cache') };
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });
  const run = () => spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], { cwd: rules, env, encoding: 'utf8' });

  beforeAll(async () => {
    // This repository as it stands (tracked and new files, with their current content), committed in a
    // temporary repository, then released there as a maintainer would: `npm run release -- <version>`.
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue;
      mkdirSync(dirname(join(release, f)), { recursive: true });
      copyFileSync(join(ROOT, f), join(release, f));
    }
    git(release, 'init', '-q', '-b', 'main');
    git(release, 'add', '-A');
    git(release, 'commit', '-q', '-m', 'snapshot');
    // The bundles, freshly built (the temporary copy has no node_modules to build with).
    const stage = await stageEsqlLint();
    try {
      execFileSync(process.execPath, ['scripts/release.mjs', VERSION, '--prebuilt', stage], { cwd: release, env, stdio: 'pipe' });
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
    mkdirSync(join(rules, 'rules'), { recursive: true });
    for (const f of readdirSync(join(ROOT, 'examples/rules')).filter((x) => x.endsWith('.toml'))) copyFileSync(join(ROOT, 'examples/rules', f), join(rules, 'rules', f));
    // The README's snippet, pointed at the temporary release.
    const snippet = /### pre-commit[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))![1];
    writeFileSync(join(rules, '.pre-commit-config.yaml'), snippet.replace(/repo: \S+/, `repo: ${release}`));
    git(rules, 'init', '-q', '-b', 'main');
    git(rules, 'add', '-A');
    git(rules, 'commit', '-q', '-m', 'rules');
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the release tag carries the bundle and a manifest with nothing to install or build', () => {
    const manifest = JSON.parse(git(release, 'show', `v${VERSION}:package.json`));
    expect(manifest.name).toBe('esql-lint');
    expect(manifest.scripts ?? {}).toEqual({});
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.devDependencies ?? {}).toEqual({});
    expect(manifest.workspaces).toBeUndefined();
    const tree = git(release, 'ls-tree', '-r', '--name-only', `v${VERSION}`).split('\n');
    expect(tree).toContain('packages/cli/dist/esql-lint.mjs');
    expect(tree).toContain('packages/cli/dist/esql-lint-lsp.mjs');
    expect(tree).not.toContain('package-lock.json');
    // Main's history has no build output: the release commit sits beside it.
    expect(git(release, 'ls-tree', '-r', '--name-only', 'main').split('\n')).not.toContain('packages/cli/dist/esql-lint.mjs');
  });

  it('installs the hook with no registry reachable and passes on clean rules', () => {
    const first = run();
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toMatch(/esql-lint\.+Passed/);
    // What pre-commit installed: the esql-lint package alone.
    const home = join(work, 'pre-commit-home');
    const repoDir = readdirSync(home).map((d) => join(home, d)).find((d) => existsSync(join(d, '.pre-commit-hooks.yaml')))!;
    const env = readdirSync(repoDir).find((d) => d.startsWith('node_env'))!;
    expect(readdirSync(join(repoDir, env, 'lib', 'node_modules'))).toEqual(['esql-lint']);
  }, 300_000);

  it('fails with the diagnostics on a broken rule, offline', () => {
    copyFileSync(join(ROOT, 'examples/bad/unknown_field_kql.toml'), join(rules, 'rules', 'broken.toml'));
    git(rules, 'add', '-A');
    const second = run();
    expect(second.status).toBe(1);
    expect(second.stdout).toMatch(/esql-lint\.+Failed/);
    expect(second.stdout).toContain('rules/broken.toml:11:34');
    expect(second.stdout).toContain('unknown-field');
    expect(second.stdout).toContain('Did you mean "aws.cloudtrail.user_identity.type"?');
  }, 300_000);

  it('passes again once the rule is fixed, still offline', () => {
    const broken = join(rules, 'rules', 'broken.toml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('user_identiy', 'user_identity'));
    git(rules, 'add', '-A');
    const third = run();
    expect(third.status, third.stdout).toBe(0);
  }, 300_000);
});
