// The globs of config files (`ignores`, `overrides[].files`) and of `--ignore-pattern`: relative to
// the config file's directory (the working directory for flags), matched with picomatch.
//
//   - a pattern without a `/` (other than a trailing one) matches at any depth: `*.draft.toml`, `drafts`;
//   - a pattern that names a directory matches everything under it: `rules/_deprecated`, `tmp/`;
//   - a leading `/` anchors to the base directory; `!pattern` un-ignores what an earlier one ignored.
import { relative, sep } from '@esql-lint/core/platform';
import picomatch from 'picomatch';
import { mergeConfigs, type Config, type ConfigPatterns } from './config.js';

interface Compiled {
  negated: boolean;
  dirOnly: boolean;
  test: (path: string) => boolean;
}

const compiled = new Map<string, Compiled>();

function compile(pattern: string): Compiled {
  let hit = compiled.get(pattern);
  if (hit) return hit;
  let p = pattern.trim();
  const negated = p.startsWith('!');
  if (negated) p = p.slice(1);
  if (p.startsWith('./')) p = p.slice(2);
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  if (p.startsWith('/')) p = p.slice(1);
  else if (!p.includes('/')) p = `**/${p}`;
  hit = { negated, dirOnly, test: picomatch(p, { dot: true, windows: false }) };
  compiled.set(pattern, hit);
  return hit;
}

/** The path of `file` relative to `base` with `/` separators, or undefined when it is not under it. */
function relativeTo(base: string, file: string): string | undefined {
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep + sep)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * The pattern of `groups` that decides `file` (the last one matching it or a directory above it), or
 * undefined when none matches or the last match is a negation.
 */
export function matchingPattern(groups: readonly ConfigPatterns[] | undefined, file: string): string | undefined {
  if (!groups?.length) return undefined;
  let decided: string | undefined;
  for (const group of groups) {
    const rel = relativeTo(group.base, file);
    if (rel === undefined) continue;
    const parts = rel.split('/');
    for (const pattern of group.patterns) {
      const c = compile(pattern);
      let match = !c.dirOnly && c.test(rel);
      for (let i = 1; !match && i < parts.length; i++) match = c.test(parts.slice(0, i).join('/'));
      if (match) decided = c.negated ? undefined : pattern;
    }
  }
  return decided;
}

/**
 * The configuration that applies to one file: `config` (the merged config files and flags) with the
 * overrides whose `files` match it applied in order. `key` names the overrides taken, so that files
 * with the same effective configuration share one Linter.
 */
export function configForFile(config: Config, file: string): { config: Config; key: string } {
  const { overrides, ignores: _ignores, root: _root, ...base } = config;
  if (!overrides?.length) return { config: base, key: '' };
  const taken: number[] = [];
  let out: Config = base;
  overrides.forEach((o, i) => {
    if (!matchingPattern([o.files], file)) return;
    if (o.excludedFiles && matchingPattern([o.excludedFiles], file)) return;
    taken.push(i);
    const { files: _files, excludedFiles: _excluded, ...settings } = o;
    out = mergeConfigs(out, settings);
  });
  return { config: out, key: taken.join(',') };
}
