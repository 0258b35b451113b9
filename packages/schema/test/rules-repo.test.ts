import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSchemaProvider, type RuleSchemaInput } from '../src/index.js';

const FIXTURES = join(__dirname, 'fixtures');
const CHECKOUT = join(FIXTURES, 'dr-checkout');
const RULE = join(CHECKOUT, 'rules', 'example_rule.toml');

describe('inside a detection-rules checkout (found from the rule file)', () => {
  const provider = createSchemaProvider();
  const resolve = (input: Partial<RuleSchemaInput>) => provider.resolve({ language: 'eql', filePath: RULE, ...input });

  it('uses the newest stack version up to the rules package version, and its ECS', () => {
    const s = resolve({});
    const e = s.explain();
    expect(e.rulesRepo?.etcDir).toBe(join(CHECKOUT, 'detection_rules', 'etc'));
    expect(e.stack).toMatchObject({ version: '9.4.0', from: 'newest' });
    expect(e.ecs.version).toBe('9.4.0');
    expect(s.lookup('process.added_in_94')).toEqual({ kind: 'known', type: 'long', source: 'ecs 9.4.0' });
    expect(s.lookup('process.name.text')).toMatchObject({ kind: 'known', type: 'match_only_text' });
    // the fixture's ECS is tiny: ECS fields outside it are unknown there (no silent fallback to @elastic/ecs)
    expect(s.lookup('host.name').kind).toBe('unknown');
  });

  it('follows min_stack_version to the stack-schema-map entry (ECS, custom schemas)', () => {
    const s = resolve({ minStackVersion: '9.3.0', index: ['logs-custom-*'] });
    expect(s.explain().stack).toMatchObject({ version: '9.3.0', from: 'min_stack_version' });
    expect(s.lookup('process.added_in_94').kind).toBe('unknown');
    expect(s.lookup('from_repo_custom').kind).toBe('unknown');
    expect(resolve({ index: ['logs-custom-*'] }).lookup('from_repo_custom')).toMatchObject({ kind: 'known', type: 'keyword' });
    expect(resolve({ minStackVersion: '9.3.5' }).explain().stack.version).toBe('9.4.0');
  });

  it('adds endpoint schemas to every rule', () => {
    expect(resolve({}).lookup('process.Ext.api.name')).toEqual({ kind: 'known', type: 'keyword', source: 'endpoint schemas' });
    expect(resolve({}).lookup('process.name.caseless').kind).toBe('known');
  });

  it('adds non-ECS fields by exact index pattern', () => {
    expect(resolve({ index: ['logs-custom-*'] }).lookup('custom.field')).toEqual({ kind: 'known', type: 'long', source: 'non-ecs logs-custom-*' });
    expect(resolve({ index: ['logs-custom-foo-*'] }).lookup('custom.field').kind).toBe('unknown');
    const win = resolve({ index: ['winlogbeat-*'] });
    expect(win.lookup('winlog.event_data.Foo').kind).toBe('known');
    expect(win.lookup('winlog.nested_form')).toMatchObject({ kind: 'known', type: 'ip' });
  });

  it('adds beats schemas for *beat-* indices: root fields, and module fields by dataset / module', () => {
    const ds = resolve({ index: ['filebeat-*'], datasets: ['aws.cloudtrail'] });
    expect(ds.lookup('input.type')).toMatchObject({ kind: 'known', type: 'keyword' });
    expect(ds.lookup('aws.cloudtrail.beat_only').kind).toBe('known');
    expect(ds.lookup('aws.module_level')).toMatchObject({ kind: 'known', type: 'long' });
    expect(ds.lookup('aws.s3access.bucket_owner').kind).toBe('unknown');
    const mod = resolve({ index: ['filebeat-*'], modules: ['aws'] });
    expect(mod.lookup('aws.s3access.bucket_owner').kind).toBe('known');
    expect(mod.explain().beats).toMatchObject({ version: '9.4.4', beats: ['filebeat'], modules: ['aws'] });
    expect(resolve({ index: ['winlogbeat-*'] }).lookup('winlog.event_data.Anything')).toMatchObject({ kind: 'open', type: 'keyword' });
    expect(resolve({ datasets: ['aws.cloudtrail'] }).lookup('aws.cloudtrail.beat_only').kind).toBe('unknown');
  });

  it('adds endgame for endgame-* only', () => {
    expect(resolve({ index: ['endgame-*'] }).lookup('endgame.event_subtype_full')).toMatchObject({ kind: 'known', source: 'endgame 8.4.0' });
    expect(resolve({ index: ['logs-*'] }).lookup('endgame.event_subtype_full').kind).toBe('unknown');
  });

  it('uses integration-schemas.json.gz with the package version compatible with the stack', () => {
    const v2 = resolve({ datasets: ['okta.system'] });
    expect(v2.lookup('okta.only_in_v2').kind).toBe('known');
    expect(v2.lookup('okta.only_in_v1').kind).toBe('unknown');
    expect(v2.lookup('okta.debug_context.anything')).toMatchObject({ kind: 'open', parentType: 'flattened' });
    expect(v2.explain().packages[0]).toMatchObject({ package: 'okta', version: '2.0.0', source: 'integration-schemas.json.gz' });
    // like detection-rules: the newest package version whose Kibana condition has the rule's stack major
    expect(resolve({ datasets: ['okta.system'], minStackVersion: '9.3.0' }).lookup('okta.only_in_v2').kind).toBe('known');
    const v1 = resolve({ datasets: ['okta.system'], minStackVersion: '8.19.0' });
    expect(v1.lookup('okta.only_in_v1').kind).toBe('known');
    expect(v1.lookup('okta.only_in_v2').kind).toBe('unknown');
    const fancy = resolve({ datasets: ['fancy.events'] });
    expect(fancy.lookup('fancy.thing')).toMatchObject({ kind: 'known', type: 'long' });
  });

  it('falls back to the bundle for packages integration-schemas.json.gz lacks', () => {
    const s = resolve({ datasets: ['aws.cloudtrail'] });
    expect(s.explain().packages[0]).toMatchObject({ package: 'aws', source: 'bundled integrations' });
  });

  it('knows the packages of integration-manifests.json.gz', () => {
    const s = resolve({ datasets: ['jamf_protect.alerts'] });
    expect(s.unavailablePackages).toEqual(['jamf_protect']);
    expect(s.lookup('jamf_protect.x')).toEqual({ kind: 'unavailable', package: 'jamf_protect' });
  });

  it('honours rulesRepoRoot: an explicit root, or false', () => {
    const explicit = createSchemaProvider({ rulesRepoRoot: CHECKOUT }).resolve({ language: 'kuery', index: ['logs-custom-*'] });
    expect(explicit.lookup('custom.field').kind).toBe('known');
    const off = createSchemaProvider({ rulesRepoRoot: false }).resolve({ language: 'kuery', filePath: RULE, index: ['logs-custom-*'] });
    expect(off.lookup('custom.field').kind).toBe('unknown');
    expect(off.explain().rulesRepo).toBeNull();
    expect(off.lookup('host.name').kind).toBe('known');
  });
});

describe("a checkout's api_schemas", () => {
  it("gives every type of the chosen version, each schema read from its file when first used", () => {
    const root = mkdtempSync(join(tmpdir(), 'esql-lint-api-schemas-'));
    try {
      const etc = join(root, 'detection_rules', 'etc');
      mkdirSync(join(etc, 'api_schemas', '9.9'), { recursive: true });
      mkdirSync(join(root, 'rules'));
      writeFileSync(join(etc, 'stack-schema-map.yaml'), '9.9.0:\n  beats: 9.4.4\n  ecs: 9.4.0\n');
      const eql = { type: 'object', properties: { query: { type: 'string' } } };
      writeFileSync(join(etc, 'api_schemas', '9.9', '9.9.eql.json'), JSON.stringify(eql));
      writeFileSync(join(etc, 'api_schemas', '9.9', '9.9.base.json'), '{"type":"object"}');
      // Broken: only reading this type fails, so it is read only when asked for.
      writeFileSync(join(etc, 'api_schemas', '9.9', '9.9.query.json'), '{ not json');
      writeFileSync(join(etc, 'api_schemas', '9.9', 'README.md'), 'not a schema');
      const schemas = createSchemaProvider().ruleApiSchemas({ filePath: join(root, 'rules', 'r.toml') });
      expect(schemas.version).toBe('9.9');
      expect(Object.keys(schemas.types)).toEqual(['base', 'eql', 'query']);
      expect(schemas.types.eql).toEqual(eql);
      expect(schemas.types.eql).toBe(schemas.types.eql);
      expect(schemas.types.base).toEqual({ type: 'object' });
      expect(() => schemas.types.query).toThrow(SyntaxError);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('inside a custom rules directory (_config.yaml)', () => {
  const provider = createSchemaProvider();
  const rule = join(FIXTURES, 'custom-rules', 'rules', 'example_rule.toml');
  it('loads the custom schemas of its stack-schema-map and auto_gen_schema_file', () => {
    const s = provider.resolve({ language: 'kuery', filePath: rule, index: ['logs-mine-*'] });
    expect(s.lookup('mine.count')).toMatchObject({ kind: 'known', type: 'long' });
    expect(s.lookup('mine.name')).toMatchObject({ kind: 'known', type: 'keyword' });
    expect(s.lookup('mine.auto')).toMatchObject({ kind: 'known', type: 'keyword' });
    expect(s.lookup('host.name').kind).toBe('known'); // ECS from @elastic/ecs: no etc/ here
    const e = s.explain();
    expect(e.rulesRepo?.configFile).toBe(join(FIXTURES, 'custom-rules', '_config.yaml'));
    expect(e.customSchemas.map((c) => c.name).sort()).toEqual(['auto-gen.json', 'mine.yaml']);
    expect(provider.resolve({ language: 'kuery', filePath: rule, index: ['logs-other-*'] }).lookup('mine.count').kind).toBe('unknown');
  });
});

describe('custom schemas from the configuration', () => {
  const provider = createSchemaProvider({
    rulesRepoRoot: false,
    customSchemas: [
      { path: join(FIXTURES, 'custom.json') },
      { path: join(FIXTURES, 'custom-fields.yml') },
      { name: 'inline', fields: { okta: { 'okta.custom_inline': 'ip' } } },
      { path: join(FIXTURES, 'does-not-exist.json') },
    ],
  });
  const resolve = (input: Partial<RuleSchemaInput>) => provider.resolve({ language: 'kuery', ...input });

  it.each([
    ['index pattern key', { index: ['logs-acme-*'] }, 'acme.user.id', { kind: 'known', type: 'keyword' }],
    ['nested JSON', { index: ['logs-acme-*'] }, 'acme.score', { kind: 'known', type: 'double' }],
    ['index key not used', { index: ['logs-other-*'] }, 'acme.user.id', { kind: 'unknown' }],
    ['package key', { datasets: ['aws.cloudtrail'] }, 'aws.custom_extra', { kind: 'known', type: 'keyword' }],
    ['* key', {}, 'everywhere.field', { kind: 'known', type: 'boolean' }],
    ['fields.yml group tree', {}, 'acme.event.code', { kind: 'known', type: 'long' }],
    ['fields.yml implicit keyword', {}, 'acme.event.message', { kind: 'known', type: 'keyword' }],
    ['fields.yml multi-field', {}, 'acme.event.message.text', { kind: 'known', type: 'match_only_text' }],
    ['fields.yml flattened', {}, 'acme.event.payload.any.thing', { kind: 'open', parentType: 'flattened' }],
    ['inline schema', { integrations: ['okta'] }, 'okta.custom_inline', { kind: 'known', type: 'ip' }],
  ] as const)('%s', (_name, input, field, expected) => {
    expect(resolve(input).lookup(field)).toMatchObject(expected);
  });

  it('reports an unreadable custom schema as a warning', () => {
    expect(resolve({}).explain().warnings.some((w) => w.includes('does-not-exist.json'))).toBe(true);
  });
});
