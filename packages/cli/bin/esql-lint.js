#!/usr/bin/env node
// The esql-lint CLI. CommonJS (bin/package.json): a process started here never sets up Node's ES module loader,
// a few ms of every start (issue 19); dist/esql-lint.cjs loads the bundle as dist/esql-lint.mjs does.
require('../dist/esql-lint.cjs');
