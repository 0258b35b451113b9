/**
 * `index-integration`: the rule's index patterns and its `metadata.integration` agree, both ways, by the
 * naming of Elastic Agent data streams (`logs-<package>.<dataset>-*`), as detection-rules' tests require.
 */
import { diagnostic } from '@esql-lint/core';
import { addToArrayFix } from './edits.js';
import { checkoutData } from './checkout-data.js';
import { indexOf, integrationSpan, integrationsOf, str, type ReviewContext } from './context.js';
import { headerOrStart } from './edits.js';
import { INDICES_WITHOUT_INTEGRATION, INTEGRATION_CHECK_EXEMPT_RULE_IDS, ML_PACKAGES, NON_DATASET_PACKAGES } from './facts.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `logs-<name>*` as detection-rules matches it (a regular expression), made once per integration name. */
const logsPatterns = new Map<string, RegExp>();
function logsPattern(name: string): RegExp {
  let re = logsPatterns.get(name);
  if (!re) {
    if (logsPatterns.size >= 1000) logsPatterns.clear(); // names typed in an editor: bounded
    logsPatterns.set(name, (re = new RegExp(`logs-${escape(name)}*`)));
  }
  return re;
}

/** The package an index pattern names: the first word after its first dash (`logs-aws.cloudtrail-*` -> aws). */
export function packageOfIndex(pattern: string): string | undefined {
  if (pattern === 'apm-*-transaction*') return 'apm';
  const dash = pattern.indexOf('-');
  const rest = dash < 0 ? pattern : pattern.slice(dash + 1) || pattern.slice(0, dash);
  return /[A-Za-z0-9_]+/.exec(rest)?.[0];
}

export function checkIndexIntegration({ document, root, report, query }: ReviewContext): void {
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
  const withoutIndex = new Set<string>();
  integrations.forEach((name, i) => {
    if (logsPattern(name).test(joined)) return;
    if (name === 'windows' && /winlog/.test(joined)) return;
    if (name === 'apm' && /apm-*-transaction*|traces-apm*/.test(joined)) return; // detection-rules' own pattern, as a regular expression
    if (mlRule || rule.type === 'threat_match' || alertsOnly) return;
    withoutIndex.add(name);
    report(diagnostic('index-integration', 'error', `metadata.integration names "${name}", but no index pattern is of that integration (logs-${name}*).`, integrationSpan(document, i)));
  });

  checkDatasets();
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

  /**
   * The packages of the datasets the query compares (`aws.cloudtrail` -> aws, when the checkout's manifests
   * know aws), with the integrations that need a row of their own (packages not tied to one dataset, and
   * machine learning packages, when no dataset of theirs is compared), are exactly metadata.integration.
   */
  function checkDatasets(): void {
    const packages = root ? checkoutData(root).packages : undefined;
    if (!packages) return;
    const datasets = new Set(query.datasets.map((d) => d.replace(/^"|"$/g, '')));
    const rows = new Set<string>();
    const rowNeeded = (name: string) => !datasets.has(name) && ![...datasets].some((d) => d.startsWith(`${name}.`));
    for (const name of integrations) {
      if ((NON_DATASET_PACKAGES.includes(name) || ML_PACKAGES.has(name.toLowerCase())) && rowNeeded(name)) rows.add(name);
    }
    for (const d of datasets) {
      const pkg = d.includes('.') ? d.slice(0, d.indexOf('.')) : d;
      if (packages.has(pkg)) rows.add(pkg);
    }
    if (!rows.size) return;
    const have = [...new Set(integrations)].sort();
    const want = [...rows].sort();
    if (have.length === want.length && have.every((h, i) => h === want[i]) && have.length === integrations.length) return;
    const missing = want.filter((w) => !have.includes(w));
    // An integration already reported for its missing index pattern is that one mistake.
    const extra = have.filter((h) => !rows.has(h) && !withoutIndex.has(h));
    if (!missing.length && !extra.length) return;
    const span = document.valueSpan(['metadata', 'integration']) ?? headerOrStart(document, 'metadata');
    const parts = [
      missing.length ? `lacks ${missing.map((m) => `"${m}"`).join(', ')}, whose datasets the query compares` : '',
      extra.length ? `names ${extra.map((m) => `"${m}"`).join(', ')}, which no dataset of the query is of (the query compares ${[...datasets].map((d) => `"${d}"`).join(', ') || 'no dataset'})` : '',
    ].filter(Boolean);
    const fix = !extra.length ? addToArrayFix(document, ['metadata', 'integration'], missing, `Add ${missing.map((m) => `"${m}"`).join(', ')} to metadata.integration`) : undefined;
    report(diagnostic('index-integration', 'error', `metadata.integration ${parts.join(', and ')}.`, span, fix ? [fix] : undefined));
  }
}
