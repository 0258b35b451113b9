import { testConfig } from './vitest.base.js';
import { E2E_TEST_FILES } from './test/e2e-files.js';

// Every Node process the tests start (the CLI, language servers, loaders: a few hundred) reads the CA file
// NODE_EXTRA_CA_CERTS names at start, when set (as in this sandbox): ~0.1 s of CPU each, ~0.2 s of wall.
// No test of `npm test` makes a TLS connection, so the workers and what they start go without it. (The
// end-to-end tests, which run npm, keep it: vitest.e2e.config.ts.)
delete process.env.NODE_EXTRA_CA_CERTS;

/** `npm test`: every test but the heavy end-to-end files, which `npm run test:e2e` runs (vitest.e2e.config.ts). */
export default testConfig({
  include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
  exclude: E2E_TEST_FILES,
  report: 'ESQL_LINT_TEST_REPORT',
});
