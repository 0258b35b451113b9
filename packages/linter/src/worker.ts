// The script of esql-lint's worker threads (`--concurrency`) when the linter runs unbundled; the
// bundled CLI starts itself as the worker instead (packages/cli/src/bin.ts).
import { runLintWorker } from './run.js';

runLintWorker();
