import { defineConfig } from 'vitest/config';

// `npm run test:playground`: the playground end-to-end test (builds the page, serves it, drives headless
// Chromium). Not part of `npm test` (its include does not reach e2e/). .ci/run sets ESQL_LINT_TEST_REPORT.
const report = process.env.ESQL_LINT_TEST_REPORT;

export default defineConfig({
  resolve: { conditions: ['source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'], externalConditions: ['source'] } },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['packages/playground/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
  },
});
