/**
 * The built CLI's worker threads (`--concurrency`) when node itself was started with options: V8's
 * (refused in a worker's execArgv by Node; the process's flags apply to its workers anyway) must not
 * stop the run, and the report is the one-thread report.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'packages/cli/bin/esql-lint.js');

const lint = (nodeArgs: string[], args: string[]) =>
  spawnSync(process.execPath, [...nodeArgs, BIN, join(ROOT, 'examples'), '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

describe('the CLI with worker threads under node options', () => {
  it('a V8 option and a Node option given to node: --concurrency 2 prints the one-thread report', () => {
    const single = lint([], ['--concurrency', '1']);
    expect(single.stderr).toBe('');
    expect(JSON.parse(single.stdout).files.length).toBeGreaterThan(16);
    for (const nodeArgs of [['--interrupt-budget=100000'], ['--stack-trace-limit=20', '--enable-source-maps']]) {
      const parallel = lint(nodeArgs, ['--concurrency', '2']);
      expect(parallel.stderr, nodeArgs.join(' ')).toBe('');
      expect(parallel.status).toBe(single.status);
      expect(parallel.stdout === single.stdout, `${nodeArgs.join(' ')}: the report differs from the one-thread report`).toBe(true);
    }
  });
});
