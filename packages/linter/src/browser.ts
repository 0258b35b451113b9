// The linter's browser entry (the `browser` export condition): everything of index.ts that needs no Node
// API, for the web playground and other bundles for browsers. Left out: file discovery and `lintFiles`
// (files.ts), worker threads (run.ts), the cache, .gitignore checks and file reads and writes (file-io.ts,
// source-file.ts). Configuration and schema files are read through `@esql-lint/core/platform`, which is
// an in-memory file system in the browser. test/browser-bundle.test.ts checks that every export here is
// the index's own.
export * from './linter.js';
export * from './result.js';
export * from './rules.js';
export { languageSupport, type QueryChecks } from './languages.js';
export * from './config.js';
export { LinterPool, configToOptions, type LinterPoolOptions } from './linter-pool.js';
export { formatSchemaExplanation, importMapping, type ImportedSchema, type SchemaExplanation } from '@esql-lint/schema';
export * from './esql/index.js';
export { metadataFields, type MetadataField } from './metadata-fields.js';
export { resolveSchema, schemaProvider, type QuerySchemaInput } from './schema-context.js';
export { applySafeFixes, chooseSafeEdits } from './fix.js';
export * from './suppressions.js';
export { matchingPattern, configForFile } from './patterns.js';
export { formatQuery, formatDocument, formatOptionsForFile, type FormatFileResult, type FormatOptions, type KeywordCase } from './format.js';
