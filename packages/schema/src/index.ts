export type {
  CustomSchemaSpec,
  FieldLookup,
  PackageReason,
  ResolvedSchema,
  RuleApiSchemas,
  RuleSchemaInput,
  SchemaExplanation,
  SchemaOptions,
  SchemaProvider,
} from './types.js';
export { createSchemaProvider } from './provider.js';
export { formatSchemaExplanation } from './explain.js';
export { typeFamily, type TypeFamily } from './type-family.js';
export { flattenFieldsYml } from './fields-yml.js';
export { importMapping, mappingKind, type ImportedSchema, type MappingKind } from './mapping.js';
export { ecsFieldDoc, knownDataStreams, type EcsFieldDoc, type KnownDataStream } from './field-docs.js';
export { findRulesRepo, manifestPackageNames } from './rules-repo.js';
