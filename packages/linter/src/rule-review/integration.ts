/**
 * `index-integration`: the rule's index patterns and its `metadata.integration` agree, both ways, by the
 * naming of Elastic Agent data streams (`logs-<package>.<dataset>-*`), as detection-rules' tests require.
 */
import { diagnostic } from '@esql-lint/core';
import { addToArrayFix } from './edits.js';
import { indexOf, integrationSpan, integrationsOf, str, type ReviewContext } from './context.js';
import { INDICES_WITHOUT_INTEGRATION, INTEGRATION_CHECK_EXEMPT_RULE_IDS, ML_PACKAGES, NON_DATASET_PACKAGES } from './facts.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The package an index pattern names: the first word after its first dash (`logs-aws.cloudtrail-*` -> aws). */
export function packageOfIndex(pattern: string): string | undefined {
  if (pattern === 'apm-*-transaction*') return 'apm';
  const dash = pattern.indexOf('-');
  const rest = dash < 0 ? pattern : pattern.slice(dash + 1) || pattern.slice(0, dash);
  return /[A-Za-z0-9_]+/.exec(rest)?.[0];
}

export function checkIndexIntegration({ document, report }: ReviewContext): void {
  const { rule } = document;
  const index = indexOf(document);
  // ES|QL rules name their indices in FROM (no `index`); lucene queries are not checked by detection-rules.
  if (!index.length || rule.language === 'lucene' || rule.type === 'machine_learning') return;
  const integrations = integrationsOf(document);
  const joined = index.join('|');
  const mlRule = integrations.some((i) => ML_PACKAGES.has(i.toLowerCase()));
  const exempt = INTEGRATION_CHECK_EXEMPT_RULE_IDS.has(str(rule.rule_id) ?? '');
  const alertsOnly = index.length === 1 && index[0] === '.alerts-security.*';

  // An integration needs an index pattern of its own: logs-<name>* (the last letter may be left out,
  // as detection-rules matches it).
  integrations.forEach((name, i) => {
    if (new RegExp(`logs-${escape(name)}*`).test(joined)) return;
    if (name === 'windows' && /winlog/.test(joined)) return;
    if (name === 'apm' && /apm-*-transaction*|traces-apm*/.test(joined)) return; // detection-rules' own pattern, as a regular expression
    if (mlRule || rule.type === 'threat_match' || alertsOnly) return;
    report(diagnostic('index-integration', 'error', `metadata.integration names "${name}", but no index pattern is of that integration (logs-${name}*).`, integrationSpan(document, i)));
  });

  if (exempt) return;
  // An index pattern that mentions a package not tied to one dataset needs some metadata.integration.
  if (!integrations.length && !alertsOnly) {
    const words = [...NON_DATASET_PACKAGES, 'winlog'];
    const i = index.findIndex((p) => words.some((w) => p.toLowerCase().includes(w)));
    if (i >= 0) {
      const word = words.find((w) => index[i].toLowerCase().includes(w))!;
      const pkg = word === 'winlog' ? 'windows' : word;
      const fix = addToArrayFix(document, ['metadata', 'integration'], [pkg], `Add "${pkg}" to metadata.integration`);
      report(diagnostic('index-integration', 'error', `The index pattern "${index[i]}" is of the ${pkg} integration, but [metadata] has no integration.`, document.valueSpan(['rule', 'index', i]) ?? document.valueSpan(['rule', 'index'])!, fix ? [fix] : undefined));
      return;
    }
  }
  // Each index pattern of an integration needs that integration in metadata.integration.
  if (mlRule || rule.type === 'threat_match') return;
  const have = new Set(integrations);
  const missing = new Map<string, number>();
  index.forEach((p, i) => {
    if (INDICES_WITHOUT_INTEGRATION.has(p)) return;
    const pkg = packageOfIndex(p);
    if (pkg && !have.has(pkg) && !missing.has(pkg)) missing.set(pkg, i);
  });
  for (const [pkg, i] of missing) {
    const fix = addToArrayFix(document, ['metadata', 'integration'], [pkg], `Add "${pkg}" to metadata.integration`);
    report(diagnostic('index-integration', 'error', `The index pattern "${index[i]}" is of the ${pkg} integration, which metadata.integration does not name.`, document.valueSpan(['rule', 'index', i]) ?? document.valueSpan(['rule', 'index'])!, fix ? [fix] : undefined));
  }
}
