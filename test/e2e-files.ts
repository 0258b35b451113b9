/**
 * The heavy end-to-end test files: they run the product as users meet it (the built CLI over the whole
 * corpus, the packed tarball installed in an empty directory, the real pre-commit, real VS Code and
 * Neovim) and take most of the suite's time. `npm test` leaves them out (vitest.config.ts); `npm run
 * test:e2e` (vitest.e2e.config.ts) runs them, and so does .ci/run after `npm test`.
 */
export const E2E_TEST_FILES = [
  'test/e2e-cli.test.ts',
  'test/json-rules-corpus.test.ts',
  'test/packaging.test.ts',
  'test/pre-commit.test.ts',
  'test/editor-nvim.test.ts',
  'test/editor-vscode.test.ts',
  'test/editor-vscode-nav.test.ts',
];
