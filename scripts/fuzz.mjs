// npm run fuzz [runs]: the fuzz tests (test/fuzz.test.ts; the language service's, packages/language-service/test/fuzz.test.ts;
// --fix and format, test/fix-fuzz.test.ts) with many more cases than `npm test` runs,
// and the adversarial inputs at x1, x10 and x100; then the fast-path differential tests on all their inputs. FUZZ_SEED=<n> changes the generated cases.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = process.argv[2] ?? process.env.FUZZ_RUNS ?? '5000';
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const r = spawnSync(process.execPath, [vitest, 'run', 'test/fuzz.test.ts', 'packages/language-service/test/fuzz.test.ts', 'test/fix-fuzz.test.ts', '--testTimeout', '0'], {
  stdio: 'inherit',
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env: { ...process.env, FUZZ_RUNS: runs },
});
if (r.status !== 0) process.exit(r.status ?? 1);
// The differential tests (fast path vs reference path) on all their inputs; `npm test` takes a share.
const diff = spawnSync(process.execPath, [vitest, 'run', 'test/eql-fast-diff.test.ts', 'test/kql-fast-diff.test.ts', 'packages/parser-esql/test/garbage-runs.test.ts', 'packages/parser-esql/test/empty-pipes.test.ts', '--testTimeout', '0'], {
  stdio: 'inherit',
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  env: { ...process.env, ESQL_LINT_FULL_DIFF: '1' },
});
process.exit(diff.status ?? 1);
