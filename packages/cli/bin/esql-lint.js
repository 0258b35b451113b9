#!/usr/bin/env node
import '../dist/esql-lint.mjs';
