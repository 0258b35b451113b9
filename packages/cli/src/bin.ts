import { ConfigError, decodeSource, UndecodableError } from '@esql-lint/linter';
import { runCli } from './cli.js';

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

runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin,
  cwd: process.cwd(),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
