import { testConfig } from './vitest.base.js';
import { E2E_TEST_FILES } from './test/e2e-files.js';

/** `npm test`: every test but the heavy end-to-end files, which `npm run test:e2e` runs (vitest.e2e.config.ts). */
export default testConfig({
  include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
  exclude: E2E_TEST_FILES,
  report: 'ESQL_LINT_TEST_REPORT',
});
