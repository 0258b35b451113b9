// The rule-schema validators the bundles carry generated (ajv standalone code, for start-up time) must give
// exactly the verdicts and errors of ajv compiling the schema at run time: compared on every corpus rule's
// [rule] table and on mutations of it (keys removed, unknown keys, values of the wrong type or form).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseRuleDocument } from '@esql-lint/rule-document';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { corpusRuleFiles, CORPUS_DIR, HAS_CORPUS } from '../../../test/support/corpus.js';
import { AJV_OPTIONS, ruleValidatorEntries } from '../build/precompile-rule-validators.mjs';
import { instantiateValidator, RULE_SCHEMA_AJV_OPTIONS, validatorKey } from '../src/rule-validators.js';

const Ajv = AjvDraft04.default;
const bundled = createRequire(import.meta.url)('@esql-lint/schema/data/rule-api-schemas.json') as { types: Record<string, object> };
const generated = new Map(ruleValidatorEntries());

/** The [rule] table as the linter validates it (dates as ISO strings). */
const asJson = (v: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

/** An error list as the linter reads it (the schemas it points at by the keys of their properties). */
const summary = (errors: ReturnType<typeof instantiateValidator>['errors']) =>
  JSON.stringify((errors ?? []).map((e) => [e.keyword, e.instancePath, e.schemaPath, e.params, e.message, e.data, Object.keys((e.parentSchema as { properties?: object })?.properties ?? {})]));

function mutations(rule: Record<string, unknown>): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [rule];
  const keys = Object.keys(rule);
  for (const k of keys.slice(0, 6)) {
    const { [k]: _, ...rest } = rule;
    out.push(rest);
    const v = rule[k];
    out.push({ ...rule, [k]: typeof v === 'string' ? 42 : typeof v === 'number' ? String(v) : Array.isArray(v) ? 'x' : [v] });
  }
  out.push({ ...rule, riks_score: 1, [keys[0] + 'x']: true });
  out.push({ ...rule, interval: '5 minutes', rule_id: 'not-a-uuid', risk_score: -3, severity: 'hgh', max_signals: 1.5 });
  if (Array.isArray(rule.threat)) out.push({ ...rule, threat: [{ framework: 3, tactic: {}, technique: [{ id: [] }] }] });
  return out;
}

describe('generated rule-schema validators', () => {
  it('are generated with the options the linter compiles with', () => {
    expect(AJV_OPTIONS).toEqual(RULE_SCHEMA_AJV_OPTIONS);
    expect(JSON.stringify(AJV_OPTIONS)).toBe(JSON.stringify(RULE_SCHEMA_AJV_OPTIONS));
    for (const schema of Object.values(bundled.types)) expect(generated.has(validatorKey(schema))).toBe(true);
  });

  it.skipIf(!HAS_CORPUS)("give ajv's own verdicts and errors on every corpus rule and mutations of it", () => {
    const compiled = new Map<string, ReturnType<InstanceType<typeof Ajv>['compile']>>();
    const ajv = new Ajv({ ...RULE_SCHEMA_AJV_OPTIONS });
    const fromCode = new Map<string, ReturnType<typeof instantiateValidator>>();
    let checked = 0;
    let failing = 0;
    // Every other corpus rule: each rule type many times over.
    for (const file of corpusRuleFiles().filter((_, i) => i % 2 === 0)) {
      const rule = asJson(parseRuleDocument(readFileSync(file, 'utf8'), file).rule);
      const type = String(rule.type);
      const schema = bundled.types[type];
      if (!schema) continue;
      if (!compiled.has(type)) compiled.set(type, ajv.compile(schema));
      if (!fromCode.has(type)) fromCode.set(type, instantiateValidator(generated.get(validatorKey(schema))!));
      const a = compiled.get(type)!;
      const b = fromCode.get(type)!;
      for (const input of mutations(rule)) {
        const ok = a(input);
        expect(b(input)).toBe(ok);
        expect(summary(b.errors)).toBe(summary(a.errors));
        checked++;
        if (!ok) failing++;
      }
    }
    expect(checked).toBeGreaterThan(5_000);
    expect(failing).toBeGreaterThan(2_500);
  });

  it.skipIf(!HAS_CORPUS)("a checkout's api_schemas identical to the bundled copy is found among them", () => {
    const file = `${CORPUS_DIR}/detection_rules/etc/api_schemas/master/master.eql.json`;
    const schema = JSON.parse(readFileSync(file, 'utf8'));
    expect(JSON.stringify(schema) === JSON.stringify(bundled.types.eql) ? generated.has(validatorKey(schema)) : true).toBe(true);
  });
});
