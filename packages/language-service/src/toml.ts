import type { CompletionItem } from './types.js';

/** Keys of the tables of a detection rule file (elastic/detection-rules' rule schema, common ones). */
const KEYS: Record<string, string[]> = {
  metadata: [
    'creation_date', 'updated_date', 'maturity', 'integration', 'min_stack_version', 'min_stack_comments',
    'deprecation_date', 'comments', 'query_schema_validation', 'bypass_bbr_timing',
  ],
  rule: [
    'author', 'description', 'from', 'index', 'interval', 'language', 'license', 'max_signals', 'name', 'note',
    'query', 'references', 'risk_score', 'rule_id', 'setup', 'severity', 'tags', 'timestamp_override', 'type',
    'false_positives', 'building_block_type', 'investigation_fields', 'required_fields', 'related_integrations',
    'new_terms', 'threshold', 'alert_suppression', 'risk_score_mapping', 'severity_mapping', 'rule_name_override',
    'event_category_override', 'timeline_id', 'timeline_title', 'exceptions_list', 'filters', 'version', 'threat',
  ],
};

/** Values of keys with a closed set of values. */
const VALUES: Record<string, string[]> = {
  'rule.language': ['kuery', 'eql', 'esql', 'lucene'],
  'rule.type': ['query', 'eql', 'esql', 'threshold', 'new_terms', 'threat_match', 'machine_learning'],
  'rule.severity': ['low', 'medium', 'high', 'critical'],
  'metadata.maturity': ['development', 'production', 'deprecated'],
};

/**
 * Completion outside the queries of a rule file: the keys of `[rule]` / `[metadata]` at the start of a
 * line (those not present yet), and the values of `language`, `type`, `severity`, `maturity` in quotes.
 */
export function tomlCompletions(text: string, offset: number): CompletionItem[] {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const headers = [...text.slice(0, lineStart).matchAll(/^\s*\[([\w.]+)\]\s*$/gm)];
  const table = headers.length ? headers[headers.length - 1][1] : '';
  const key = /^\s*([\w]*)$/.exec(before);
  if (key && KEYS[table]) {
    const start = offset - key[1].length;
    const tableStart = headers[headers.length - 1].index!;
    const next = text.slice(tableStart + 1).search(/^\s*\[/m);
    const body = next < 0 ? text.slice(tableStart) : text.slice(tableStart, tableStart + 1 + next);
    const present = new Set([...body.matchAll(/^\s*(\w+)\s*=/gm)].map((m) => m[1]));
    return KEYS[table]
      .filter((k) => !present.has(k) && k.startsWith(key[1]))
      .map((k) => ({ label: k, kind: 'key', insertText: `${k} = `, span: { start, end: offset }, sortText: '3' + k }));
  }
  const value = /^\s*(\w+)\s*=\s*"(\w*)$/.exec(before);
  const values = value && VALUES[`${table}.${value[1]}`];
  if (!value || !values) return [];
  const start = offset - value[2].length;
  return values.filter((v) => v.startsWith(value[2])).map((v) => ({ label: v, kind: 'value', span: { start, end: offset }, sortText: '1' + v }));
}
