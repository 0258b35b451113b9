import { stringList, type RuleDocument } from '../../packages/rule-document/src/index.js';

/** A TOML rule's values as the detection engine API has them (the field renames of Kibana's API). */
export function toApi(doc: RuleDocument): Record<string, unknown> {
  const { new_terms, ...rule } = doc.rule as Record<string, unknown> & { new_terms?: { value?: unknown; history_window_start?: Array<{ value?: unknown }> } };
  const api: Record<string, unknown> = { ...rule };
  if (new_terms) {
    api.new_terms_fields = new_terms.value;
    const start = new_terms.history_window_start?.[0]?.value;
    if (start !== undefined) api.history_window_start = start;
  }
  const packages = stringList(doc.metadata.integration);
  if (packages.length) api.related_integrations = packages.map((p) => ({ package: p, version: '^1.0.0' }));
  return api;
}
