export { runCli, type CliIo } from './cli.js';
export { formatJson } from './formatters/json.js';
export { formatSarif } from './formatters/sarif.js';
export { formatGithub } from './formatters/github.js';
export { formatStylish } from './formatters/stylish.js';
