/** Tags detection-rules' tests require: the primary tactic, and the tags of the index patterns. */
import { diagnostic } from '@esql-lint/core';
import { addToArrayFix } from './edits.js';
import { indexOf, tagsOf, tagsSpan, str, type ReviewContext } from './context.js';
import { TAG, TAGS_BY_INDEX } from './facts.js';

/** The primary tactic names: that of the first `[[rule.threat]]`, and of the first threat of each versioned `threat_mappings` block. */
export function primaryTactics(rule: Record<string, unknown>): string[] {
  const names: string[] = [];
  const first = (threats: unknown) => (Array.isArray(threats) ? str((threats[0] as { tactic?: { name?: unknown } } | undefined)?.tactic?.name) : undefined);
  const base = first(rule.threat);
  if (base) names.push(base);
  for (const block of Array.isArray(rule.threat_mappings) ? rule.threat_mappings : []) {
    const n = first((block as { threat?: unknown } | undefined)?.threat);
    if (n && !names.includes(n)) names.push(n);
  }
  return names;
}

/**
 * `tactic-tag`: a rule with an ATT&CK mapping carries the tag of its primary tactic ("Tactic: Execution"
 * when the first threat entry is Execution). Not for machine learning rules or "Continuous Monitoring" ones.
 * Other tactics of the mapping need no tag, and tags of other tactics are allowed: detection-rules enforces
 * the primary one only.
 */
export function checkTacticTag({ document, report }: ReviewContext): void {
  const { rule } = document;
  const tags = tagsOf(document);
  if (!Array.isArray(rule.threat) || rule.threat.length === 0 || rule.type === 'machine_learning' || tags.includes(TAG.continuousMonitoring)) return;
  const primary = primaryTactics(rule);
  if (!primary.length || primary.some((t) => tags.includes(TAG.tacticPrefix + t))) return;
  const want = TAG.tacticPrefix + primary[0];
  const alt = primary.length > 1 ? ` (or ${primary.slice(1).map((t) => `"${TAG.tacticPrefix}${t}"`).join(', ')})` : '';
  const fix = addToArrayFix(document, ['rule', 'tags'], [want], `Add the tag "${want}"`);
  report(diagnostic('tactic-tag', 'error', `The tags lack "${want}"${alt}: the primary tactic of the ATT&CK mapping (the first [[rule.threat]]) must be a tag.`, tagsSpan(document), fix ? [fix] : undefined));
}

/**
 * `data-source-tags`: each index pattern of a known data source requires its tags ("logs-aws*" needs
 * "Data Source: AWS", "Data Source: Amazon Web Services" and "Domain: Cloud"). The pattern must be written
 * exactly so in `index`.
 */
export function checkDataSourceTags({ document, report }: ReviewContext): void {
  const tags = new Set(tagsOf(document));
  const missing = new Map<string, string[]>();
  for (const pattern of indexOf(document)) {
    for (const t of TAGS_BY_INDEX[pattern] ?? []) {
      if (tags.has(t)) continue;
      const list = missing.get(t) ?? [];
      list.push(pattern);
      missing.set(t, list);
    }
  }
  if (!missing.size) return;
  const wanted = [...missing.keys()];
  const why = [...new Set([...missing.values()].flat())].map((p) => `"${p}"`).join(', ');
  const fix = addToArrayFix(document, ['rule', 'tags'], wanted, wanted.length === 1 ? `Add the tag "${wanted[0]}"` : `Add the tags ${wanted.map((t) => `"${t}"`).join(', ')}`);
  report(diagnostic('data-source-tags', 'error', `The tags lack ${wanted.map((t) => `"${t}"`).join(', ')}, which the index pattern${why.includes(',') ? 's' : ''} ${why} require${why.includes(',') ? '' : 's'}.`, tagsSpan(document), fix ? [fix] : undefined));
}
