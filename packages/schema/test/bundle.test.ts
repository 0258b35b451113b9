import { describe, expect, it } from 'vitest';
import { createSchemaProvider, formatSchemaExplanation, typeFamily, type RuleSchemaInput } from '../src/index.js';

// No detection-rules checkout: @elastic/ecs, the generated integrations bundle and the bundled copies of what a
// checkout supplies by index pattern (data/index-schemas.json: non-ECS fields, endgame, endpoint, alerts, ML results).
const provider = createSchemaProvider({ rulesRepoRoot: false });
const resolve = (input: Partial<RuleSchemaInput>) => provider.resolve({ language: 'kuery', ...input });

describe('field semantics (bundled schemas)', () => {
  const cloudtrail = resolve({ index: ['logs-aws.cloudtrail-*'], integrations: ['aws'] });
  const cases: Array<[string, RuleSchemaInput | Partial<RuleSchemaInput>, string, Record<string, unknown>]> = [
    ['ECS field', {}, 'process.name', { kind: 'known', type: 'keyword', source: 'ecs 9.4.0' }],
    ['ECS multi-field', {}, 'process.title.text', { kind: 'known', type: 'match_only_text' }],
    ['endpoint schema multi-field (every rule, as detection-rules does)', {}, 'process.command_line.text', { kind: 'known', type: 'text', source: 'endpoint schemas (bundled)' }],
    ['non-ECS field by index pattern', { index: ['logs-endpoint.events.file-*'] }, 'file.Ext.windows.zone_identifier', { kind: 'known', type: 'long' }],
    ['non-ECS type override by index pattern', { index: ['logs-kubernetes.audit_logs-*'], datasets: ['kubernetes.audit_logs'] }, 'kubernetes.audit.requestObject.spec.containers.image', { kind: 'known', type: 'keyword' }],
    ['alerts index field', { index: ['.alerts-security.*'] }, 'kibana.alert.rule.threat.technique.subtechnique.id', { kind: 'known', type: 'keyword' }],
    ['alerts index legacy signal alias', { index: ['.alerts-security.*'] }, 'signal.rule.name', { kind: 'known', type: 'keyword' }],
    ['alerts fields only on alerts indices', { index: ['logs-*'] }, 'kibana.alert.rule.name', { kind: 'unknown' }],
    ['ML results index field', { index: ['.ml-anomalies-*'] }, 'influencers.influencer_field_values', { kind: 'known', type: 'keyword' }],
    ['endgame (bundled)', { index: ['endgame-*'] }, 'endgame.metadata.type', { kind: 'known', type: 'keyword' }],
    ['ECS multi-field caseless (endpoint)', { index: ['logs-endpoint.events.process-*'] }, 'process.command_line.caseless', { kind: 'known', type: 'keyword' }],
    ['ECS object sub-key', {}, 'labels.anything', { kind: 'open', type: 'keyword', parentType: 'object', via: 'labels' }],
    ['ECS flattened sub-key', {}, 'container.labels.app', { kind: 'open', parentType: 'object', via: 'container.labels' }],
    ['leaf has no sub-keys', {}, 'process.name.foo', { kind: 'unknown' }],
    ['typo', {}, 'process.nmae', { kind: 'unknown' }],
    ['integration field', { datasets: ['aws.cloudtrail'] }, 'aws.cloudtrail.user_identity.arn', { kind: 'known', type: 'keyword', source: 'aws.cloudtrail' }],
    ['integration multi-field', { datasets: ['aws.cloudtrail'] }, 'aws.cloudtrail.request_parameters.text', { kind: 'known', type: 'text' }],
    ['flattened sub-key', { datasets: ['aws.cloudtrail'] }, 'aws.cloudtrail.flattened.request_parameters.bucketName', { kind: 'open', type: 'keyword', parentType: 'flattened', via: 'aws.cloudtrail.flattened.request_parameters' }],
    ['x.* schema name', { datasets: ['azure.activitylogs'] }, 'azure.activitylogs.identity.claims.appid', { kind: 'open', via: 'azure.activitylogs.identity.claims.*' }],
    ['x.* schema name written literally', { datasets: ['azure.auditlogs'] }, 'azure.auditlogs.properties.target_resources.*.display_name', { kind: 'known', type: 'keyword' }],
    ['object with object_type', { datasets: ['system.security'] }, 'winlog.event_data.SubjectUserName', { kind: 'known' }],
    ['complete stream, missing field', { datasets: ['aws.cloudtrail'] }, 'aws.cloudtrail.no_such_field', { kind: 'unknown' }],
    ['incomplete stream, missing field', { datasets: ['zeek.dns'] }, 'zeek.dns.no_such_field', { kind: 'incomplete', package: 'zeek', stream: 'dns' }],
    ['incomplete stream, known field', { datasets: ['zeek.dns'] }, 'zeek.dns.AA', { kind: 'known', type: 'boolean' }],
    ['incomplete stream elsewhere', { datasets: ['cisco_ftd.log'] }, 'cisco.ftd.nothing_here', { kind: 'incomplete', package: 'cisco_ftd' }],
    ['unavailable package', { index: ['logs-jamf_protect*'], integrations: ['jamf_protect'] }, 'jamf_protect.alert.id', { kind: 'unavailable', package: 'jamf_protect' }],
    ['unavailable stream of a known package', { index: ['logs-google_workspace.user_accounts-*'] }, 'google_workspace.user_accounts.x', { kind: 'unavailable', package: 'google_workspace.user_accounts' }],
    ['other stream not selected', { datasets: ['aws.cloudtrail'] }, 'aws.vpcflow.version', { kind: 'unknown' }],
    ['package-level fields', { integrations: ['dga'] }, 'ml_is_dga.malicious_prediction', { kind: 'known', type: 'long' }],
    ['exact index stream', { index: ['ml_beaconing.all'] }, 'beacon_stats.is_beaconing', { kind: 'known', type: 'boolean' }],
    ['alias resolved to its target type', { datasets: ['iis.access'] }, 'iis.access.geoip.location', { kind: 'known', type: 'geo_point' }],
  ];
  it.each(cases)('%s: %s', (_name, input, field, expected) => {
    expect(resolve(input).lookup(field)).toMatchObject(expected);
  });

  it('uses the cached lookup and schema for identical inputs', () => {
    expect(resolve({ index: ['logs-aws.cloudtrail-*'], integrations: ['aws'] })).toBe(cloudtrail);
    expect(cloudtrail.lookup('aws.cloudtrail.user_identity.arn')).toBe(cloudtrail.lookup('aws.cloudtrail.user_identity.arn'));
  });
});

describe('package selection', () => {
  const packagesOf = (input: Partial<RuleSchemaInput>) =>
    Object.fromEntries(resolve(input).explain().packages.map((p) => [p.package, [...p.streams].sort()]));
  const cases: Array<[string, Partial<RuleSchemaInput>, Record<string, string[]>]> = [
    ['dataset', { datasets: ['aws.cloudtrail'] }, { aws: ['cloudtrail'] }],
    ['quoted dataset', { datasets: ['"okta.system"'] }, { okta: ['system'] }],
    ['package-only dataset', { datasets: ['okta'] }, { okta: ['system'] }],
    ['endpoint dataset', { datasets: ['endpoint.events.network'] }, { endpoint: ['network'] }],
    ['index with stream', { index: ['logs-aws.cloudtrail-*'] }, { aws: ['cloudtrail'] }],
    ['index with stream, no dash', { index: ['logs-system.security*'] }, { system: ['security'] }],
    ['index with package only', { index: ['logs-google_workspace*'] }, { google_workspace: ['admin', 'device', 'drive', 'login', 'token'] }],
    ['index prefix of streams', { index: ['logs-endpoint.events.*'] }, { endpoint: ['api', 'device', 'file', 'library', 'network', 'process', 'registry', 'security'] }],
    ['cross-cluster index', { index: ['remote:logs-okta.system-*'] }, { okta: ['system'] }],
    ['logs-* says nothing', { index: ['logs-*'] }, {}],
    ['longest package name wins', { index: ['logs-aws_bedrock.invocation-*'] }, { aws_bedrock: ['invocation'] }],
    ['integration without datasets: whole package', { integrations: ['okta'] }, { okta: ['system'] }],
    ['integration with datasets: only those streams', { datasets: ['aws.cloudtrail'], integrations: ['aws'] }, { aws: ['cloudtrail'] }],
    ['non-dataset package integration: whole package', { index: ['logs-windows.sysmon_operational-*'], integrations: ['windows'] }, { windows: ['forwarded', 'powershell', 'powershell_operational', 'sysmon_operational'] }],
    ['package-level entries come along', { datasets: ['problemchild.predictions'] }, { problemchild: ['_package', 'predictions'] }],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(packagesOf(input)).toEqual(expected);
  });

  it('names packages it has no schema for, once each', () => {
    const s = resolve({ index: ['logs-jamf_protect*', 'traces-apm*'], integrations: ['jamf_protect', 'apm'], datasets: ['jamf_protect.alerts'] });
    expect([...s.unavailablePackages].sort()).toEqual(['apm', 'jamf_protect']);
    expect(s.lookup('transaction.name')).toEqual({ kind: 'unavailable', package: 'apm' });
    expect(s.lookup('process.name').kind).toBe('known');
  });

  it('does not take beats datasets or ECS names for packages', () => {
    const s = resolve({ datasets: ['process', 'file.created', 'network_traffic.flow'] });
    expect(s.unavailablePackages).toEqual([]);
    expect(s.lookup('process.nmae').kind).toBe('unknown');
  });
});

describe('names, patterns, explanation', () => {
  const s = resolve({ datasets: ['aws.cloudtrail'], index: ['logs-aws.cloudtrail-*', 'logs-jamf_protect*'] });
  it('lists known names sorted, without pattern names', () => {
    const names = s.fieldNames();
    expect(names).toContain('process.name');
    expect(names).toContain('process.command_line.text');
    expect(names).toContain('aws.cloudtrail.user_identity.arn');
    expect([...names].sort()).toEqual(names);
    expect(names.some((n) => n.includes('*'))).toBe(false);
  });
  it('matches wildcard patterns', () => {
    expect(s.matchPattern('process.command_l*')).toEqual(['process.command_line', 'process.command_line.caseless', 'process.command_line.text']);
    expect(s.matchPattern('aws.cloudtrail.user_identity.a*').sort()).toEqual(['aws.cloudtrail.user_identity.access_key_id', 'aws.cloudtrail.user_identity.arn']);
    expect(s.matchPattern('*.command_line')).toContain('process.parent.command_line');
    expect(s.matchPattern('no_such.*')).toEqual([]);
  });
  it('gives ECS allowed values', () => {
    expect(s.allowedValues('event.category')).toContain('process');
    expect(s.allowedValues('process.name')).toBeUndefined();
  });
  it('explains itself as plain data and text', () => {
    const e = s.explain();
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(e.rulesRepo).toBeNull();
    expect(e.ecs.version).toBe('9.4.0');
    expect(e.packages).toEqual([expect.objectContaining({ package: 'aws', streams: ['cloudtrail'], complete: true })]);
    expect(e.packages[0].reasons).toEqual([{ kind: 'dataset', value: 'aws.cloudtrail' }, { kind: 'index', pattern: 'logs-aws.cloudtrail-*' }]);
    expect(e.unavailablePackages).toEqual([{ package: 'jamf_protect', reasons: [{ kind: 'index', pattern: 'logs-jamf_protect*' }] }]);
    const text = formatSchemaExplanation(e);
    expect(text).toContain('ECS: 9.4.0');
    expect(text).toContain('aws: cloudtrail');
    expect(text).toContain('No schema for jamf_protect');
  });
});

describe('typeFamily', () => {
  it.each([
    ['keyword', 'string'], ['constant_keyword', 'string'], ['wildcard', 'string'], ['text', 'text'], ['match_only_text', 'text'],
    ['long', 'number'], ['integer', 'number'], ['short', 'number'], ['byte', 'number'], ['double', 'number'], ['float', 'number'],
    ['half_float', 'number'], ['scaled_float', 'number'], ['unsigned_long', 'number'], ['ip', 'ip'], ['date', 'date'],
    ['date_nanos', 'date'], ['boolean', 'boolean'], ['object', 'object'], ['flattened', 'object'], ['nested', 'object'],
    ['geo_point', 'geo'], ['binary', 'other'], ['histogram', 'other'], [undefined, 'other'],
  ] as const)('%s -> %s', (t, family) => {
    expect(typeFamily(t)).toBe(family);
  });
});
