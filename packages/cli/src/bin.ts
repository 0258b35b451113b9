import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, decodeSource, runLintWorker, UndecodableError } from '@esql-lint/linter';
import { runCli } from './cli.js';
import { VERSION } from './version.js';

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Decoded as files are (a UTF-8 BOM dropped, UTF-16 by its BOM).
  try {
    return decodeSource(Buffer.concat(chunks)).text;
  } catch (e) {
    if (e instanceof UndecodableError) throw new ConfigError(`cannot read standard input: ${e.message}`);
    throw e;
  }
};

/**
 * This build, for the cache: the version and a hash of this very file (the bundle holds code and data). Asked only by
 * `--cache` runs: node:crypto is loaded then (loading it costs a few ms of every start; issue 19, start-up).
 */
function buildId(): string {
  try {
    return `${VERSION}+${process.getBuiltinModule('node:crypto').createHash('sha1').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16)}`;
  } catch {
    return VERSION;
  }
}

// `--concurrency`: the bundled CLI is its own worker script (one self-contained file).
if (!runLintWorker()) main();

function main(): void {
  runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    workerUrl: new URL(import.meta.url),
    get build() {
      return buildId();
    },
  }).then((code) => {
    process.exitCode = code;
  });
}
