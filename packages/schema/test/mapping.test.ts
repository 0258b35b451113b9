import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSchemaProvider, importMapping, mappingKind } from '../src/index.js';

// GET my-app-2026.11/_mapping
const MAPPING = {
  'my-app-2026.11': {
    mappings: {
      runtime: { 'session.duration_s': { type: 'long' }, geo: { type: 'composite', fields: { city: { type: 'keyword' } } } },
      properties: {
        '@timestamp': { type: 'date' },
        message: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
        user: { properties: { name: { type: 'keyword' }, id: { type: 'long' } } },
        items: { type: 'nested', properties: { sku: { type: 'keyword' }, qty: { type: 'integer' } } },
        labels: { type: 'flattened' },
        payload: { type: 'object', enabled: false },
        src_ip: { type: 'ip' },
        'client.address': { type: 'alias', path: 'src_ip' },
      },
    },
  },
};

// GET my-app-*/_field_caps?fields=* over two indices where `code` changed type
const FIELD_CAPS = {
  indices: ['my-app-2026.10', 'my-app-2026.11'],
  fields: {
    _id: { _id: { type: '_id', metadata_field: true, searchable: true, aggregatable: false } },
    '@timestamp': { date: { type: 'date', metadata_field: false, searchable: true, aggregatable: true } },
    user: { object: { type: 'object', metadata_field: false, searchable: false, aggregatable: false } },
    'user.name': { keyword: { type: 'keyword', metadata_field: false, searchable: true, aggregatable: true } },
    code: {
      long: { type: 'long', metadata_field: false, searchable: true, aggregatable: true, indices: ['my-app-2026.10'] },
      keyword: { type: 'keyword', metadata_field: false, searchable: true, aggregatable: true, indices: ['my-app-2026.11'] },
    },
    bytes: {
      integer: { type: 'integer', searchable: true, aggregatable: true, indices: ['my-app-2026.10'] },
      long: { type: 'long', searchable: true, aggregatable: true, indices: ['my-app-2026.11'] },
    },
    only_new: {
      keyword: { type: 'keyword', searchable: true, aggregatable: true, indices: ['my-app-2026.11'] },
      unmapped: { type: 'unmapped', searchable: false, aggregatable: false, indices: ['my-app-2026.10'] },
    },
  },
};

describe('Elasticsearch mappings and field capabilities as schemas', () => {
  it('recognises each by shape', () => {
    expect(mappingKind(MAPPING)).toBe('mapping');
    expect(mappingKind({ mappings: { properties: {} } })).toBe('mapping');
    expect(mappingKind(FIELD_CAPS)).toBe('field-caps');
    expect(mappingKind({ 'logs-*': { 'a.b': 'keyword' } })).toBeUndefined();
  });

  it('reads a mapping as Elasticsearch resolves it', () => {
    const { schema, indices } = importMapping(MAPPING);
    expect(indices).toEqual(['my-app-2026.11']);
    expect(schema['my-app-2026.11']).toEqual({
      '@timestamp': 'date',
      'client.address': 'ip',
      'geo.city': 'keyword',
      'items.qty': 'integer',
      'items.sku': 'keyword',
      labels: 'flattened',
      message: 'text',
      'message.keyword': 'keyword',
      payload: 'object',
      'session.duration_s': 'long',
      src_ip: 'ip',
      'user.id': 'long',
      'user.name': 'keyword',
    });
    expect(schema._meta).toMatchObject({ format: 'mapping', ecs: false });
  });

  it('keeps each index its own types from field caps, and merges them under --index', () => {
    const per = importMapping(FIELD_CAPS).schema as Record<string, Record<string, string>>;
    expect(per['my-app-2026.10']).toEqual({ '@timestamp': 'date', bytes: 'integer', code: 'long', 'user.name': 'keyword' });
    expect(per['my-app-2026.11']).toEqual({ '@timestamp': 'date', bytes: 'long', code: 'keyword', only_new: 'keyword', 'user.name': 'keyword' });
    const merged = importMapping(FIELD_CAPS, { index: 'my-app-*' });
    expect(merged.schema['my-app-*']).toMatchObject({ bytes: 'long', only_new: 'keyword' });
    expect(merged.conflicts).toEqual([
      { field: 'bytes', types: ['integer', 'long'], kept: 'long' },
      { field: 'code', types: ['keyword', 'long'], kept: 'keyword' },
    ]);
  });

  it('is the truth for its indices: no ECS or packages on top, unless asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-mapping-'));
    const file = join(dir, 'mapping.json');
    writeFileSync(file, JSON.stringify(MAPPING));
    const rule = { language: 'kuery' as const, index: ['my-app-*'] };
    const exclusive = createSchemaProvider({ rulesRepoRoot: false, customSchemas: [{ path: file }] }).resolve(rule);
    expect(exclusive.lookup('user.name')).toMatchObject({ kind: 'known', type: 'keyword' });
    expect(exclusive.lookup('labels.anything')).toMatchObject({ kind: 'open', parentType: 'flattened' });
    expect(exclusive.lookup('payload.x')).toMatchObject({ kind: 'open' });
    expect(exclusive.lookup('user.email')).toEqual({ kind: 'unknown' });
    expect(exclusive.lookup('process.name')).toEqual({ kind: 'unknown' }); // ECS is not layered on a real mapping
    expect(exclusive.fieldNames()).not.toContain('host.name');
    expect(exclusive.allowedValues('event.category')).toBeUndefined();
    expect(exclusive.explain()).toMatchObject({ ecs: { version: 'none' }, customSchemas: [{ exclusive: true, format: 'mapping', keys: ['my-app-2026.11'] }] });

    const layered = createSchemaProvider({ rulesRepoRoot: false, customSchemas: [{ path: file, ecs: true }] }).resolve(rule);
    expect(layered.lookup('process.name')).toMatchObject({ kind: 'known', type: 'keyword' });
    expect(layered.lookup('user.name')).toMatchObject({ kind: 'known', type: 'keyword' });

    // a rule that also reads indices the mapping does not cover gets ECS as usual
    const mixed = createSchemaProvider({ rulesRepoRoot: false, customSchemas: [{ path: file }] }).resolve({ language: 'kuery', index: ['my-app-*', 'logs-endpoint.events.*'] });
    expect(mixed.lookup('process.name')).toMatchObject({ kind: 'known' });
    expect(mixed.lookup('user.name')).toMatchObject({ kind: 'known' });
  });

  it('applies field caps per concrete index matched by the rule pattern', () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-fieldcaps-'));
    const file = join(dir, 'caps.json');
    writeFileSync(file, JSON.stringify(FIELD_CAPS));
    const s = createSchemaProvider({ rulesRepoRoot: false, customSchemas: [{ path: file }] }).resolve({ language: 'eql', index: ['my-app-2026.10'] });
    expect(s.lookup('code')).toMatchObject({ kind: 'known', type: 'long' });
    expect(s.lookup('only_new')).toEqual({ kind: 'unknown' });
    expect(s.lookup('_id')).toEqual({ kind: 'unknown' });
  });
});
