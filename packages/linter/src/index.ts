export * from './linter.js';
export * from './result.js';
export * from './rules.js';
export { languageSupport, type QueryChecks } from './languages.js';
export * from './config.js';
export * from './files.js';
export { formatSchemaExplanation, type SchemaExplanation } from '@esql-lint/schema';
export * from './esql/index.js';
export { metadataFields, type MetadataField } from './metadata-fields.js';
