// The library API of the `esql-lint` package: `import { lintText, lintFiles, parseEsql } from 'esql-lint'`.
// build.mjs bundles it (with the CLI and the language server) into self-contained files, and bundles its
// type declarations into one dist/index.d.ts.

// Linting: Linter, lintText, lintFiles, explainSchema, allRules, configuration, safe fixes, result types.
export * from '@esql-lint/linter';

// The three parsers, each whole as a namespace (`esql.walk`, `kql.print`, ...), and their `parse` by name.
export * as kql from '@esql-lint/parser-kql';
export * as eql from '@esql-lint/parser-eql';
export * as esql from '@esql-lint/parser-esql';
export { parse as parseKql } from '@esql-lint/parser-kql';
export { parse as parseEql } from '@esql-lint/parser-eql';
export { parse as parseEsql } from '@esql-lint/parser-esql';

// Rule files: the TOML host (rules, hunting files, raw query files) with each query's offset map.
export {
  parseRuleDocument,
  isLintableFile,
  rawQueryLanguage,
  type RuleDocument,
  type EmbeddedQuery,
  type DocumentKind,
  type RuleLanguage,
} from '@esql-lint/rule-document';

// Spans, positions and diagnostics shared by every package.
export { LineIndex, OffsetMap, type Span, type Diagnostic, type Severity, type ParseResult, type ExpectedItem } from '@esql-lint/core';

// The CLI and its report formats, for tools that print reports of their own.
export { runCli, type CliIo } from './cli.js';
export { formatJson } from './formatters/json.js';
export { formatSarif } from './formatters/sarif.js';
export { formatGithub } from './formatters/github.js';
export { formatStylish, type StylishOptions } from './formatters/stylish.js';
export { VERSION } from './version.js';
