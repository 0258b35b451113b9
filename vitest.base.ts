import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const conditions = ['source', 'module', 'node', 'development|production'];

/**
 * The settings `npm test` (vitest.config.ts) and `npm run test:e2e` (vitest.e2e.config.ts) share. `report`
 * names the environment variable through which .ci/run asks for a JSON report it can count from.
 */
export function testConfig(files: { include: string[]; exclude: string[]; report: string }) {
  const report = process.env[files.report];
  return defineConfig({
    // Workspace packages resolve to their TypeScript sources (the `source` export condition), not dist/.
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['source'] } },
    test: {
      include: files.include,
      exclude: ['**/node_modules/**', ...files.exclude],
      pool: 'threads',
      maxWorkers: 2,
      // The test files of a worker share its module cache: each file used to import (transform and
      // evaluate) the workspace's sources anew, 86 of the 192 s of `npm test` on 2 cores. No test relies
      // on a fresh module state (the whole suite passed this way, idle: 113 s).
      isolate: false,
      // Generous: on a loaded 2-core machine corpus-wide tests have needed over 60 s. No test asserts time.
      testTimeout: 180_000,
      hookTimeout: 300_000,
      reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
      // The bundles' V8 code cache (scripts/code-cache.mjs) of the many bundles tests build goes to a directory
      // of its own, not the user's (where it would push out the entries of the bundles in use).
      env: { ESQL_LINT_CODE_CACHE: process.env.ESQL_LINT_CODE_CACHE || join(tmpdir(), 'esql-lint-test-code-cache') },
    },
  });
}
