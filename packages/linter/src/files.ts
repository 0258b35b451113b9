import { readFileSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { isLintableFile, parseRuleDocument } from '@esql-lint/rule-document';
import { ConfigError, ConfigResolver, mergeConfigs, type Config } from './config.js';
import { Linter, type LintOptions } from './linter.js';
import { applySafeFixes } from './fix.js';
import { summarize, type FileResult, type LintReport } from './result.js';

const SKIPPED_DIRS = new Set(['node_modules']);

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new ConfigError(`cannot read directory ${dir}: ${(e as Error).message}`);
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && isLintableFile(e.name)) out.push(p);
  }
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Expands the CLI's paths and globs into the files to lint: directories recursively (rule files
 * and raw query files, skipping node_modules and dot-directories), globs with tinyglobby, plain
 * files as given (whatever their extension). A path that matches nothing is an error.
 */
export function expandPaths(patterns: readonly string[], cwd = process.cwd()): string[] {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const abs = resolve(cwd, pattern);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found: string[] = [];
      walk(abs, found);
      found.sort().forEach((f) => out.add(f));
    } else if (stat?.isFile()) {
      out.add(abs);
    } else if (GLOB_CHARS.test(pattern)) {
      const found = globSync(pattern, { cwd, absolute: true, ignore: ['**/node_modules/**'], dot: false }).filter(isLintableFile);
      if (found.length === 0) throw new ConfigError(`no files match ${pattern}`);
      found.sort().forEach((f) => out.add(f));
    } else {
      throw new ConfigError(`no such file or directory: ${pattern}`);
    }
  }
  return [...out];
}

export interface LintFilesOptions {
  /** Settings that override the config files (the CLI's flags). */
  overrides?: Config;
  /** Use no `.esql-lint.json` files. */
  noConfig?: boolean;
  cwd?: string;
  /** Called after each file, for progress reporting. */
  onFile?(done: number, total: number): void;
}

/** Lints files and directories (and globs), with the config files found upward from each file. */
export function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): LintReport {
  const cwd = options.cwd ?? process.cwd();
  const files = expandPaths(paths, cwd);
  const linters = new LinterPool(options);
  const results: FileResult[] = [];
  files.forEach((file, i) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
    }
    const result = linters.forFile(file).lintText(text, file);
    result.path = relative(cwd, file) || file;
    results.push(result);
    options.onFile?.(i + 1, files.length);
  });
  return { files: results, summary: summarize(results) };
}

/** One Linter per distinct effective configuration, so caches are shared across files. */
export class LinterPool {
  private readonly resolver = new ConfigResolver();
  private readonly linters = new Map<string, Linter>();

  constructor(private readonly options: LintFilesOptions = {}) {}

  forFile(file: string): Linter {
    const found = this.options.noConfig ? { config: {}, key: '' } : this.resolver.forDirectory(dirname(resolve(file)));
    let linter = this.linters.get(found.key);
    if (!linter) {
      const config = mergeConfigs(found.config, this.options.overrides ?? {});
      linter = new Linter(configToOptions(config));
      this.linters.set(found.key, linter);
    }
    return linter;
  }
}

export function configToOptions(config: Config): LintOptions {
  const options: LintOptions = {};
  if (config.rules) options.rules = config.rules;
  if (config.snapshot !== undefined) options.snapshot = config.snapshot;
  if (config.schemas) options.schemas = config.schemas;
  return options;
}

export interface LintTextOptions extends LintFilesOptions {
  /** The file name decides the format (`.toml`, `.esql`, `.eql`, `.kql`) and where config is looked up. */
  filename: string;
}

/** Lints a text as if it were the file `filename` (used for stdin and by editors). */
export function lintText(text: string, options: LintTextOptions): FileResult {
  const file = resolve(options.cwd ?? process.cwd(), options.filename);
  return new LinterPool(options).forFile(file).lintText(text, options.filename);
}

/** `explainSchema` for a file, with the config that applies to it. */
export function explainSchemaOfFile(file: string, options: LintFilesOptions = {}) {
  const abs = resolve(options.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return explainSchema(text, { ...options, filename: abs });
}

/**
 * Which schemas each query of a rule text is checked against, and why (the library form of
 * `esql-lint --explain-schema`): `filename` places the text, for config files and a rules checkout.
 */
export function explainSchema(text: string, options: LintTextOptions) {
  const file = resolve(options.cwd ?? process.cwd(), options.filename);
  return new LinterPool(options).forFile(file).explainSchema(parseRuleDocument(text, file));
}

/**
 * `--fix`: lints the files, applies the safe fixes of each, and writes back only the files that
 * changed (repeating while fixes keep applying, a few rounds at most, for fixes that overlapped).
 */
export function fixFiles(paths: readonly string[], options: LintFilesOptions = {}): { files: number; fixes: number } {
  const files = expandPaths(paths, options.cwd ?? process.cwd());
  const linters = new LinterPool(options);
  let changedFiles = 0;
  let total = 0;
  for (const file of files) {
    const original = readFileSync(file, 'utf8');
    let text = original;
    for (let round = 0; round < 5; round++) {
      const { text: next, applied } = applySafeFixes(text, linters.forFile(file).lintText(text, file));
      if (!applied) break;
      total += applied;
      text = next;
    }
    if (text !== original) {
      writeFileSync(file, text);
      changedFiles++;
    }
  }
  return { files: changedFiles, fixes: total };
}
