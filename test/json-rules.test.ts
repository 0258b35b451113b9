/**
 * Issue 18: rules as Kibana holds them. NDJSON exports and detection engine API JSON are read with exact
 * positions through JSON string escapes, mapped to the same checks as TOML rules, reported per rule,
 * fixed in place, and linted by the language server.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineIndex } from '../packages/core/src/index.js';
import { decodeJsonString, parseRuleDocument, stringList, type RuleDocument } from '../packages/rule-document/src/index.js';
import { lintFiles, type FileDiagnostic, type FileResult } from '../packages/linter/src/index.js';
import { createLanguageService } from '../packages/language-service/src/index.js';
import { cli } from './support/cli.js';
import { HAS_CORPUS, NO_CORPUS_MESSAGE, corpusRuleFiles } from './support/corpus.js';

/** A TOML rule's values as the detection engine API has them (the field renames of Kibana's API). */
function toApi(doc: RuleDocument): Record<string, unknown> {
  const { new_terms, ...rule } = doc.rule as Record<string, unknown> & { new_terms?: { value?: unknown; history_window_start?: Array<{ value?: unknown }> } };
  const api: Record<string, unknown> = { ...rule };
  if (new_terms) {
    api.new_terms_fields = new_terms.value;
    const start = new_terms.history_window_start?.[0]?.value;
    if (start !== undefined) api.history_window_start = start;
  }
  const packages = stringList(doc.metadata.integration);
  if (packages.length) api.related_integrations = packages.map((p) => ({ package: p, version: '^1.0.0' }));
  return api;
}

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

/** A diagnostic as something both hosts can agree on: code, message, and where in which query. */
function signature(d: FileDiagnostic, doc: RuleDocument): string {
  const q = doc.queries.find((x) => x.map.hostSpan.start <= d.span.start && d.span.end <= x.map.hostSpan.end);
  const where = q ? `${q.key}@${q.map.toInner(d.span.start)}-${q.map.toInner(d.span.end)}` : 'metadata';
  return `${d.code}|${where}|${d.message}`;
}

describe.skipIf(!HAS_CORPUS)('every corpus rule as Kibana API JSON', () => {
  const dir = mkdtempSync(join(tmpdir(), 'esql-lint-json-corpus-'));
  const converted: Array<{ name: string; toml: string; doc: RuleDocument; api: Record<string, unknown> }> = [];
  beforeAll(() => {
    mkdirSync(join(dir, 'toml'));
    mkdirSync(join(dir, 'json'));
    for (const file of corpusRuleFiles()) {
      const text = readFileSync(file, 'utf8');
      const doc = parseRuleDocument(text, file);
      // Kibana has no maturity: deprecated rules (skipped in TOML) are left out of the comparison.
      if (doc.kind !== 'rule' || doc.metadata.maturity === 'deprecated' || doc.diagnostics.length) continue;
      const name = basename(file, '.toml');
      converted.push({ name, toml: text, doc, api: toApi(doc) });
      writeFileSync(join(dir, 'toml', `${name}.toml`), text);
      writeFileSync(join(dir, 'json', `${name}.json`), JSON.stringify(doc.rule.rule_id === undefined ? { ...toApi(doc), rule_id: name } : toApi(doc), null, 2));
    }
    writeFileSync(join(dir, 'export.ndjson'), converted.map((c) => JSON.stringify(c.api)).join('\n') + '\n' + JSON.stringify({ exported_count: converted.length }) + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gets the same diagnostics, at the same query offsets, from TOML, one NDJSON export and single JSON files', () => {
    expect(converted.length).toBeGreaterThan(1500);
    const toml = lintFiles(['toml'], { cwd: dir, noConfig: true });
    const json = lintFiles(['json'], { cwd: dir, noConfig: true });
    const ndjson = lintFiles(['export.ndjson'], { cwd: dir, noConfig: true }).files[0];
    const ndText = readFileSync(join(dir, 'export.ndjson'), 'utf8');
    const ndDoc = parseRuleDocument(ndText, join(dir, 'export.ndjson'));
    expect(ndDoc.rules!.length).toBe(converted.length);
    const byLine = new Map(ndDoc.rules!.map((r) => [ndDoc.lines.position(r.ruleSpan!.start).line, r]));
    // The offset-map property on every corpus query in the NDJSON: the same text as from the TOML, and
    // each character's host range is the JSON text of exactly that character.
    let mapped = 0;
    const mapFailures: string[] = [];
    ndDoc.rules!.forEach((r, i) => {
      const fromToml = converted[i].doc.queries.map((q) => q.text);
      if (JSON.stringify(r.queries.map((q) => q.text)) !== JSON.stringify(fromToml)) mapFailures.push(`${converted[i].name}: query text differs`);
      for (const q of r.queries) {
        for (let k = 0; k < q.text.length; k++) {
          const host = ndText.slice(q.map.toHost(k), q.map.toHost(k + 1, 'end'));
          if (JSON.parse(`"${host}"`) !== q.text[k]) {
            mapFailures.push(`${converted[i].name}: offset ${k} maps to ${JSON.stringify(host)}`);
            break;
          }
          mapped++;
        }
      }
    });
    expect(mapFailures.slice(0, 5)).toEqual([]);
    const ndByRule = new Map<number, string[]>();
    for (const d of ndjson.diagnostics) {
      if (d.code === 'json-not-a-rule') continue;
      const line = d.rule!.line;
      (ndByRule.get(line) ?? ndByRule.set(line, []).get(line)!).push(signature(d, byLine.get(line)!));
    }
    const mismatches: string[] = [];
    let compared = 0;
    const tomlByPath = new Map(toml.files.map((f) => [f.path, f]));
    const jsonByPath = new Map(json.files.map((f) => [f.path, f]));
    converted.forEach((c, i) => {
      const tomlResult = tomlByPath.get(`toml/${c.name}.toml`)!;
      const tomlDoc = c.doc;
      const want = tomlResult.diagnostics.map((d) => signature(d, tomlDoc));
      const jsonResult = jsonByPath.get(`json/${c.name}.json`)!;
      const jsonText = readFileSync(join(dir, 'json', `${c.name}.json`), 'utf8');
      const jsonDoc = parseRuleDocument(jsonText, join(dir, 'json', `${c.name}.json`)).rules![0];
      const gotJson = jsonResult.diagnostics.map((d) => signature(d, jsonDoc));
      const gotNd = ndByRule.get(i + 1) ?? [];
      compared += want.length;
      if (JSON.stringify(want) !== JSON.stringify(gotJson)) mismatches.push(`${c.name} (json): ${JSON.stringify({ want, got: gotJson })}`);
      if (JSON.stringify(want) !== JSON.stringify(gotNd)) mismatches.push(`${c.name} (ndjson): ${JSON.stringify({ want, got: gotNd })}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    console.log(`json-rules: ${converted.length} corpus rules as TOML, NDJSON and JSON; ${compared} diagnostics agree; ${mapped} query characters mapped`);
  }, 300_000);

  it('reports a typo inserted into a query at its exact line and column of the NDJSON', () => {
    const at = converted.findIndex((c) => c.api.language === 'kuery' && typeof c.api.query === 'string' && / process\.name /.test(c.api.query as string));
    expect(at).toBeGreaterThanOrEqual(0);
    // The rule among its neighbours (a few hundred lines are enough to be sure of line counting).
    const apis = converted.slice(0, Math.max(at + 1, 300)).map((c) => c.api);
    const query = apis[at].query as string;
    const typoAt = query.indexOf(' process.name ') + 1;
    apis[at] = { ...apis[at], query: query.slice(0, typoAt) + 'process.nmae' + query.slice(typoAt + 'process.name'.length) };
    const text = apis.map((a) => JSON.stringify(a)).join('\n') + '\n';
    writeFileSync(join(dir, 'typo.ndjson'), text);
    const result = lintFiles(['typo.ndjson'], { cwd: dir, noConfig: true }).files[0];
    const d = result.diagnostics.find((x) => x.code === 'unknown-field' && x.message.includes('process.nmae'))!;
    expect(d).toBeDefined();
    // The oracle: the JSON text of the query before the typo, counted in the line.
    const lineText = new LineIndex(text).lineText(at + 1);
    const queryStart = lineText.indexOf('"query":"') + '"query":"'.length;
    const column = queryStart + JSON.stringify(query.slice(0, typoAt)).length - 2 + 1;
    expect(d.range.start).toMatchObject({ line: at + 1, column });
    expect(d.range.end).toMatchObject({ line: at + 1, column: column + 'process.nmae'.length });
    expect(d.rule).toMatchObject({ line: at + 1, name: apis[at].name });
  });
});

if (!HAS_CORPUS) console.warn(`json-rules: ${NO_CORPUS_MESSAGE}`);
