import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { createSchemaProvider, formatSchemaExplanation } from '../src/index.js';
import { ruleInput } from './support.js';

// Packages production rules use that no schema we have covers (bundle + the corpus checkout).
const EXPECTED_UNAVAILABLE = new Set([
  'apm', 'ded', 'elastic_security', 'google_secops', 'ibm_qradar', 'jamf_protect', 'lmd', 'microsoft_sentinel', 'pad',
  'splunk', 'sysmon_linux', 'ti_rapid7_threat_command',
]);

describe.skipIf(!HAS_CORPUS)('schemas of the production corpus rules', () => {
  if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);
  const provider = createSchemaProvider();
  const rules = corpusQueries().filter((q) => !q.deprecated);

  it('resolves every rule inside the corpus checkout, with ECS always known', () => {
    expect(rules.length).toBeGreaterThan(1500);
    for (const q of rules) {
      const s = provider.resolve(ruleInput(q));
      const e = s.explain();
      expect(e.rulesRepo?.etcDir, q.file).toMatch(/detection_rules\/etc$/);
      expect(s.lookup('process.name'), q.file).toMatchObject({ kind: 'known', type: 'keyword' });
      expect(s.lookup('@timestamp'), q.file).toMatchObject({ kind: 'known', type: 'date' });
      expect(s.lookup('event.category').kind, q.file).toBe('known');
      expect(formatSchemaExplanation(e).length).toBeGreaterThan(0);
      // whole packages we lack must be the expected ones; a missing stream of a package we have is fine
      for (const u of s.unavailablePackages) if (!u.includes('.')) expect(EXPECTED_UNAVAILABLE.has(u), `${q.file}: ${u}`).toBe(true);
    }
  });

  it('knows CloudTrail fields for CloudTrail rules, and endpoint fields for endpoint rules', () => {
    const cloudtrail = rules.filter((q) => /aws\.cloudtrail/.test(q.query) || ((q.rule.index as string[] | undefined) ?? []).some((i) => i.includes('aws.cloudtrail')));
    expect(cloudtrail.length).toBeGreaterThan(100);
    for (const q of cloudtrail) {
      const s = provider.resolve(ruleInput(q));
      expect(s.lookup('aws.cloudtrail.user_identity.arn'), q.file).toMatchObject({ kind: 'known', type: 'keyword' });
      expect(s.lookup('aws.cloudtrail.flattened.request_parameters.bucketName').kind, q.file).toBe('open');
    }
    const endpoint = rules.filter((q) => ((q.rule.index as string[] | undefined) ?? []).includes('logs-endpoint.events.process-*'));
    expect(endpoint.length).toBeGreaterThan(100);
    for (const q of endpoint) {
      const s = provider.resolve(ruleInput(q));
      expect(s.lookup('process.Ext.api.name').kind, q.file).toBe('known');
      expect(s.lookup('process.command_line.caseless').kind, q.file).toBe('known');
      expect(s.explain().packages.some((p) => p.package === 'endpoint' && p.streams.includes('process')), q.file).toBe(true);
    }
  });

  it('follows min_stack_version through the corpus stack-schema-map', () => {
    const pinned = rules.find((q) => (q.metadata as { min_stack_version?: string }).min_stack_version === '9.3.0');
    expect(pinned).toBeDefined();
    const e = provider.resolve(ruleInput(pinned!)).explain();
    expect(e.stack).toMatchObject({ version: '9.3.0', from: 'min_stack_version' });
    expect(e.ecs.version).toBe('9.3.0');
  });
});
