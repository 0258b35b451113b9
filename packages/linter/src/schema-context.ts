import { fileExists as existsSync } from '@esql-lint/core/platform';
import { diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import { stringList, type EmbeddedQuery, type RuleDocument } from '@esql-lint/rule-document';
import { createSchemaProvider, type ResolvedSchema, type SchemaProvider } from '@esql-lint/schema';
import { ConfigError, type SchemaFile } from './config.js';

/** Fields whose compared values select integration data streams. */
export const DATASET_FIELDS = new Set(['event.dataset', 'data_stream.dataset']);
export const MODULE_FIELDS = new Set(['event.module']);

const providers = new Map<string, SchemaProvider>();

/** One provider per set of custom schemas, shared by every Linter of the process (schemas load once). */
export function schemaProvider(customSchemas: readonly SchemaFile[] = []): SchemaProvider {
  const key = JSON.stringify(customSchemas);
  let p = providers.get(key);
  if (!p) {
    const specs = customSchemas.map((s) => (typeof s === 'string' ? { path: s } : s));
    for (const { path } of specs) if (!existsSync(path)) throw new ConfigError(`custom schema not found: ${path}`);
    p = createSchemaProvider({ customSchemas: specs });
    // A schema the user named that cannot be read stops the run, as a missing one does: otherwise its
    // fields would be silently unknown (false unknown-field errors) or unchecked.
    const problems = p.customSchemaProblems();
    if (problems.length) throw new ConfigError(problems.join('\n'));
    providers.set(key, p);
  }
  return p;
}

export interface QuerySchemaInput {
  datasets?: string[];
  modules?: string[];
  /** Index patterns of the query itself (ES|QL FROM); otherwise the rule's `index`. */
  index?: string[];
}

/**
 * The schema of one query of a document. A rule's `query` runs against its `index` (or, for ES|QL, its
 * FROM patterns) and its integrations; an indicator match rule's `threat_query` runs against
 * `threat_index` only.
 */
export function resolveSchema(provider: SchemaProvider, document: RuleDocument, query: Pick<EmbeddedQuery, 'key' | 'language'>, input: QuerySchemaInput): ResolvedSchema {
  const { metadata, rule } = document;
  const threat = query.key === 'threat_query';
  const named = threat ? [] : stringList(document.kind === 'hunt' ? rule.integration : metadata.integration);
  // Hunting files name data streams (`aws.cloudtrail`) where rules name packages (`aws`): a dotted entry
  // selects that data stream, like a compared event.dataset value.
  const integrations = named.filter((n) => !n.includes('.'));
  const streams = named.filter((n) => n.includes('.'));
  const index = input.index ?? stringList(threat ? rule.threat_index : rule.index);
  return provider.resolve({
    filePath: document.path,
    language: query.language,
    index,
    datasets: [...(input.datasets ?? []), ...streams],
    modules: input.modules ?? [],
    integrations,
    ...(typeof metadata.min_stack_version === 'string' ? { minStackVersion: metadata.min_stack_version } : {}),
  });
}

/**
 * One `schema-unavailable` info per package the rule uses without a schema, placed where the rule
 * names the package: its `metadata.integration` entry, its index pattern, or the compared dataset value.
 * `datasetSpan` finds a dataset value in the query (query offsets); other spans are file offsets and are
 * reported through `reportFile`.
 */
export function reportUnavailable(
  schema: ResolvedSchema,
  document: RuleDocument,
  reportFile: (d: Diagnostic) => void,
  reportQuery: (d: Diagnostic) => void,
  datasetSpan: (value: string) => Span | undefined,
  fallback: Span,
): void {
  if (schema.unavailablePackages.length === 0) return;
  const explained = schema.explain().unavailablePackages;
  for (const { package: pkg, reasons } of explained) {
    const message = `No schema is available for the ${pkg} integration: its fields are not checked.`;
    let placed = false;
    for (const reason of reasons) {
      if (reason.kind === 'integration') {
        const list = stringList(document.kind === 'hunt' ? document.rule.integration : document.metadata.integration);
        const i = list.indexOf(reason.value);
        const span = document.valueSpan(document.kind === 'hunt' ? ['hunt', 'integration', i] : ['metadata', 'integration', i]);
        if (span) {
          reportFile(diagnostic('schema-unavailable', 'info', message, span));
          placed = true;
        }
      } else if (reason.kind === 'index') {
        const i = stringList(document.rule.index).indexOf(reason.pattern);
        const span = i >= 0 ? document.valueSpan(['rule', 'index', i]) : undefined;
        if (span) {
          reportFile(diagnostic('schema-unavailable', 'info', message, span));
          placed = true;
        }
      } else {
        const span = datasetSpan(reason.value);
        if (span) {
          reportQuery(diagnostic('schema-unavailable', 'info', message, span));
          placed = true;
        }
      }
      if (placed) break;
    }
    if (!placed) reportQuery(diagnostic('schema-unavailable', 'info', message, fallback));
  }
}
