import { defineConfig } from 'vitest/config';

// .ci/run sets ESQL_LINT_TEST_REPORT to get a JSON report it can count from.
const report = process.env.ESQL_LINT_TEST_REPORT;

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the `source` export condition), not dist/.
  resolve: { conditions: ['source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'threads',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
