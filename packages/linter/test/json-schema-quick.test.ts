// The quick rule-schema test (json-schema-quick.ts) is sound: whenever it says "valid", ajv agrees, on
// every api_schemas version and rule type detection-rules ships, for every corpus rule and for many
// mutations of them (types changed, keys dropped or added, values out of range). It is also useful:
// it accepts the corpus rules ajv accepts, so their schemas are not compiled.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import AjvDraft04 from 'ajv-draft-04';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { CORPUS_DIR, corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { surelyValid } from '../src/json-schema-quick.js';
import { isSchemaGap } from '../src/rule-table.js';

const Ajv = AjvDraft04.default;
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, validateSchema: false });
const toJson = (v: unknown): unknown =>
  v instanceof Date ? v.toISOString() : Array.isArray(v) ? v.map(toJson) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)])) : v;

describe('surelyValid on small schemas', () => {
  const cases: Array<[object, unknown, boolean]> = [
    [{ type: 'string', minLength: 2 }, 'ab', true],
    [{ type: 'string', minLength: 2 }, '\u{1F600}', false],
    [{ type: 'integer', minimum: 0, maximum: 100 }, 5, true],
    [{ type: 'integer' }, 5.5, false],
    [{ type: 'integer' }, Infinity, false],
    [{ type: ['string'], enum: ['a', 'b'] }, 'c', false],
    [{ type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2 }, ['a'], true],
    [{ type: 'array', items: { type: 'string' }, maxItems: 1 }, ['a', 'b'], false],
    [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, { a: 'x' }, true],
    [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false }, { a: 'x', b: 1 }, false],
    [{ type: 'object', properties: {}, required: ['a'] }, {}, false],
    [{ type: 'object', additionalProperties: { type: 'string' } }, { k: new Date(0) }, true],
    [{ type: 'string', pattern: '^\\d+[smhd]$' }, '5m', true],
    [{ type: 'string', pattern: '^\\d+[smhd]$' }, 'five', false],
    [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 3, true],
    [{ type: 'string', format: 'date-time' }, 'x', false], // a keyword it does not model: not certain
    [{ type: 'object', properties: { constructor: { type: 'string' } } }, {}, false], // inherited names: not certain
  ];
  it.each(cases)('%j with %j -> %s', (schema, value, expected) => {
    expect(surelyValid(schema, value)).toBe(expected);
    if (expected) expect(ajv.validate(schema, toJson(value))).toBe(true);
  });
});

const API = join(CORPUS_DIR, 'detection_rules/etc/api_schemas');

describe.skipIf(!HAS_CORPUS || !existsSync(API))('surelyValid agrees with ajv on api_schemas', () => {
  const schemas: Array<{ name: string; type: string; schema: object }> = [];
  for (const version of existsSync(API) ? readdirSync(API) : []) {
    for (const f of readdirSync(join(API, version))) {
      const type = f.slice(version.length + 1, -'.json'.length);
      if (type !== 'base') schemas.push({ name: f, type, schema: JSON.parse(readFileSync(join(API, version, f), 'utf8')) });
    }
  }
  const validators = new Map<object, ReturnType<typeof ajv.compile>>();
  /** Valid for ajv, but for the schema gaps the rule check does not report. */
  const ajvValid = (schema: object, v: unknown) => {
    let f = validators.get(schema);
    if (!f) validators.set(schema, (f = ajv.compile(schema)));
    if (f(toJson(v))) return true;
    return (f.errors ?? []).every((e) => e.keyword === 'additionalProperties' && isSchemaGap(e.instancePath, (e.params as { additionalProperty: string }).additionalProperty));
  };
  const rules = corpusRuleFiles()
    .map((file) => parseRuleDocument(readFileSync(file, 'utf8'), file))
    .filter((d) => d.kind === 'rule' && typeof d.rule.type === 'string')
    .map((d) => d.rule as Record<string, unknown>);

  /** Values broken in one place each (a seeded walk over the rule's keys). */
  function* mutations(rule: Record<string, unknown>, seed: number): Generator<Record<string, unknown>> {
    const keys = Object.keys(rule);
    const k = keys[seed % keys.length];
    const v = rule[k];
    const copy = (patch: (r: Record<string, unknown>) => void) => {
      const r = structuredClone(rule);
      patch(r);
      return r;
    };
    yield copy((r) => delete r[k]);
    yield copy((r) => (r[`${k}x`] = v));
    yield copy((r) => (r[k] = typeof v === 'string' ? 1 : 'text'));
    yield copy((r) => (r[k] = Array.isArray(v) ? [] : [v]));
    yield copy((r) => (r[k] = typeof v === 'number' ? v * 1000 + 0.5 : typeof v === 'string' ? '' : null));
    yield copy((r) => (r[k] = typeof v === 'string' ? `${v}\u{1F600}!` : v));
    yield copy((r) => (r.risk_score = -1));
    yield copy((r) => (r.severity = 'extreme'));
    yield copy((r) => (r.interval = '5 minutes'));
    yield copy((r) => (r.max_signals = 1.5));
    if (Array.isArray(rule.required_fields) && rule.required_fields.length) yield copy((r) => ((r.required_fields as Array<Record<string, unknown>>)[0].typo = 'x'));
    if (Array.isArray(rule.threat_mapping) && rule.threat_mapping.length) yield copy((r) => (((r.threat_mapping as Array<{ entries: Array<Record<string, unknown>> }>)[0].entries[0].value = 1)));
    if (Array.isArray(rule.threat) && rule.threat.length) {
      yield copy((r) => ((r.threat as Array<Record<string, unknown>>)[0].framework = 1));
      yield copy((r) => delete (r.threat as Array<Record<string, unknown>>)[0].tactic);
      yield copy((r) => (((r.threat as Array<Record<string, unknown>>)[0].tactic as Record<string, unknown>).extra = 'x'));
    }
    if (Array.isArray(rule.required_fields) && rule.required_fields.length) yield copy((r) => ((r.required_fields as Array<Record<string, unknown>>)[0].name = ''));
  }

  it('never says valid where ajv says invalid; accepts what ajv accepts on the corpus', () => {
    let accepted = 0;
    let ajvAccepted = 0;
    let checked = 0;
    for (const [i, rule] of rules.entries()) {
      const sameType = schemas.filter((s) => s.type === rule.type);
      for (const { name, schema } of sameType) {
        const valid = ajvValid(schema, rule);
        const quick = surelyValid(schema, rule, isSchemaGap);
        if (quick) expect(valid, `${name} rule ${i}`).toBe(true);
        if (valid) ajvAccepted++;
        if (quick) accepted++;
      }
      // Mutations against one schema version per rule, in turn (all of them would take minutes).
      const pick = sameType[i % Math.max(1, sameType.length)];
      if (!pick) continue;
      for (const m of mutations(rule, i)) {
        checked++;
        if (surelyValid(pick.schema, m, isSchemaGap)) expect(ajvValid(pick.schema, m), `${pick.name} rule ${i} mutated`).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(accepted).toBe(ajvAccepted);
  }, 300_000);
});
