import { testConfig } from './vitest.base.js';
import { E2E_TEST_FILES } from './test/e2e-files.js';

/** `npm run test:e2e`: the heavy end-to-end files that `npm test` leaves out (test/e2e-files.ts). */
export default testConfig({ include: E2E_TEST_FILES, exclude: [], report: 'ESQL_LINT_E2E_TEST_REPORT' });
