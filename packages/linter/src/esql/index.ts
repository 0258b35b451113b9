/**
 * ES|QL semantic analysis: column flow through the pipeline, expression types, function signatures,
 * and the checks detection-rules and Kibana apply to ES|QL rules.
 *
 * - `analyzeEsql(ast, schema, { text })` follows the columns of a query and returns its output columns
 *   (`columns`, `includesSchemaFields`, `open`, `hasColumn`, `columnType`), every column read with its
 *   type, and diagnostics (`unknown-column`, `unknown-field`, `unverified-field`, `unknown-function`,
 *   `wrong-argument-count`, `no-matching-signature`, `incompatible-types`, `aggregate-misuse`).
 * - `COMMANDS` (commands.ts): the per-command table (parts and what they accept, column effect, produced
 *   columns, the analyzer of each command), read by the analysis and by the editor features.
 * - `checkEsqlRule(...)` adds the rule-level checks (`esql-missing-keep`, `esql-missing-metadata`,
 *   `esql-column-naming`, `esql-index-mismatch`, and metadata fields naming output columns).
 */
export { analyzeEsql, hasEsqlPrefix } from './analyze.js';
export type { EsqlAnalysis, EsqlAnalysisOptions, EsqlColumn, EsqlColumnRead, ColumnOrigin } from './analyze.js';
export { checkEsqlRule, isEsqlRule, type RuleCheckInput } from './rule-checks.js';
export { esqlTypeOfField, type EsqlType } from './types.js';
export { functionDefinition } from './functions.js';
export { COMMANDS, commandByName, commandSpec } from './commands.js';
export { UNSORTABLE_TYPES, FULL_TEXT_FUNCTIONS } from './verifier.js';
export type { CommandContext, CommandPart, CommandSpec, ColumnEffect, ExprContext, PartRole, ProducedColumn } from './model.js';
export { accepts, family } from './types.js';
export { matchSignatures, castFunction } from './functions.js';
