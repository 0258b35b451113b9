#!/usr/bin/env node
// The esql-lint language server over stdio (or --node-ipc / --socket=N).
import '../dist/esql-lint-lsp.mjs';
