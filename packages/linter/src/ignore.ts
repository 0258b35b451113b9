// Which of the files found are not linted: `ignores` of the config files, `--ignore-pattern`, and the
// .gitignore rules of the git work tree a file is in (asked of git itself, so that nested .gitignore
// files, .git/info/exclude and the global excludes file all count, exactly as git sees them).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import type { ConfigPatterns } from './config.js';
import { matchingPattern } from './patterns.js';

export interface IgnoredFile {
  /** Absolute path. */
  path: string;
  /** Why: `ignores` of a config file, `--ignore-pattern`, or `.gitignore`. */
  reason: string;
}

export interface IgnoreOptions {
  /** `--ignore-pattern` globs, relative to the working directory. */
  ignorePatterns?: ConfigPatterns;
  /** Respect .gitignore inside a git work tree (default true; `--no-gitignore`). */
  gitignore?: boolean;
}

/**
 * Splits `files` into those to lint and those ignored, keeping the order. `ignoresOf(dir)` gives the
 * `ignores` of the config files that apply to a directory.
 */
export function partitionIgnored(
  files: readonly string[],
  ignoresOf: (dir: string) => readonly ConfigPatterns[] | undefined,
  options: IgnoreOptions,
): { files: string[]; ignored: IgnoredFile[] } {
  const keep: string[] = [];
  const ignored: IgnoredFile[] = [];
  const candidates: string[] = [];
  for (const file of files) {
    const abs = resolve(file);
    const own = ignoresOf(dirname(abs));
    const byConfig = matchingPattern(own, abs);
    if (byConfig) {
      const group = own!.find((g) => g.patterns.includes(byConfig));
      ignored.push({ path: file, reason: `ignored by "${byConfig}" in ${group?.source ?? 'the config'}` });
      continue;
    }
    const byFlag = options.ignorePatterns ? matchingPattern([options.ignorePatterns], abs) : undefined;
    if (byFlag) {
      ignored.push({ path: file, reason: `ignored by --ignore-pattern "${byFlag}"` });
      continue;
    }
    candidates.push(file);
  }
  const gitIgnored = options.gitignore === false ? new Set<string>() : gitIgnoredFiles(candidates);
  for (const file of candidates) {
    if (gitIgnored.has(file)) ignored.push({ path: file, reason: 'ignored by .gitignore' });
    else keep.push(file);
  }
  if (ignored.length === 0) return { files: keep, ignored };
  // Keep the discovery order of the files linted; the ignored ones in discovery order too.
  const order = new Map(files.map((f, i) => [f, i]));
  ignored.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
  return { files: keep, ignored };
}

const rootCache = new Map<string, string | null>();

/** The top directory of the git work tree `dir` is in (a `.git` directory or file), or null. */
export function gitRoot(dir: string): string | null {
  const hit = rootCache.get(dir);
  if (hit !== undefined) return hit;
  let root: string | null;
  if (existsSync(join(dir, '.git'))) root = dir;
  else {
    const parent = dirname(dir);
    root = parent === dir ? null : gitRoot(parent);
  }
  rootCache.set(dir, root);
  return root;
}

/** The files that git ignores, asked of `git check-ignore` once per work tree. No git: none. */
export function gitIgnoredFiles(files: readonly string[]): Set<string> {
  const byRoot = new Map<string, string[]>();
  for (const file of files) {
    const root = gitRoot(dirname(resolve(file)));
    if (!root) continue;
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(file);
  }
  const out = new Set<string>();
  for (const [root, list] of byRoot) {
    const rel = list.map((f) => relative(root, resolve(f)));
    // node:child_process loaded here, in a git work tree only (issue 19, start-up).
    const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const r = spawnSync('git', ['check-ignore', '--stdin', '-z'], { cwd: root, input: rel.join('\0') + '\0', encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // 0: some are ignored, 1: none; anything else (no git, not a work tree git accepts): no filtering.
    if (r.error || (r.status !== 0 && r.status !== 1)) continue;
    const ignored = new Set(r.stdout.split('\0').filter(Boolean));
    list.forEach((f, i) => {
      if (ignored.has(rel[i])) out.add(f);
    });
  }
  return out;
}
