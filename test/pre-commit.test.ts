/**
 * What pre-commit does with `id: esql-lint` (language: node): it packs this repository and installs the
 * tarball globally, then runs `entry` on the staged files that match `files`. Done here in a temp prefix.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const ROOT = join(__dirname, '..');

describe('the pre-commit hook', () => {
  const hooks = parseYaml(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
  const hook = hooks.find((h) => h.id === 'esql-lint')!;

  it('declares the esql-lint hook for rule and query files', () => {
    expect(hook).toMatchObject({ entry: 'esql-lint', language: 'node' });
    const files = new RegExp(String(hook.files));
    for (const f of ['rules/a.toml', 'q.esql', 'q.eql', 'q.kql', 'q.kuery']) expect(files.test(f), f).toBe(true);
    for (const f of ['README.md', 'x.py', 'toml.txt']) expect(files.test(f), f).toBe(false);
  });

  it('installs from the packed repository and lints the files it is given', () => {
    // Build the bundle the tarball carries (npm install does it; pack would run prepare too).
    execFileSync(process.execPath, [join(ROOT, 'packages/cli/build.mjs')], { cwd: ROOT });
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-pre-commit-'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    const tarball = join(dir, JSON.parse(packed)[0].filename);
    execFileSync(npm, ['install', '-g', '--prefix', join(dir, 'prefix'), tarball], { cwd: dir, stdio: 'pipe' });
    const bin = join(dir, 'prefix', 'bin', 'esql-lint');
    const bad = spawnSync(bin, [join(ROOT, 'examples/bad/unknown_field_kql.toml')], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('unknown-field');
    const good = spawnSync(bin, [join(ROOT, 'examples/rules/aws_cloudtrail_trail_stopped.toml')], { cwd: dir, encoding: 'utf8' });
    expect(good.status).toBe(0);
  }, 120_000);
});
