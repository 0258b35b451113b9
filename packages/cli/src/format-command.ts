import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConfigError, ConfigResolver, applyEditsToBytes, formatDocument, planFiles, formatOptionsForFile, readConfigFile, readSourceFile,
  writeSourceFile, type FormatOptions, type KeywordCase,
} from '@esql-lint/linter';

/** What `esql-lint format` touches of the outside world (a part of the CLI's io). */
export interface FormatIo {
  stdout(s: string): void;
  stderr(s: string): void;
  readStdin(): Promise<string>;
  cwd: string;
}

export const FORMAT_HELP = `Usage: esql-lint format [options] [paths or globs ...]

Formats the queries of rule files (query, threat_query, hunting queries) and raw query files (.esql,
.eql, .kql): ES|QL commands one per line, EQL sequence steps one per line, long lists and conditions
wrapped. Only the queries change; comments stay where they are. Queries with syntax errors are left alone.
Files are found and ignored as for linting (default: the current directory; "ignores", .gitignore).

Options:
      --check                write nothing; list the files that would change and exit 1 if any
      --stdin                format standard input and print it
      --stdin-filename <name> the name of the stdin file (decides its format; default rule.toml)
      --keyword-case <case>  preserve (default), upper or lower (ES|QL and KQL keywords)
      --line-width <n>       wrap lines longer than n (default 100)
  -c, --config <file>        read "format" settings from this config file only
      --no-config            use no config file
      --ignore-pattern <glob> skip these files too (repeatable)
      --no-gitignore         do not skip the files .gitignore ignores
  -h, --help                 show this help

Settings: "format": { "keywordCase": "preserve", "lineWidth": 100 } in .esql-lint.json.
Exit codes: 0 done (or nothing to change with --check), 1 files would change (--check), 2 bad usage or a
file that could not be read or written.
`;

/** `esql-lint format ...`: resolves to the exit code; user mistakes throw ConfigError (exit 2). */
export async function runFormatCommand(argv: string[], io: FormatIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        check: { type: 'boolean' },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'keyword-case': { type: 'string' },
        'line-width': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        'ignore-pattern': { type: 'string', multiple: true },
        'no-gitignore': { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new ConfigError(`${(e as Error).message.split('\n')[0]} (see esql-lint format --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(FORMAT_HELP);
    return 0;
  }
  const flags: FormatOptions = {};
  if (values['keyword-case'] !== undefined) {
    if (!['preserve', 'upper', 'lower'].includes(values['keyword-case'])) throw new ConfigError(`--keyword-case takes preserve, upper or lower, not "${values['keyword-case']}"`);
    flags.keywordCase = values['keyword-case'] as KeywordCase;
  }
  if (values['line-width'] !== undefined) {
    const n = Number(values['line-width']);
    if (!Number.isInteger(n) || n < 20 || n > 1000) throw new ConfigError(`--line-width takes a whole number from 20 to 1000, not "${values['line-width']}"`);
    flags.lineWidth = n;
  }
  if (values.config && values['no-config']) throw new ConfigError('--config and --no-config cannot be used together');
  const explicit = values.config ? readConfigFile(resolve(io.cwd, values.config)).format ?? {} : undefined;
  const resolver = new ConfigResolver();
  const optionsFor = (file: string): FormatOptions => ({
    ...(explicit ?? (values['no-config'] ? {} : formatOptionsForFile(file, resolver))),
    ...flags,
  });
  const warnSkipped = (name: string, skipped: ReturnType<typeof formatDocument>['skipped'], text: string) => {
    for (const s of skipped) {
      const line = text.slice(0, s.span.start).split('\n').length;
      io.stderr(`esql-lint format: ${name}:${line}: query left as is: ${s.reason}\n`);
    }
  };

  if (values.stdin) {
    if (positionals.length) throw new ConfigError('--stdin takes no paths');
    const text = await io.readStdin();
    const filename = values['stdin-filename'] ?? 'rule.toml';
    const result = formatDocument(text, filename, optionsFor(resolve(io.cwd, filename)));
    warnSkipped(filename, result.skipped, text);
    if (values.check) return result.text === text ? 0 : 1;
    io.stdout(result.text);
    return 0;
  }
  if (values['stdin-filename']) throw new ConfigError('--stdin-filename needs --stdin');

  // The files linting finds, less those it ignores ("ignores", --ignore-pattern, .gitignore); each is
  // read and written as --fix does (encoding and BOM kept, atomic).
  const { files, faults } = planFiles(positionals.length ? positionals : ['.'], {
    cwd: io.cwd,
    ...(values['no-config'] ? { noConfig: true } : {}),
    ...(values['ignore-pattern']?.length ? { ignorePatterns: values['ignore-pattern'] } : {}),
    ...(values['no-gitignore'] ? { gitignore: false } : {}),
  });
  const changed: string[] = [];
  let failed = false;
  for (const file of files) {
    const name = relative(io.cwd, file) || file;
    const fault = faults.get(file);
    const read = fault ? { fault } : readSourceFile(file);
    if ('fault' in read) {
      io.stderr(`esql-lint format: ${name}: ${read.fault.message}\n`);
      failed = true;
      continue;
    }
    const { bytes, source } = read.file;
    const result = formatDocument(source.text, file, optionsFor(file));
    warnSkipped(name, result.skipped, source.text);
    if (result.edits.length === 0) continue;
    const next = applyEditsToBytes(bytes, source, result.edits);
    if (!next || next.equals(bytes)) continue;
    changed.push(name);
    if (values.check) continue;
    const written = writeSourceFile(file, bytes, next);
    if (written.fault) {
      io.stderr(`esql-lint format: ${name}: ${written.fault.message.replace(/the fixes/g, 'the formatting').replace(/--fix/g, 'format')}\n`);
      failed = true;
    }
  }
  if (values.check) {
    for (const f of changed) io.stdout(`${f}\n`);
    if (changed.length) io.stderr(`esql-lint format: ${changed.length} of ${files.length} file${files.length === 1 ? '' : 's'} would be reformatted\n`);
    return changed.length ? 1 : failed ? 2 : 0;
  }
  for (const f of changed) io.stdout(`${f}\n`);
  io.stderr(`esql-lint format: ${changed.length} of ${files.length} file${files.length === 1 ? '' : 's'} reformatted\n`);
  return failed ? 2 : 0;
}
