#!/usr/bin/env node
// The esql-lint language server over stdio (or --node-ipc / --socket=N). CommonJS, as bin/esql-lint.js
// (bin/package.json); the server's entry is an ES module.
import('../dist/esql-lint-lsp.mjs');
