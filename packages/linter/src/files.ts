import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import { isLintableFile, jsonRuleFormat, looksLikeJsonRule, parseRuleDocument } from '@esql-lint/rule-document';
import { ConfigError, type Config } from './config.js';
import { Linter } from './linter.js';
import { LinterPool } from './linter-pool.js';
import { chooseSafeEdits } from './fix.js';
import { partitionIgnored, type IgnoredFile } from './ignore.js';
import { summarize, type FileResult, type LintReport } from './result.js';
import { osReason, readSourceFile, writeSourceFile, type FileFault } from './file-io.js';
import { applyEditsToBytes, decodeSource, type DecodedSource } from './source-file.js';

// The linter pool moved to linter-pool.ts (no Node API, for the browser entry); re-exported here for importers.
export { LinterPool, configToOptions, type LinterPoolOptions } from './linter-pool.js';

const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * The files to lint, in order, and among them the paths that could not be searched or read (each
 * becomes a diagnostic on its path, in its place in the report).
 */
export interface Discovery {
  files: string[];
  faults: Map<string, FileFault>;
  /** The files whose directory entry or stat said a regular file (their reads need no stat of their own). */
  regular: Set<string>;
}

const unreadable = (message: string): FileFault => ({ code: 'file-unreadable', message });

function addFault(out: Discovery, path: string, fault: FileFault): void {
  out.faults.set(path, fault);
  out.files.push(path);
}

function walk(dir: string, out: Discovery, seen: Set<string>): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    addFault(out, dir, unreadable(`Cannot list this directory: ${osReason(e)}. Its files were not checked.`));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      walkOnce(p, out, seen);
    } else if (e.isSymbolicLink()) {
      // Followed: a link to a rule file is linted, a link to a directory searched (once).
      let st;
      try {
        st = statSync(p);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ELOOP' || isLintableFile(e.name)) addFault(out, p, unreadable(`Cannot read this file: ${osReason(err)}.`));
        continue;
      }
      if (st.isDirectory()) walkOnce(p, out, seen);
      else if (isLintableFile(e.name) && (!st.isFile() || isRuleFile(p))) {
        out.files.push(p);
        if (st.isFile()) out.regular.add(p);
      }
    } else if (isLintableFile(e.name)) {
      // Regular files, and special files with a rule file's name (reported, never opened).
      if (!e.isFile()) out.files.push(p);
      else if (isRuleFile(p, true)) {
        out.files.push(p);
        out.regular.add(p);
      }
    }
  }
}

function walkOnce(dir: string, out: Discovery, seen: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    addFault(out, dir, unreadable(`Cannot list this directory: ${osReason(e)}.`));
    return;
  }
  if (seen.has(real)) return;
  seen.add(real);
  walk(dir, out, seen);
}

/**
 * Whether a lintable file found by a search is a rule file: every `.toml`, raw query and `.ndjson`
 * file is; a `.json` file only when it looks like a rule (`rule_id` and `type`), so that package.json,
 * schema files and the like are left alone. (Given by name, any file is linted.)
 */
function isRuleFile(path: string, regular = false): boolean {
  if (jsonRuleFormat(path) !== 'json') return true;
  const read = readSourceFile(path, regular);
  return 'file' in read ? looksLikeJsonRule(read.file.source.text) : true;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Expands the CLI's paths and globs into the files to lint: directories recursively (rule files
 * and raw query files, skipping node_modules and dot-directories, following symlinks once), globs with
 * tinyglobby, plain files as given (whatever their extension). A path that does not exist is an error;
 * a path or directory that cannot be read is a fault, reported on that path, and the search goes on.
 */
export function discoverFiles(patterns: readonly string[], cwd = process.cwd()): Discovery {
  const out: Discovery = { files: [], faults: new Map(), regular: new Set() };
  const seen = new Set<string>();
  for (const pattern of patterns) {
    const abs = resolve(cwd, pattern);
    let exists = true;
    try {
      lstatSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') exists = false;
      else {
        addFault(out, abs, unreadable(`Cannot read this path: ${osReason(e)}.`));
        continue;
      }
    }
    if (!exists) {
      if (!GLOB_CHARS.test(pattern)) throw new ConfigError(`no such file or directory: ${pattern}`);
      const found = globSync(pattern, { cwd, absolute: true, ignore: ['**/node_modules/**'], dot: false }).filter((f) => isLintableFile(f) && isRuleFile(f));
      if (found.length === 0) throw new ConfigError(`no files match ${pattern}`);
      out.files.push(...found.sort());
      continue;
    }
    let stat;
    try {
      stat = statSync(abs);
    } catch (e) {
      addFault(out, abs, unreadable(`Cannot read this file: ${osReason(e)}.`));
      continue;
    }
    if (stat.isDirectory()) walkOnce(abs, out, seen);
    else {
      // Files as given, special files included: reading refuses those without opening them.
      out.files.push(abs);
      if (stat.isFile()) out.regular.add(abs);
    }
  }
  out.files = [...new Set(out.files)];
  return out;
}

/** The files `discoverFiles` finds (paths with faults left out). */
export function expandPaths(patterns: readonly string[], cwd = process.cwd()): string[] {
  const found = discoverFiles(patterns, cwd);
  return found.files.filter((f) => !found.faults.has(f));
}

export interface LintFilesOptions {
  /** Settings that override the config files (the CLI's flags). */
  overrides?: Config;
  /** Use no `.esql-lint.json` files. */
  noConfig?: boolean;
  /** A config used instead of the `.esql-lint.json` files found upward (`--config FILE`). */
  baseConfig?: Config;
  cwd?: string;
  /** Apply the safe fixes to the files (`--fix`), then report what remains. */
  fix?: boolean;
  /** Called after each file, for progress reporting. */
  onFile?(done: number, total: number): void;
  /** `--ignore-pattern` globs (relative to `cwd`): files not to lint, as `ignores` in a config file. */
  ignorePatterns?: string[];
  /** Respect .gitignore inside a git work tree (default true). */
  gitignore?: boolean;
}

/**
 * What a run lints: the files found, in order (paths that could not be searched or read among them,
 * with their fault), less those ignored (config `ignores`, --ignore-pattern, .gitignore).
 */
export interface FilePlan {
  cwd: string;
  linters: LinterPool;
  files: string[];
  faults: Map<string, FileFault>;
  /** Files the search saw as regular files (Discovery.regular). */
  regular?: ReadonlySet<string>;
  ignored: IgnoredFile[];
}

export function planFiles(paths: readonly string[], options: LintFilesOptions = {}): FilePlan {
  const cwd = options.cwd ?? process.cwd();
  const linters = new LinterPool(options);
  const found = discoverFiles(paths, cwd);
  const ignorePatterns = options.ignorePatterns?.length ? { base: resolve(cwd), patterns: options.ignorePatterns, source: '--ignore-pattern' } : undefined;
  const { files, ignored } = partitionIgnored(found.files, (dir) => linters.configOfDirectory(dir).config.ignores, {
    ...(ignorePatterns ? { ignorePatterns } : {}),
    ...(options.gitignore === false ? { gitignore: false } : {}),
  });
  return { cwd, linters, files, faults: found.faults, regular: found.regular, ignored };
}

/** The path a report shows: relative to the working directory when possible. */
export function displayPath(cwd: string, file: string): string {
  return relative(cwd, file) || file;
}

export interface PlannedFileOptions {
  /** Apply the safe fixes and write the file (`--fix`). */
  fix?: boolean;
  /** Compute the safe fixes without writing: the fixed text goes in `result.output` (`--fix-dry-run`). */
  fixDryRun?: boolean;
  /** The file as already read (the cache reads it first). */
  read?: ReturnType<typeof readSourceFile>;
}

/**
 * Reads and lints one file of a plan: a fault (unreadable, a special file) becomes its diagnostic
 * (no result when that code is off); with `fix` the fixes are written; with `fixDryRun` computed only.
 */
export function lintPlannedFile(plan: Pick<FilePlan, 'cwd' | 'linters' | 'faults' | 'regular'>, file: string, options: PlannedFileOptions = {}): { result?: FileResult; written?: boolean; fixes: number } {
  const linter = plan.linters.forFile(file);
  const searched = plan.faults.get(file);
  const read = searched ? { fault: searched } : options.read ?? readSourceFile(file, plan.regular?.has(file));
  let result: FileResult;
  let written = false;
  let fixes = 0;
  if ('fault' in read) {
    const faulted = linter.faultResult(file, read.fault);
    if (!faulted) return { fixes: 0 };
    result = faulted;
  } else if (options.fix) {
    const outcome = fixSourceFile(linter, file, read.file.bytes);
    result = outcome.result;
    if (outcome.source) noteInvalidBytes(linter, result, outcome.source);
    written = outcome.written;
    fixes = outcome.fixes;
  } else {
    const source = read.file.source;
    result = linter.lintText(source.text, file);
    if (options.fixDryRun) result = dryRunFixes(linter, file, source, result);
    noteInvalidBytes(linter, result, source);
  }
  result.path = displayPath(plan.cwd, file);
  return { result, written, fixes };
}

/** `--fix-dry-run`: the fixes `--fix` would make (the same choice of edits), applied to the text only. */
function dryRunFixes(linter: Linter, file: string, source: DecodedSource, first: FileResult): FileResult {
  let result = first;
  let text = source.text;
  // Fixes never touch invalid bytes (as --fix); their offsets hold for the original text only, and a
  // fix that passed the first round does not reach them later.
  let invalid = source.invalid;
  for (let round = 0; round < 5; round++) {
    const { edits, applied } = chooseSafeEdits(result, (fix) => !fix.edits.some((e) => invalid.some((o) => o >= e.span.start && o < e.span.end)));
    if (!applied) break;
    for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    result = linter.lintText(text, file);
    invalid = [];
  }
  if (text !== source.text) result.output = text;
  return result;
}

/** The report of a run: the results in the order of the plan, and the files ignored. */
export function reportOf(plan: FilePlan, results: FileResult[]): LintReport {
  const report: LintReport = { files: results, summary: summarize(results) };
  if (plan.ignored.length) {
    report.ignored = plan.ignored.map((f) => ({ path: displayPath(plan.cwd, f.path), reason: f.reason }));
    report.summary.ignored = plan.ignored.length;
  }
  return report;
}

/**
 * Lints files and directories (and globs), with the config files found upward from each file. With
 * `fix`, applies the safe fixes to each file's bytes first (see `fixSourceFile`). A file or directory
 * that cannot be read or written is a diagnostic on its path (`file-unreadable`, `file-unwritable`,
 * `fault: true` on its result), and the run goes on.
 */
export function lintFiles(paths: readonly string[], options: LintFilesOptions = {}): LintReport {
  const plan = planFiles(paths, options);
  const results: FileResult[] = [];
  const fixed = { files: 0, fixes: 0 };
  plan.files.forEach((file, i) => {
    const outcome = lintPlannedFile(plan, file, { ...(options.fix ? { fix: true } : {}) });
    if (outcome.written) {
      fixed.files++;
      fixed.fixes += outcome.fixes;
    }
    if (outcome.result) results.push(outcome.result);
    options.onFile?.(i + 1, plan.files.length);
  });
  const report = reportOf(plan, results);
  if (options.fix) report.fixed = fixed;
  return report;
}

/**
 * `--fix` for one file: lints the decoded text, applies the safe fixes to the file's bytes (repeating
 * while fixes keep applying, a few rounds at most, for fixes that overlapped), and writes the result
 * with `writeSourceFile` (atomic, only if the file did not change meanwhile). Returns the diagnostics
 * of the final text, with the write's fault added when there was one.
 */
export function fixSourceFile(linter: Linter, file: string, original: Buffer): { result: FileResult; written: boolean; fixes: number; source?: DecodedSource } {
  let bytes = original;
  let fixes = 0;
  let result: FileResult | undefined;
  let source = decodeSource(bytes);
  for (let round = 0; round < 6; round++) {
    result = linter.lintText(source.text, file);
    if (round === 5) break;
    const { edits, applied } = chooseSafeEdits(result, (fix) => !fix.edits.some((e) => source.invalid.some((o) => o >= e.span.start && o < e.span.end)));
    if (!applied) break;
    const next = applyEditsToBytes(bytes, source, edits);
    if (!next) break;
    bytes = next;
    fixes += applied;
    source = decodeSource(bytes);
  }
  if (bytes.equals(original)) return { result: result!, written: false, fixes: 0, source };
  const { written, fault } = writeSourceFile(file, original, bytes);
  if (!fault) return { result: result!, written: true, fixes, source };
  // Not written: report the file as it is on disk, with the reason.
  const onDisk = readSourceFile(file);
  const diskSource = 'file' in onDisk ? onDisk.file.source : undefined;
  const base = diskSource ? linter.lintText(diskSource.text, file) : { ...result!, diagnostics: [] };
  const faulted = linter.faultResult(file, fault);
  if (faulted) {
    base.diagnostics = [...faulted.diagnostics, ...base.diagnostics];
    if (faulted.fault) base.fault = true;
  }
  return { result: base, written, fixes: written ? fixes : 0, ...(diskSource ? { source: diskSource } : {}) };
}

/** A file with invalid UTF-8 gets one `file-encoding` warning, at the first invalid byte. */
function noteInvalidBytes(linter: Linter, result: FileResult, source: DecodedSource): void {
  if (source.invalid.length === 0) return;
  const at = source.invalid[0];
  const n = source.invalid.length;
  const d = linter.fileDiagnostic(
    'file-encoding',
    `This file is not valid UTF-8: ${n} invalid byte sequence${n === 1 ? '' : 's'}, the first here (shown as U+FFFD). They are kept as they are; --fix does not touch them.`,
    { start: at, end: at + 1 },
    source.text,
  );
  if (d) result.diagnostics = [d, ...result.diagnostics].sort((a, b) => a.span.start - b.span.start);
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
  const read = readSourceFile(abs);
  if ('fault' in read) throw new ConfigError(`${file}: ${read.fault.message}`);
  return explainSchema(read.file.source.text, { ...options, filename: abs });
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
 * `--fix` without the report: applies the safe fixes to the files and says how many files were
 * written and how many fixes they got (`lintFiles(paths, { fix: true })` also reports what remains).
 */
export function fixFiles(paths: readonly string[], options: LintFilesOptions = {}): { files: number; fixes: number } {
  return lintFiles(paths, { ...options, fix: true }).fixed ?? { files: 0, fixes: 0 };
}
