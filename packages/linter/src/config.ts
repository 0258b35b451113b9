import { dirname, fileExists as existsSync, join, readTextFile, resolve } from '@esql-lint/core/platform';
import { parseRuleSetting, ruleMeta, type RuleSetting } from './rules.js';
import type { FormatOptions } from '@esql-lint/core';
import { parseFormatConfig } from './format-config.js';

export const CONFIG_FILE = '.esql-lint.json';

/** A custom schema file of the configuration. */
export type SchemaFile = string | { path: string; ecs?: boolean };

/** The settings of a `.esql-lint.json` file. */
export interface Config {
  /** Severity per code: "off" | "info" | "warn" | "error". */
  rules?: Record<string, RuleSetting>;
  /** Accept ES|QL that only snapshot builds of Elasticsearch accept. */
  snapshot?: boolean;
  /**
   * Custom schema files (JSON `{pattern: {field: type}}`, fields.yml, an Elasticsearch mapping or field
   * capabilities response), relative to the config file; `{ "path": …, "ecs": true }` layers ECS and the
   * integration packages on top of a mapping (by default a mapping is the truth for its indices).
   */
  schemas?: SchemaFile[];
  /** Stop looking for config files in parent directories. */
  root?: boolean;
  /**
   * Files not to lint: globs relative to the config file (a pattern without a `/` matches at any
   * depth; `!pattern` un-ignores). Resolved by `validateConfig` to patterns with the config's directory.
   */
  ignores?: ConfigPatterns[];
  /** Settings for some files only: `files` globs relative to the config file, applied in order. */
  overrides?: ConfigOverride[];
  /** Ignore `esql-lint-disable` comments (`--no-inline-config`). */
  noInlineConfig?: boolean;
  /** `esql-lint format` and editors' Format Document: `{ "keywordCase": "preserve", "lineWidth": 100 }`. */
  format?: FormatOptions;
}

/** Globs and the directory they are relative to (the config file's; the working directory for flags). */
export interface ConfigPatterns {
  base: string;
  patterns: string[];
  /** Where they come from (a config file, `--ignore-pattern`), for messages. */
  source?: string;
}

export interface ConfigOverride {
  files: ConfigPatterns;
  /** Files of `files` this override does not apply to. */
  excludedFiles?: ConfigPatterns;
  rules?: Record<string, RuleSetting>;
  snapshot?: boolean;
  schemas?: SchemaFile[];
  noInlineConfig?: boolean;
}

const KEYS: Record<keyof Config, string> = {
  rules: 'object',
  snapshot: 'boolean',
  schemas: 'array',
  root: 'boolean',
  ignores: 'array',
  overrides: 'array',
  noInlineConfig: 'boolean',
  format: 'object',
};

const OVERRIDE_KEYS: Record<string, string> = {
  files: 'array',
  excludedFiles: 'array',
  rules: 'object',
  snapshot: 'boolean',
  schemas: 'array',
  noInlineConfig: 'boolean',
};

/** A user mistake in a config file or option: reported as one line, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates a parsed config object; `where` names its origin in messages. */
export function validateConfig(value: unknown, where: string, baseDir?: string): Config {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: the configuration must be a JSON object`);
  }
  const out: Config = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema') continue;
    const kind = KEYS[key as keyof Config];
    if (!kind) {
      throw new ConfigError(`${where}: unknown key "${key}" (known keys: ${Object.keys(KEYS).join(', ')})`);
    }
    const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
    if (actual !== kind) throw new ConfigError(`${where}: "${key}" must be ${kind === 'array' ? 'an array' : `a ${kind}`}, not ${actual}`);
  }
  const v = value as Record<string, unknown>;
  if (v.rules) out.rules = parseRules(v.rules as Record<string, unknown>, where);
  if (typeof v.snapshot === 'boolean') out.snapshot = v.snapshot;
  if (typeof v.root === 'boolean') out.root = v.root;
  if (v.format !== undefined) out.format = parseFormatConfig(v.format, (m) => {
    throw new ConfigError(`${where}: ${m}`);
  });
  if (typeof v.noInlineConfig === 'boolean') out.noInlineConfig = v.noInlineConfig;
  if (Array.isArray(v.schemas)) out.schemas = schemaPaths(v.schemas, `${where}: "schemas`, baseDir);
  const base = resolve(baseDir ?? '.');
  if (Array.isArray(v.ignores)) out.ignores = [{ base, patterns: globList(v.ignores, `${where}: "ignores`), source: where }];
  if (Array.isArray(v.overrides)) {
    out.overrides = v.overrides.map((o, i) => {
      const at = `${where}: "overrides[${i}]`;
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ConfigError(`${at}" must be an object`);
      for (const [key, x] of Object.entries(o)) {
        const kind = OVERRIDE_KEYS[key];
        if (!kind) throw new ConfigError(`${at}": unknown key "${key}" (known keys: ${Object.keys(OVERRIDE_KEYS).join(', ')})`);
        const actual = Array.isArray(x) ? 'array' : x === null ? 'null' : typeof x;
        if (actual !== kind) throw new ConfigError(`${at}.${key}" must be ${kind === 'array' ? 'an array' : `a ${kind}`}, not ${actual}`);
      }
      const ov = o as Record<string, unknown>;
      if (!Array.isArray(ov.files) || ov.files.length === 0) throw new ConfigError(`${at}" needs "files": a list of globs, relative to the config file`);
      const override: ConfigOverride = { files: { base, patterns: globList(ov.files, `${at}.files`) } };
      if (Array.isArray(ov.excludedFiles)) override.excludedFiles = { base, patterns: globList(ov.excludedFiles, `${at}.excludedFiles`) };
      if (ov.rules) override.rules = parseRules(ov.rules as Record<string, unknown>, `${at}"`);
      if (typeof ov.snapshot === 'boolean') override.snapshot = ov.snapshot;
      if (typeof ov.noInlineConfig === 'boolean') override.noInlineConfig = ov.noInlineConfig;
      if (Array.isArray(ov.schemas)) override.schemas = schemaPaths(ov.schemas, `${at}.schemas`, baseDir);
      return override;
    });
  }
  return out;
}

/** `schemas` entries: a file path, or `{ "path": "...", "ecs": true|false }`; paths relative to the config file. */
function schemaPaths(list: unknown[], at: string, baseDir: string | undefined): SchemaFile[] {
  return list.map((s, i): SchemaFile => {
    if (typeof s === 'string') return baseDir ? resolve(baseDir, s) : s;
    const o = s as Record<string, unknown>;
    if (typeof o === 'object' && o !== null && typeof o.path === 'string' && Object.keys(o).every((k) => k === 'path' || k === 'ecs') && (o.ecs === undefined || typeof o.ecs === 'boolean')) {
      return { path: baseDir ? resolve(baseDir, o.path) : o.path, ...(typeof o.ecs === 'boolean' ? { ecs: o.ecs } : {}) };
    }
    throw new ConfigError(`${at}[${i}]" must be a file path string or { "path": "...", "ecs": true|false }`);
  });
}

function globList(list: unknown[], at: string): string[] {
  return list.map((g, i) => {
    if (typeof g !== 'string' || g.trim() === '') throw new ConfigError(`${at}[${i}]" must be a glob string`);
    return g;
  });
}

export function parseRules(rules: Record<string, unknown>, where: string): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  for (const [code, setting] of Object.entries(rules)) {
    if (!ruleMeta(code)) throw new ConfigError(`${where}: unknown rule "${code}"`);
    const s = typeof setting === 'string' ? parseRuleSetting(setting) : undefined;
    if (!s) throw new ConfigError(`${where}: rule "${code}" must be "off", "info", "warn" or "error", not ${JSON.stringify(setting)}`);
    out[code] = s;
  }
  return out;
}

export function readConfigFile(path: string): Config {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (e) {
    throw new ConfigError(`${path}: cannot read (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: invalid JSON (${(e as Error).message})`);
  }
  return validateConfig(value, path, dirname(path));
}

/**
 * Merges configs, later ones winning; `rules` merge per code; `schemas`, `ignores` and `overrides`
 * accumulate (overrides of a nearer config apply after those of a farther one).
 */
export function mergeConfigs(...configs: Config[]): Config {
  const out: Config = {};
  for (const c of configs) {
    if (c.rules) out.rules = { ...out.rules, ...c.rules };
    if (c.snapshot !== undefined) out.snapshot = c.snapshot;
    if (c.noInlineConfig !== undefined) out.noInlineConfig = c.noInlineConfig;
    if (c.schemas) out.schemas = [...(out.schemas ?? []), ...c.schemas];
    if (c.ignores) out.ignores = [...(out.ignores ?? []), ...c.ignores];
    if (c.overrides) out.overrides = [...(out.overrides ?? []), ...c.overrides];
    if (c.format) out.format = { ...out.format, ...c.format };
  }
  return out;
}

/**
 * Finds the config files that apply to a directory: from it upward, nearest last, stopping at one
 * with `"root": true`. Cached per directory.
 */
export class ConfigResolver {
  private readonly cache = new Map<string, { config: Config; key: string }>();

  forDirectory(dir: string): { config: Config; key: string } {
    const abs = resolve(dir);
    const hit = this.cache.get(abs);
    if (hit) return hit;
    const file = join(abs, CONFIG_FILE);
    let result: { config: Config; key: string };
    const parent = dirname(abs);
    const own = existsSync(file) ? readConfigFile(file) : undefined;
    if (own?.root || parent === abs) {
      result = own ? { config: own, key: file } : { config: {}, key: '' };
    } else {
      const up = this.forDirectory(parent);
      result = own ? { config: mergeConfigs(up.config, own), key: `${up.key}|${file}` } : up;
    }
    this.cache.set(abs, result);
    return result;
  }
}
