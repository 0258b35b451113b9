import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linter } from '../src/index.js';
import { codesAndText, linter, rule } from './support.js';

const ENDPOINT = 'index = ["logs-endpoint.events.*"]\n';
const CLOUDTRAIL = 'index = ["logs-aws.cloudtrail-*"]\n';

describe('unknown-field in KQL and EQL', () => {
  const cases: Array<[string, string, string, Array<[string, string]>]> = [
    ['kuery', 'process.name:cmd.exe and host.os.type:windows', ENDPOINT, []],
    ['kuery', 'process.nmae:cmd.exe', ENDPOINT, [['unknown-field', 'process.nmae']]],
    ['kuery', 'process.*:cmd.exe and process.command_line.text:foo', ENDPOINT, []],
    ['kuery', 'proces.*:cmd.exe', ENDPOINT, [['unknown-field', 'proces.*']]],
    ['kuery', 'aws.cloudtrail.user_identity.arn:* and aws.cloudtrail.flattened.request_parameters.anything:x', CLOUDTRAIL, []],
    ['kuery', 'aws.cloudtrail.user_identiy.arn:*', CLOUDTRAIL, [['unknown-field', 'aws.cloudtrail.user_identiy.arn']]],
    ['kuery', 'event.dataset:aws.cloudtrail and aws.cloudtrail.event_version:*', '', []],
    ['eql', 'process where process.name == "a" and ?process.made.up.field == "b"', ENDPOINT, []],
    ['eql', 'process where process.parrent.name == "a"', ENDPOINT, [['unknown-field', 'process.parrent.name']]],
    ['eql', 'sequence by host.id [process where true] [network where destination.prot == 1]', ENDPOINT, [['unknown-field', 'destination.prot']]],
  ];
  it.each(cases)('%s: %s', (language, query, extra, expected) => {
    expect(codesAndText(rule(language, query, extra))).toEqual(expected);
  });

  it('suggests close names and offers a fix that applies them', () => {
    const text = rule('kuery', 'process.nmae:cmd.exe', ENDPOINT);
    const d = linter.lintText(text, 'r.toml').diagnostics.find((x) => x.code === 'unknown-field')!;
    expect(d.message).toContain('Did you mean "process.name"?');
    const edit = d.fixes![0].edits[0];
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    expect(codesAndText(fixed)).toEqual([]);
  });

  it('places schema-unavailable where the rule names the package, once, and checks nothing under it', () => {
    const text = rule('kuery', 'event.dataset:jamf_protect.alerts and jamf_protect.anything.goes:x', '', 'query').replace('[rule]\n', '[rule]\n') .replace('[metadata]\n', '[metadata]\nintegration = ["jamf_protect"]\n');
    const all = codesAndText(text, 'r.toml', ['error', 'warning', 'info']);
    expect(all).toEqual([['schema-unavailable', 'jamf_protect.alerts']]);
  });
});

describe('unverified-field', () => {
  it('warns once per field and query where the schema is known to lag', () => {
    const text = rule('kuery', 'network_traffic.redis.querry:*CONFIG* or network_traffic.redis.querry:*SLAVEOF*', 'index = ["logs-network_traffic.redis-*"]\n');
    expect(codesAndText(text)).toEqual([['unverified-field', 'network_traffic.redis.querry']]);
  });
});

describe('type-mismatch in KQL (detection-rules verdicts)', () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    ['source.ip:10.0.0.1 and destination.ip:"192.168.0.0/16" and source.ip:"fe80::1"', []],
    ['source.ip:not-an-ip', [['type-mismatch', 'not-an-ip']]],
    ['source.ip:10.*', [['type-mismatch', '10.*']]],
    ['destination.port:443 and destination.port >= 1024 and destination.port:"80"', []],
    ['destination.port:https', [['type-mismatch', 'https']]],
    ['destination.port:4*', [['type-mismatch', '4*']]],
    ['dll.code_signature.trusted:true', []],
    ['dll.code_signature.trusted:"true"', [['type-mismatch', '"true"']]],
    ['dll.code_signature.trusted:yes', [['type-mismatch', 'yes']]],
    ['@timestamp > "now-1d" and @timestamp < 2024-01-01', []],
    ['@timestamp > 5', [['type-mismatch', '5']]],
    ['process.command_line:*whoami* and process.name:cmd*', []],
    ['process.name.text:cmd*', [['type-mismatch', 'cmd*']]],
    ['process.name:*', []],
  ];
  it.each(cases)('%s', (query, expected) => {
    expect(codesAndText(rule('kuery', query, ENDPOINT))).toEqual(expected);
  });
});

describe('type-mismatch in EQL', () => {
  const cases: Array<[string, Array<[string, string]>]> = [
    ['process where process.pid == 4 and process.name == "a" and source.ip == "10.0.0.1"', []],
    ['process where process.pid == "4"', [['type-mismatch', '"4"']]],
    ['process where process.name == 4', [['type-mismatch', '4']]],
    ['process where process.pid in (1, "2")', [['type-mismatch', '"2"']]],
    ['process where process.pid : "4*"', [['type-mismatch', 'process.pid']]],
    ['process where startsWith(process.name, "a") and length(process.name) > 3 and cidrMatch(source.ip, "10.0.0.0/8")', []],
    ['process where startsWith(process.pid, "a")', [['type-mismatch', 'process.pid']]],
    ['process where cidrMatch(process.name, "10.0.0.0/8")', [['type-mismatch', 'process.name']]],
    ['process where add(process.pid, "1") > 2', [['type-mismatch', '"1"']]],
    ['process where process.name.text == "a"', [['type-mismatch', 'process.name.text']]],
    ['process where process.pid == null', []],
  ];
  it.each(cases)('%s', (query, expected) => {
    expect(codesAndText(rule('eql', query, ENDPOINT))).toEqual(expected);
  });
});

describe('rule metadata fields', () => {
  it('checks new_terms, threshold, cardinality, required_fields, timestamp_override and investigation_fields', () => {
    const text = `[rule]
language = "kuery"
type = "threshold"
index = ["logs-endpoint.events.*"]
timestamp_override = "event.ingested"
query = '''
event.category:process
'''
[[rule.required_fields]]
name = "process.name"
type = "keyword"
[[rule.required_fields]]
name = "process.pid"
type = "keyword"
[rule.threshold]
field = ["host.id", "host.nmae"]
value = 5
[[rule.threshold.cardinality]]
field = "user.nme"
value = 2
[rule.investigation_fields]
field_names = ["kibana.alert.reason", "host.nmae"]
`;
    expect(codesAndText(text)).toEqual([
      ['type-mismatch', '"keyword"'],
      ['unknown-field', 'host.nmae'],
      ['unknown-field', 'user.nme'],
      ['unknown-investigation-field', 'host.nmae'],
    ]);
  });
});

describe('custom schemas from the config file', () => {
  it('adds fields from JSON and fields.yml schemas named in .esql-lint.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-schema-'));
    writeFileSync(join(dir, 'mine.json'), JSON.stringify({ 'logs-custom*': { 'acme.user': 'keyword', 'acme.count': 'long' } }));
    writeFileSync(join(dir, 'fields.yml'), '- name: corp\n  type: group\n  fields:\n    - name: tag\n      type: keyword\n');
    const custom = new Linter({ schemas: [join(dir, 'mine.json'), join(dir, 'fields.yml')] });
    const text = rule('kuery', 'acme.user:bob and acme.count > 3 and corp.tag:x and acme.nope:y', 'index = ["logs-custom-default"]\n');
    const got = custom.lintText(text, join(dir, 'r.toml')).diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
    expect(got).toEqual([['unknown-field', 'acme.nope']]);
  });
});

describe('indicator match rules', () => {
  const text = [
    '[rule]',
    'type = "threat_match"',
    'language = "kuery"',
    'index = ["logs-endpoint.events.*"]',
    'threat_index = ["logs-ti_*"]',
    'threat_language = "kuery"',
    'threat_query = """',
    'threat.indicator.ip:* and threat.indicator.nmae:* and (',
    '"""',
    "query = '''",
    'source.ip:* or destination.ip:*',
    "'''",
    '[[rule.threat_mapping]]',
    '[[rule.threat_mapping.entries]]',
    'field = "source.ip"',
    'type = "mapping"',
    'value = "threat.indicator.ip"',
    '[[rule.threat_mapping]]',
    '[[rule.threat_mapping.entries]]',
    'field = "destination.ipp"',
    'type = "mapping"',
    'value = "threat.indicatr.ip"',
    '',
  ].join('\n');

  it('parses and checks the threat_query against threat_index, and both sides of threat_mapping', () => {
    expect(codesAndText(text)).toEqual([
      ['unknown-field', 'threat.indicator.nmae'],
      ['syntax-error', ''],
      ['unknown-field', 'destination.ipp'],
      ['unknown-field', 'threat.indicatr.ip'],
    ]);
  });
});

describe('deprecated rules', () => {
  it('are skipped like detection-rules skips them, after the TOML check', () => {
    const text = rule('kuery', 'process.nmae:cmd.exe', ENDPOINT).replace('maturity = "production"', 'maturity = "deprecated"');
    const r = linter.lintText(text, 'r.toml');
    expect(r.skipped).toBe(true);
    expect(r.diagnostics).toEqual([]);
    const broken = linter.lintText('[metadata]\nmaturity = "deprecated"\n[rule\n', 'r.toml');
    expect(broken.diagnostics.map((d) => d.code)).toEqual(['toml-syntax']);
  });
});

describe('hunting files', () => {
  const hunt = [
    '[hunt]',
    'name = "Example hunt"',
    'integration = ["aws.cloudtrail"]',
    'language = ["ES|QL"]',
    "query = ['''",
    'from logs-aws.cloudtrail-*',
    '| where aws.cloudtrail.user_identity.type == "IAMUser"',
    '| stats Esql.count = count(*) by aws.cloudtrail.user_identity.arn',
    "''', '''",
    'from logs-aws.cloudtrail-*',
    '| where aws.cloudtrail.user_identiy.arn is not null',
    "''']",
    '',
  ].join('\n');

  it('checks every query against the data stream the hunt names, without the rule-only checks', () => {
    expect(codesAndText(hunt, 'hunt.toml', ['error', 'warning', 'info'])).toEqual([['unknown-field', 'aws.cloudtrail.user_identiy.arn']]);
  });
});

describe('explainSchema (library)', () => {
  it('says which packages a rule text selects and why', async () => {
    const { explainSchema } = await import('../src/index.js');
    const text = rule('kuery', 'event.dataset:aws.cloudtrail and aws.cloudtrail.user_identity.arn:*', 'index = ["logs-aws.cloudtrail-*"]\n');
    const [first] = explainSchema(text, { filename: 'r.toml', noConfig: true });
    expect(first.language).toBe('kuery');
    const aws = first.explanation.packages.find((p) => p.package === 'aws')!;
    expect(aws.streams).toContain('cloudtrail');
    expect(aws.reasons).toContainEqual({ kind: 'dataset', value: 'aws.cloudtrail' });
  });
});
