export { runCli, type CliIo } from './cli.js';
export { formatJson } from './formatters/json.js';
export { formatSarif } from './formatters/sarif.js';
export { formatGithub } from './formatters/github.js';
export { formatStylish } from './formatters/stylish.js';
// The library API, also reachable from the `esql-lint` package itself.
export { Linter, lintText, lintFiles, allRules, type FileResult, type LintReport, type LintOptions } from '@esql-lint/linter';
