import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, importMapping } from '@esql-lint/linter';
import type { CliIo } from './cli.js';

export const SCHEMA_HELP = `Usage: esql-lint schema import <file> [--index <pattern>] [-o <out.json>] [--ecs]

Converts an Elasticsearch mapping (GET <index>/_mapping) or a field capabilities response
(GET <index>/_field_caps?fields=*) into esql-lint's JSON schema form, for "schemas" in .esql-lint.json.

Options:
      --index <pattern>  merge every index of the file under this index pattern (default: one entry
                         per concrete index; a rule's index pattern that matches the name applies it)
  -o, --output <file>    write there instead of standard output
      --ecs              layer ECS and the integration packages on top (default: the mapping is the
                         truth for its indices, nothing is added)
  -h, --help             show this help
`;

/** `esql-lint schema import …`: resolves to the exit code. Throws ConfigError for bad input (exit 2). */
export function runSchemaCommand(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { index: { type: 'string' }, output: { type: 'string', short: 'o' }, ecs: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw new ConfigError(`${(e as Error).message.split('\n')[0]} (esql-lint schema --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(SCHEMA_HELP);
    return 0;
  }
  const [action, file, ...rest] = positionals;
  if (action !== 'import') throw new ConfigError(`unknown schema command "${action ?? ''}" (use: esql-lint schema import <file>)`);
  if (!file || rest.length) throw new ConfigError('esql-lint schema import takes one file (esql-lint schema --help)');
  const path = resolve(io.cwd, file);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let imported;
  try {
    imported = importMapping(data, { ...(values.index ? { index: values.index } : {}), source: file, ...(values.ecs ? { ecs: true } : {}) });
  } catch (e) {
    throw new ConfigError(`${file}: ${(e as Error).message}`);
  }
  const text = JSON.stringify(imported.schema, null, 2) + '\n';
  for (const c of imported.conflicts) io.stderr(`esql-lint: ${c.field} has types ${c.types.join(', ')} across the indices; kept ${c.kept}\n`);
  if (values.output) {
    const out = resolve(io.cwd, values.output);
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (e) {
      throw new ConfigError(`cannot write ${values.output}: ${(e as Error).message}`);
    }
    io.stderr(`esql-lint: wrote ${values.output}: ${imported.fields} fields of ${imported.indices.length} ${imported.indices.length === 1 ? 'index' : 'indices'}\n`);
  } else io.stdout(text);
  return 0;
}
