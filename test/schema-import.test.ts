// `esql-lint schema import` and rules checked against a user's own cluster mapping, end to end through the CLI.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './support/cli.js';
import { workspace } from './support/workspace.js';

const MAPPING = {
  'acme-auth-000001': {
    mappings: {
      properties: {
        '@timestamp': { type: 'date' },
        event: { properties: { action: { type: 'keyword' }, outcome: { type: 'keyword' } } },
        user: { properties: { name: { type: 'keyword', fields: { text: { type: 'match_only_text' } } } } },
        attempts: { type: 'long' },
        details: { type: 'flattened' },
      },
    },
  },
};

const rule = (query: string) =>
  `[metadata]\nmaturity = "production"\n\n[rule]\nindex = ["acme-auth-*"]\nlanguage = "kuery"\ntype = "query"\nquery = '''\n${query}\n'''\n`;

describe('esql-lint schema import', () => {
  it('writes the project form of a mapping, which then checks rules against that index alone', async () => {
    const dir = workspace({ 'mapping.json': JSON.stringify(MAPPING), 'rules/ok.toml': rule('event.action:login and attempts > 3 and details.reason:locked'), 'rules/bad.toml': rule('user.nmae:root and host.name:srv1') });
    const r = await cli(['schema', 'import', 'mapping.json', '--index', 'acme-auth-*', '-o', 'schemas/acme.json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('wrote schemas/acme.json: 7 fields of 1 index');
    const written = JSON.parse(readFileSync(join(dir, 'schemas/acme.json'), 'utf8'));
    expect(written['acme-auth-*']).toEqual({ '@timestamp': 'date', attempts: 'long', details: 'flattened', 'event.action': 'keyword', 'event.outcome': 'keyword', 'user.name': 'keyword', 'user.name.text': 'match_only_text' });
    expect(written._meta).toMatchObject({ ecs: false, format: 'mapping' });

    writeFileSync(join(dir, '.esql-lint.json'), JSON.stringify({ schemas: ['schemas/acme.json'] }));
    expect((await cli(['rules/ok.toml'], { cwd: dir })).code).toBe(0);
    const bad = await cli(['rules/bad.toml', '--format', 'json'], { cwd: dir });
    const diags = JSON.parse(bad.stdout).files[0].diagnostics.map((d: { code: string; message: string }) => `${d.code}: ${d.message}`);
    expect(diags.some((d: string) => d.startsWith('unknown-field: Unknown field "user.nmae"') && d.includes('user.name'))).toBe(true);
    // host.name is ECS, but this index does not have it: the mapping is the truth
    expect(diags.some((d: string) => d.startsWith('unknown-field: Unknown field "host.name"'))).toBe(true);

    // the raw mapping works as a schema file too; with "ecs": true ECS is layered on top
    writeFileSync(join(dir, '.esql-lint.json'), JSON.stringify({ schemas: [{ path: 'mapping.json', ecs: true }] }));
    const layered = JSON.parse((await cli(['rules/bad.toml', '--format', 'json'], { cwd: dir })).stdout).files[0].diagnostics.map((d: { message: string }) => d.message);
    expect(layered.some((m: string) => m.includes('"host.name"'))).toBe(false);
    expect(layered.some((m: string) => m.includes('"user.nmae"'))).toBe(true);

    const explain = await cli(['--explain-schema', 'rules/ok.toml'], { cwd: join(dir) });
    expect(explain.stdout).toContain('Elasticsearch mapping');
  });

  it('refuses a file that is neither a mapping nor field caps, in one line', async () => {
    const dir = workspace({ 'x.json': JSON.stringify({ hello: 'world' }) });
    const r = await cli(['schema', 'import', 'x.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('not an Elasticsearch mapping');
  });
});
