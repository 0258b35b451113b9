import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AUTO_PARALLEL_MIN_CORES, AUTO_PARALLEL_MIN_FILES, ConfigError, DEFAULT_CACHE_FILE, LinterPool, allRules, applySafeFixes, explainSchemaOfFile, formatSchemaExplanation,
  lintProject, lintText, parseRuleSetting, partitionIgnored, readConfigFile, readSourceText, summarize,
  type Config, type LintFilesOptions, type LintReport, type RuleSetting,
} from '@esql-lint/linter';
import { colors } from './formatters/colors.js';
import { formatStylish } from './formatters/stylish.js';
import { formatJson } from './formatters/json.js';
import { formatSarif } from './formatters/sarif.js';
import { formatGithub } from './formatters/github.js';
import { formatJunit } from './formatters/junit.js';
import { formatGitlab } from './formatters/gitlab.js';
import { VERSION } from './version.js';
import { runSchemaCommand } from './schema-command.js';
import { plural } from './formatters/plural.js';

/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  /** The script worker threads run (the bundled CLI itself); by default the linter's worker module. */
  workerUrl?: URL;
  /** Identifies this build for the cache (version and a hash of the bundle); by default the version. */
  build?: string;
}

const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: esql-lint [options] [paths or globs ...]

Lints Elastic detection rules (TOML, KQL, EQL and ES|QL) and raw query files (.esql, .eql, .kql).
Directories are searched recursively (node_modules and dot-directories are skipped).

Output:
  -f, --format <name>        stylish (default), json, sarif, github, junit or gitlab
  -o, --output-file <path>   write the report to a file instead of standard output
      --color, --no-color    force colours on or off (default: on a terminal; NO_COLOR, FORCE_COLOR)
      --quiet                report errors only
      --max-warnings <n>     exit 1 when there are more than n warnings
      --verbose              list the files skipped or ignored, with the reason
Rules and configuration:
      --rule <code:level>    set a rule's severity: off, info, warn or error (repeatable)
  -c, --config <file>        use this config file instead of .esql-lint.json files found upward
      --no-config            use no config file
      --print-config <file>  print the configuration that applies to a file, as JSON, and exit
      --snapshot             accept ES|QL that only snapshot builds of Elasticsearch accept
      --no-inline-config     ignore esql-lint-disable comments
      --report-unused-suppressions <level>
                             severity of unused esql-lint-disable comments: off, info, warn, error
Files:
      --ignore-pattern <glob> do not lint files matching the glob (repeatable; relative to the
                             working directory, as "ignores" in a config file)
      --no-gitignore         lint files that .gitignore excludes too
      --stdin                read one file from standard input
      --stdin-filename <name> the name of the stdin file (decides its format; default rule.toml)
Fixes:
      --fix                  apply the safe fixes (such as adding the METADATA an ES|QL rule needs)
                             to the files, then report what remains
      --fix-dry-run          compute the fixes without writing them: a diff (stylish), or the fixed
                             text in "output" (json)
Speed:
      --cache                keep the results of unchanged files between runs
      --cache-location <path> the cache file (default .esql-lint-cache in the working directory)
      --concurrency <n|auto|off> threads that lint, this one and n-1 workers (default auto: above
                             ${AUTO_PARALLEL_MIN_FILES} files, one per core that other work leaves free)
Other:
      --explain-schema <file> show which schemas each query of a rule file is checked against
      --list-rules           list every diagnostic code (--format json: as JSON) and exit
      --debug                print stack traces of internal errors
  -h, --help                 show this help
  -v, --version              print the version

Commands:
  esql-lint schema import <file> [--index <pattern>] [-o <out>]
                             an Elasticsearch mapping or field caps response as a schema file
  esql-lint format [--check] [paths ...]
                             format the queries (see esql-lint format --help)

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage or internal failure, or a file or
directory that could not be read or written (reported as file-unreadable / file-unwritable; the
other files are still checked and the whole report printed).
`;

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError) {
      io.stderr(`esql-lint: ${e.message}\n`);
      return 2;
    }
    const err = e as Error;
    io.stderr(`esql-lint: internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && err?.stack) io.stderr(err.stack + '\n');
    return 2;
  }
}

class UsageError extends Error {}

async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'schema') return runSchemaCommand(argv.slice(1), io);
  // `esql-lint format ...` (format-command.ts); `./format` lints a directory of that name.
  // Imported on use: the formatter takes every language's parser, which a lint run evaluates only for the
  // languages of its rules (the bundle evaluates a module on first import; issue 19, start-up).
  if (argv[0] === 'format') return (await import('./format-command.js')).runFormatCommand(argv.slice(1), io);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        verbose: { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        'print-config': { type: 'string' },
        snapshot: { type: 'boolean' },
        'no-inline-config': { type: 'boolean' },
        'report-unused-suppressions': { type: 'string' },
        'ignore-pattern': { type: 'string', multiple: true },
        'no-gitignore': { type: 'boolean' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        concurrency: { type: 'string' },
        'explain-schema': { type: 'string' },
        'list-rules': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see esql-lint --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (use ${FORMATS.join(', ')})`);
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color cannot be used together');
  // The report goes to standard output, or to --output-file (written once, at the end).
  const outputFile = values['output-file'];
  let written = '';
  const emit = outputFile === undefined ? (s: string) => io.stdout(s) : (s: string) => void (written += s);
  const flush = () => {
    if (outputFile === undefined) return;
    const path = resolve(io.cwd, outputFile);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, written);
    } catch (e) {
      throw new UsageError(`cannot write --output-file ${outputFile}: ${(e as Error).message}`);
    }
  };
  if (values['list-rules']) {
    emit(formatRuleList(format));
    flush();
    return 0;
  }

  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings takes a whole number, not "${values['max-warnings']}"`);
  }
  const overrides: Config = {};
  const ruleFlags = values.rule?.length ? parseRuleFlags(values.rule) : {};
  if (values['report-unused-suppressions'] !== undefined) {
    const level = parseRuleSetting(values['report-unused-suppressions']);
    if (!level) throw new UsageError(`--report-unused-suppressions takes off, info, warn or error, not "${values['report-unused-suppressions']}"`);
    ruleFlags['unused-suppression'] = level;
  }
  if (Object.keys(ruleFlags).length) overrides.rules = ruleFlags;
  if (values.snapshot) overrides.snapshot = true;
  if (values['no-inline-config']) overrides.noInlineConfig = true;
  if (values.config && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  const explicit = values.config ? readConfigFile(resolve(io.cwd, values.config)) : undefined;
  const options: LintFilesOptions = {
    cwd: io.cwd,
    noConfig: Boolean(values['no-config']),
    ...(explicit ? { baseConfig: explicit } : {}),
    overrides,
    ...(values['ignore-pattern']?.length ? { ignorePatterns: values['ignore-pattern'] } : {}),
    ...(values['no-gitignore'] ? { gitignore: false } : {}),
  };

  if (values['print-config'] !== undefined) {
    if (positionals.length || values.stdin) throw new UsageError('--print-config takes one file and no other paths');
    emit(JSON.stringify(printableConfig(values['print-config'], options, io.cwd, values.config), null, 2) + '\n');
    flush();
    return 0;
  }

  if (values['explain-schema'] !== undefined) {
    if (positionals.length || values.stdin) throw new UsageError('--explain-schema takes one file and no other paths');
    const explained = explainSchemaOfFile(values['explain-schema'], options);
    if (explained.length === 0) {
      emit(`${values['explain-schema']}: no query that esql-lint checks\n`);
    } else if (format === 'json') emit(JSON.stringify(explained, null, 2) + '\n');
    else for (const e of explained) emit(`${values['explain-schema']} (query ${e.query + 1}, ${e.language}):\n${formatSchemaExplanation(e.explanation)}\n`);
    flush();
    return 0;
  }

  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  const concurrency = parseConcurrency(values.concurrency);
  let report: LintReport;
  const sources = new Map<string, string>();
  if (values.stdin) {
    if (positionals.length) throw new UsageError('--stdin takes no paths');
    if (values.fix) throw new UsageError('--fix rewrites files: it cannot be used with --stdin (use --fix-dry-run)');
    const text = await io.readStdin();
    const filename = values['stdin-filename'] ?? 'rule.toml';
    const result = lintText(text, { ...options, filename });
    if (values['fix-dry-run']) {
      const fixed = fixedText(text, filename, options);
      if (fixed !== undefined) {
        Object.assign(result, lintText(fixed, { ...options, filename }));
        result.output = fixed;
      }
    }
    sources.set(result.path, text);
    report = { files: [result], summary: summarize([result]) };
  } else {
    if (values['stdin-filename']) throw new UsageError('--stdin-filename needs --stdin');
    if (positionals.length === 0) throw new UsageError('no paths given (try: esql-lint rules/, or --help)');
    const progress = io.stderrIsTTY && format === 'stylish' && outputFile === undefined;
    let shown = false;
    report = await lintProject(positionals, {
      ...options,
      concurrency,
      ...(values.fix ? { fix: true } : {}),
      ...(io.workerUrl ? { workerUrl: io.workerUrl } : {}),
      ...(values['fix-dry-run'] ? { fixDryRun: true } : {}),
      ...(values.cache || values['cache-location'] ? { cache: { location: resolve(io.cwd, values['cache-location'] ?? DEFAULT_CACHE_FILE), build: io.build ?? VERSION } } : {}),
      onFile: progress
        ? (done, total) => {
            if (total < 300 || (done % 50 !== 0 && done !== total)) return;
            io.stderr(`\r\u001b[2Klinting ${done}/${total} files`);
            shown = true;
          }
        : undefined,
    });
    if (shown) io.stderr('\r\u001b[2K');
    const fixed = report.fixed;
    if (fixed?.files) io.stderr(`esql-lint: applied ${plural(fixed.fixes, 'fix')} in ${plural(fixed.files, 'file')}\n`);
  }

  if (values.quiet) {
    for (const f of report.files) f.diagnostics = f.diagnostics.filter((d) => d.severity === 'error');
  }
  // Counts after --quiet; faults (paths that could not be read) and ignored files stay as found.
  report.summary = { ...summarize(report.files), ...(report.summary.ignored ? { ignored: report.summary.ignored } : {}) };

  const useColor = values.color ? true : values['no-color'] || outputFile !== undefined ? false : colorEnabled(io);
  switch (format) {
    case 'json':
      emit(formatJson(report));
      break;
    case 'sarif':
      emit(formatSarif(report, VERSION));
      break;
    case 'github':
      emit(formatGithub(report));
      break;
    case 'junit':
      emit(formatJunit(report));
      break;
    case 'gitlab':
      emit(formatGitlab(report));
      break;
    default:
      emit(
        formatStylish(report, {
          colors: colors(useColor),
          verbose: Boolean(values.verbose),
          sourceOf: (path) => {
            if (sources.has(path)) return sources.get(path);
            // Decoded as for linting (BOM, UTF-16); special files are never opened.
            return readSourceText(resolve(io.cwd, path));
          },
        }),
      );
  }
  flush();
  if (values.verbose && format !== 'stylish') {
    // The machine formats stay machine-readable: the list goes to standard error.
    for (const f of report.files) if (f.skipped) io.stderr(`skipped  ${f.path}  ${f.skipReason ?? ''}\n`);
    for (const f of report.ignored ?? []) io.stderr(`ignored  ${f.path}  ${f.reason}\n`);
  }
  // A file or directory that could not be read or written: the whole report was printed, then exit 2.
  if (report.summary.faults > 0) {
    io.stderr(`esql-lint: ${report.summary.faults} file${report.summary.faults === 1 ? '' : 's'} or director${report.summary.faults === 1 ? 'y' : 'ies'} could not be read or written (see file-unreadable / file-unwritable above)\n`);
    return 2;
  }
  if (report.summary.errors > 0) return 1;
  if (maxWarnings !== undefined && maxWarnings >= 0 && report.summary.warnings > maxWarnings) {
    io.stderr(`esql-lint: ${plural(report.summary.warnings, 'warning')}, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

function parseConcurrency(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'off') return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--concurrency takes auto, off or a number of threads, not "${value}"`);
  return n;
}

/** The safe fixes of a text applied (a few rounds), or undefined when they change nothing. */
function fixedText(text: string, filename: string, options: LintFilesOptions): string | undefined {
  let fixed = text;
  for (let round = 0; round < 5; round++) {
    const next = applySafeFixes(fixed, lintText(fixed, { ...options, filename }));
    if (!next.applied) break;
    fixed = next.text;
  }
  return fixed === text ? undefined : fixed;
}

/**
 * `--print-config FILE`: the configuration that applies to the file (config files found upward or
 * --config, the overrides that match it, the flags), whether it is ignored, and which files it came from.
 */
function printableConfig(file: string, options: LintFilesOptions, cwd: string, configFlag: string | undefined) {
  const abs = resolve(cwd, file);
  const pool = new LinterPool(options);
  const { config } = pool.configFor(abs);
  const ignore = planIgnore(abs, pool, options, cwd);
  const rules: Record<string, string> = {};
  for (const r of allRules()) rules[r.code] = config.rules?.[r.code] ?? r.defaultSeverity;
  return {
    file: relative(cwd, abs) || abs,
    rules,
    snapshot: config.snapshot ?? false,
    schemas: config.schemas ?? [],
    inlineConfig: !config.noInlineConfig,
    ignored: ignore ?? false,
    configFiles: configFlag !== undefined ? [configFlag] : pool.configOfDirectory(dirname(abs)).key.split('|').filter((k) => k.endsWith('.json')).map((k) => relative(cwd, k) || k),
  };
}

function planIgnore(abs: string, pool: LinterPool, options: LintFilesOptions, cwd: string): string | undefined {
  const { ignored } = partitionIgnored([abs], (dir) => pool.configOfDirectory(dir).config.ignores, {
    ...(options.ignorePatterns?.length ? { ignorePatterns: { base: resolve(cwd), patterns: options.ignorePatterns, source: '--ignore-pattern' } } : {}),
    ...(options.gitignore === false ? { gitignore: false } : {}),
  });
  return ignored[0]?.reason;
}

/** `--list-rules`: a table, or with `--format json` an array of `{code, defaultSeverity, fixable, description, docs}`. */
function formatRuleList(format: Format): string {
  const rules = allRules();
  if (format === 'json') {
    return JSON.stringify(rules.map((r) => ({ code: r.code, defaultSeverity: r.defaultSeverity, fixable: Boolean(r.fixable), description: r.description, docs: `docs/rules/${r.code}.md` })), null, 2) + '\n';
  }
  return rules.map((r) => `${r.code.padEnd(28)} ${r.defaultSeverity.padEnd(8)} ${r.description}\n`).join('');
}

function parseRuleFlags(flags: string[]): Record<string, RuleSetting> {
  const out: Record<string, RuleSetting> = {};
  const known = new Set(allRules().map((r) => r.code));
  for (const flag of flags) {
    const i = flag.lastIndexOf(':');
    const code = i > 0 ? flag.slice(0, i) : flag;
    const level = i > 0 ? parseRuleSetting(flag.slice(i + 1)) : undefined;
    if (!known.has(code)) throw new UsageError(`--rule ${flag}: unknown rule "${code}" (see esql-lint --list-rules)`);
    if (!level) throw new UsageError(`--rule ${flag}: expected ${code}:off, ${code}:info, ${code}:warn or ${code}:error`);
    out[code] = level;
  }
  return out;
}


function colorEnabled(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}
