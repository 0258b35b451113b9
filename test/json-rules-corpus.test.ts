/**
 * Issue 18, over the whole corpus: every production rule as Kibana API JSON (one NDJSON export and single
 * JSON files) gets the same diagnostics as from its TOML. Heavy (about 45 s on 2 cores): it runs in
 * `npm run test:e2e` (vitest.e2e.config.ts), not in `npm test`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineIndex } from '../packages/core/src/index.js';
import { parseRuleDocument, type RuleDocument } from '../packages/rule-document/src/index.js';
import { lintFiles, type FileDiagnostic } from '../packages/linter/src/index.js';
import { HAS_CORPUS, NO_CORPUS_MESSAGE, corpusRuleFiles } from './support/corpus.js';
import { toApi } from './support/kibana-api.js';

/** A diagnostic as something both hosts can agree on: code, message, and where in which query. */
function signature(d: FileDiagnostic, doc: RuleDocument): string {
  const q = doc.queries.find((x) => x.map.hostSpan.start <= d.span.start && d.span.end <= x.map.hostSpan.end);
  const where = q ? `${q.key}@${q.map.toInner(d.span.start)}-${q.map.toInner(d.span.end)}` : 'metadata';
  return `${d.code}|${where}|${d.message}`;
}

/**
 * Checks of the detection-rules TOML layout only (like the [rule] table's schema checks): Kibana JSON hosts
 * do not get them, so they are left out of the comparison.
 */
const TOML_ONLY = new Set(['rule-schedule']);

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
      const want = tomlResult.diagnostics.filter((d) => !TOML_ONLY.has(d.code)).map((d) => signature(d, tomlDoc));
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
