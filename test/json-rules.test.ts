/**
 * Issue 18: rules as Kibana holds them. NDJSON exports and detection engine API JSON are read with exact
 * positions through JSON string escapes, mapped to the same checks as TOML rules, reported per rule,
 * fixed in place, and linted by the language server. The whole-corpus comparison is
 * test/json-rules-corpus.test.ts (in `npm run test:e2e`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJsonString, parseRuleDocument } from '../packages/rule-document/src/index.js';
import { type FileDiagnostic, type FileResult } from '../packages/linter/src/index.js';
import { createLanguageService } from '../packages/language-service/src/index.js';
import { cli } from './support/cli.js';


/**
 * Each JSON string content character: the JSON escapes of a property test (`\uXXXX` for every non-ASCII
 * unit, so surrogate pairs become two escapes, and for every 7th ASCII letter), else JSON.stringify's.
 */
function escapeHeavily(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0x7e || (i % 7 === 0 && /[a-z]/i.test(value[i]))) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += JSON.stringify(value[i]).slice(1, -1);
  }
  return `"${out}"`;
}

describe('JSON string offset maps', () => {
  it('maps every character through \\n, \\", \\\\, \\uXXXX and surrogate pairs', () => {
    const value = 'from logs-* | where a == "x\\y"\n| eval é = "😀" /* 😀 */\t| keep a';
    for (const literal of [JSON.stringify(value), escapeHeavily(value), '"' + JSON.stringify(value).slice(1, -1).replace('😀', '\\ud83d\\ude00') + '"']) {
      const host = `{"query":${literal}}`;
      const d = decodeJsonString(host, 9, 9 + literal.length)!;
      expect(d.value).toBe(value);
      for (let i = 0; i < value.length; i++) {
        const from = d.map.toHost(i);
        const to = d.map.toHost(i + 1, 'end');
        expect(JSON.parse(`"${host.slice(from, to)}"`), `${literal} at ${i}`).toBe(value[i]);
      }
    }
    expect(decodeJsonString('"a\\qb"', 0, 6)).toBeUndefined();
  });
});

describe('NDJSON and JSON rule files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-json-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const RULES = [
    { rule_id: 'a1', name: 'Typo in KQL', type: 'query', language: 'kuery', index: ['logs-endpoint.events.process-*'], query: 'process.name : "cmd.exe" and process.comand_line : *whoami*' },
    { list_id: 'endpoint_list', type: 'endpoint', name: 'Endpoint exceptions' },
    { rule_id: 'b2', name: 'ES|QL without METADATA', type: 'esql', language: 'esql', query: 'from logs-endpoint.events.process-*\n| where process.name == "cmd.exe"\n| keep process.name' },
    { rule_id: 'c3', name: 'New terms typo', type: 'new_terms', language: 'kuery', index: ['logs-okta*'], query: 'event.dataset : "okta.system"', new_terms_fields: ['source.geo.country_nme'], history_window_start: 'now-7d' },
    { exported_count: 4, exported_rules_count: 3, missing_rules: [], missing_rules_count: 0 },
  ];
  const NDJSON = RULES.map((r) => JSON.stringify(r)).join('\n') + '\n';

  it('reports each rule with its rule_id and name (json, sarif, stylish), and says which lines it skipped', async () => {
    writeFileSync(join(dir, 'export.ndjson'), NDJSON);
    const r = await cli(['export.ndjson', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const file = JSON.parse(r.stdout).files[0];
    expect(file.rules).toBe(3);
    const diags = file.diagnostics as FileDiagnostic[];
    expect(diags.map((d) => [d.code, d.rule?.id ?? null, d.range.start.line])).toEqual([
      ['unknown-field', 'a1', 1],
      ['json-not-a-rule', null, 2],
      ['esql-missing-metadata', 'b2', 3],
      ['unknown-field', 'c3', 4],
      ['json-not-a-rule', null, 5],
    ]);
    expect(diags[0].rule).toEqual({ id: 'a1', name: 'Typo in KQL', line: 1 });
    expect(diags[1].message).toBe('Line 2 is an exception list (list_id "endpoint_list"): not checked.');
    expect(diags[4].message).toBe('Line 5 is the export summary (3 rules exported): not checked.');
    // The typo, exactly: the column of `process.comand_line` in line 1.
    const line1 = NDJSON.split('\n')[0];
    expect(diags[0].range.start.column).toBe(line1.indexOf('process.comand_line') + 1);
    expect(diags[0].range.end.column).toBe(line1.indexOf('process.comand_line') + 'process.comand_line'.length + 1);
    expect(diags[3].message).toMatch(/source\.geo\.country_nme" in new_terms/);
    expect(diags[3].range.start.column).toBe(NDJSON.split('\n')[3].indexOf('"source.geo.country_nme"') + 2);

    const sarif = JSON.parse((await cli(['export.ndjson', '--format', 'sarif'], { cwd: dir })).stdout);
    const first = sarif.runs[0].results[0];
    expect(first.properties).toEqual({ ruleId: 'a1', ruleName: 'Typo in KQL', ruleLine: 1 });
    expect(first.locations[0].logicalLocations).toEqual([{ kind: 'object', name: 'Typo in KQL', fullyQualifiedName: 'a1' }]);
    const stylish = (await cli(['export.ndjson'], { cwd: dir })).stdout;
    expect(stylish).toMatch(/export\.ndjson: rule "Typo in KQL" \(rule_id a1\)\nexport\.ndjson:1:\d+ {2}error {2}Unknown field "process\.comand_line"/);
    expect(stylish).toMatch(/export\.ndjson: rule "ES\|QL without METADATA" \(rule_id b2\)/);
  });

  it('--fix writes the fix JSON-escaped into its line, every other byte unchanged', async () => {
    writeFileSync(join(dir, 'fix.ndjson'), NDJSON);
    const r = await cli(['fix.ndjson', '--fix', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toMatch(/applied 1 fix in 1 file/);
    // Only line 3 changed, and only by the METADATA clause inserted into its query string.
    const before = NDJSON.split('\n');
    const after = readFileSync(join(dir, 'fix.ndjson'), 'utf8').split('\n');
    expect(after.length).toBe(before.length);
    after.forEach((l, i) => { if (i !== 2) expect(l, `line ${i + 1}`).toBe(before[i]); });
    const inserted = after[2].slice(before[2].indexOf('process-*') + 'process-*'.length, after[2].length - (before[2].length - before[2].indexOf('process-*') - 'process-*'.length));
    expect(inserted).toMatch(/^ metadata _id, _version, _index$/i);
    expect(JSON.parse(after[2]).query).toBe(RULES[2].query!.replace('process-*\n', `process-*${inserted}\n`));
    // An EQL fix that inserts double quotes: escaped as \" inside the JSON string.
    const eql = JSON.stringify({ rule_id: 'e1', name: 'EQL', type: 'eql', language: 'eql', index: ['logs-endpoint.events.*'], query: "process where process.name == 'cmd.exe'" }) + '\n';
    writeFileSync(join(dir, 'eql.ndjson'), eql);
    await cli(['eql.ndjson', '--fix'], { cwd: dir });
    const fixed = readFileSync(join(dir, 'eql.ndjson'), 'utf8');
    expect(fixed).toBe(eql.replace("'cmd.exe'", '\\"cmd.exe\\"'));
    expect(JSON.parse(fixed).query).toBe('process where process.name == "cmd.exe"');
  });

  it('reads .json files (one rule or an array), and finds only JSON that holds rules in a directory', async () => {
    mkdirSync(join(dir, 'tree'));
    writeFileSync(join(dir, 'tree', 'one.json'), JSON.stringify(RULES[0], null, 2));
    writeFileSync(join(dir, 'tree', 'many.json'), JSON.stringify([RULES[2], RULES[3]], null, 2));
    writeFileSync(join(dir, 'tree', 'package.json'), '{ "name": "not-a-rule", "type": "module" }');
    writeFileSync(join(dir, 'tree', 'broken.ndjson'), '{"rule_id": "x", "type": "query", }\n' + JSON.stringify(RULES[0]) + '\n');
    const out = JSON.parse((await cli(['tree', '--format', 'json'], { cwd: dir })).stdout);
    expect(out.files.map((f: FileResult) => [f.path, f.diagnostics.map((d) => d.code).join()])).toEqual([
      ['tree/broken.ndjson', 'json-syntax,unknown-field'],
      ['tree/many.json', 'esql-missing-metadata,unknown-field'],
      ['tree/one.json', 'unknown-field'],
    ]);
    const broken = out.files[0].diagnostics[0];
    expect(broken.range.start).toMatchObject({ line: 1, column: 35 });
    expect(broken.message).toMatch(/line 1: expected a property name in double quotes, found "}"/);
    // Given by name, a JSON file that holds no rule is skipped, and says so.
    const pkg = JSON.parse((await cli(['tree/package.json', '--format', 'json'], { cwd: dir })).stdout);
    expect(pkg.files[0]).toMatchObject({ skipped: true, diagnostics: [] });
  });

  it('lints them in the language server, with completion and hover inside the query string', () => {
    const service = createLanguageService({ noConfig: true });
    const line = JSON.stringify({ rule_id: 'l1', name: 'LSP', type: 'query', language: 'kuery', index: ['logs-endpoint.events.process-*'], query: 'event.category : "process" and process.na' });
    const text = JSON.stringify({ exported_count: 0 }) + '\n' + line + '\n';
    const path = join(dir, 'editor.ndjson');
    const offset = text.indexOf('process.na"') + 'process.na'.length;
    const items = service.completions(path, text, offset).items;
    const item = items.find((i) => i.label === 'process.name');
    expect(item, items.map((i) => i.label).slice(0, 10).join()).toBeDefined();
    expect(text.slice(item!.span.start, item!.span.end)).toBe('process.na');
    const h = service.hover(path, text, text.indexOf('event.category') + 3);
    expect(h?.contents).toMatch(/keyword/);
    expect(text.slice(h!.span.start, h!.span.end)).toBe('event.category');
    const diagnostics = service.diagnostics(path, text).diagnostics;
    expect(diagnostics.map((d) => d.code)).toContain('json-not-a-rule');
    // Not a rule: a JSON file of another kind gets nothing from us, even when broken.
    expect(service.diagnostics(join(dir, 'tsconfig.json'), '{ "compilerOptions": { , } }').diagnostics).toEqual([]);
  });
});
