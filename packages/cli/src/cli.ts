import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError, allRules, explainSchemaOfFile, formatSchemaExplanation, lintFiles, lintText, parseRuleSetting, readConfigFile, readSourceText, summarize,
  type Config, type LintReport, type RuleSetting,
} from '@esql-lint/linter';
import { colors } from './formatters/colors.js';
import { formatStylish } from './formatters/stylish.js';
import { formatJson } from './formatters/json.js';
import { formatSarif } from './formatters/sarif.js';
import { formatGithub } from './formatters/github.js';
import { VERSION } from './version.js';
import { runSchemaCommand } from './schema-command.js';

/** Everything the CLI touches of the outside world, so tests can run it in-process. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
}

const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: esql-lint [options] [paths or globs ...]

Lints Elastic detection rules (TOML, KQL, EQL and ES|QL) and raw query files (.esql, .eql, .kql).
Directories are searched recursively (node_modules and dot-directories are skipped).

Options:
  -f, --format <name>        stylish (default), json, sarif or github
      --stdin                read one file from standard input
      --stdin-filename <name> the name of the stdin file (decides its format; default rule.toml)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --quiet                report errors only
      --rule <code:level>    set a rule's severity: off, info, warn or error (repeatable)
  -c, --config <file>        use this config file instead of .esql-lint.json files found upward
      --no-config            use no config file
      --snapshot             accept ES|QL that only snapshot builds of Elasticsearch accept
      --fix                  apply the safe fixes (such as adding the METADATA an ES|QL rule needs)
                             to the files, then report what remains
      --explain-schema <file> show which schemas each query of a rule file is checked against
      --list-rules           list every diagnostic code and exit
      --debug                print stack traces of internal errors
  -h, --help                 show this help
  -v, --version              print the version

Commands:
  esql-lint schema import <file> [--index <pattern>] [-o <out>]
                             an Elasticsearch mapping or field caps response as a schema file

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
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        snapshot: { type: 'boolean' },
        fix: { type: 'boolean' },
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
  if (values['list-rules']) {
    for (const r of allRules()) io.stdout(`${r.code.padEnd(28)} ${r.defaultSeverity.padEnd(8)} ${r.description}\n`);
    return 0;
  }

  const format = (values.format ?? 'stylish') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}" (use ${FORMATS.join(', ')})`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings takes a whole number, not "${values['max-warnings']}"`);
  }
  const overrides: Config = {};
  if (values.rule?.length) overrides.rules = parseRuleFlags(values.rule);
  if (values.snapshot) overrides.snapshot = true;
  if (values.config && values['no-config']) throw new UsageError('--config and --no-config cannot be used together');
  const explicit = values.config ? readConfigFile(values.config) : undefined;
  const options = {
    cwd: io.cwd,
    noConfig: Boolean(values['no-config'] || explicit),
    overrides: explicit ? mergeOverrides(explicit, overrides) : overrides,
  };

  if (values['explain-schema'] !== undefined) {
    if (positionals.length || values.stdin) throw new UsageError('--explain-schema takes one file and no other paths');
    const explained = explainSchemaOfFile(values['explain-schema'], options);
    if (explained.length === 0) {
      io.stdout(`${values['explain-schema']}: no query that esql-lint checks\n`);
      return 0;
    }
    if (format === 'json') io.stdout(JSON.stringify(explained, null, 2) + '\n');
    else for (const e of explained) io.stdout(`${values['explain-schema']} (query ${e.query + 1}, ${e.language}):\n${formatSchemaExplanation(e.explanation)}\n`);
    return 0;
  }

  let report: LintReport;
  const sources = new Map<string, string>();
  if (values.stdin) {
    if (positionals.length) throw new UsageError('--stdin takes no paths');
    if (values.fix) throw new UsageError('--fix rewrites files: it cannot be used with --stdin');
    const text = await io.readStdin();
    const filename = values['stdin-filename'] ?? 'rule.toml';
    const result = lintText(text, { ...options, filename });
    sources.set(result.path, text);
    report = { files: [result], summary: summarize([result]) };
  } else {
    if (values['stdin-filename']) throw new UsageError('--stdin-filename needs --stdin');
    if (positionals.length === 0) throw new UsageError('no paths given (try: esql-lint rules/, or --help)');
    const progress = io.stderrIsTTY && format === 'stylish';
    let shown = false;
    report = lintFiles(positionals, {
      ...options,
      fix: Boolean(values.fix),
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
    if (fixed?.files) io.stderr(`esql-lint: applied ${fixed.fixes} fix${fixed.fixes === 1 ? '' : 'es'} in ${fixed.files} file${fixed.files === 1 ? '' : 's'}\n`);
  }

  if (values.quiet) {
    for (const f of report.files) f.diagnostics = f.diagnostics.filter((d) => d.severity === 'error');
  }
  report.summary = summarize(report.files);

  const useColor = colorEnabled(io);
  switch (format) {
    case 'json':
      io.stdout(formatJson(report));
      break;
    case 'sarif':
      io.stdout(formatSarif(report, VERSION));
      break;
    case 'github':
      io.stdout(formatGithub(report));
      break;
    default:
      io.stdout(
        formatStylish(report, {
          colors: colors(useColor),
          sourceOf: (path) => {
            if (sources.has(path)) return sources.get(path);
            // Decoded as for linting (BOM, UTF-16); special files are never opened.
            return readSourceText(resolve(io.cwd, path));
          },
        }),
      );
  }
  // A file or directory that could not be read or written: the whole report was printed, then exit 2.
  if (report.summary.faults > 0) {
    io.stderr(`esql-lint: ${report.summary.faults} file${report.summary.faults === 1 ? '' : 's'} or director${report.summary.faults === 1 ? 'y' : 'ies'} could not be read or written (see file-unreadable / file-unwritable above)\n`);
    return 2;
  }
  if (report.summary.errors > 0) return 1;
  if (maxWarnings !== undefined && maxWarnings >= 0 && report.summary.warnings > maxWarnings) {
    io.stderr(`esql-lint: ${report.summary.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
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

function mergeOverrides(base: Config, flags: Config): Config {
  return { ...base, ...flags, rules: { ...base.rules, ...flags.rules } };
}

function colorEnabled(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}
