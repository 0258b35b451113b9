// The rule's own schema ([rule] against Kibana's rule schema, [metadata], risk score, ATT&CK mapping): case
// tables on small rules, then mutations of real corpus rules that must give exactly that diagnostic there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { everyNth, mutate, newDiagnostics, type Mutation } from '../../../test/support/rule-mutations.js';
import { Linter } from '../src/index.js';

const linter = new Linter({ rules: { 'missing-rule-key': 'error' } });
const CODES = new Set(['unknown-rule-key', 'invalid-rule-value', 'missing-rule-key', 'unknown-metadata-key', 'invalid-metadata-value', 'risk-score-severity', 'attack-mapping']);

const VALID = `[metadata]
creation_date = "2026/01/05"
integration = ["endpoint"]
maturity = "production"
updated_date = "2026/02/01"

[rule]
author = ["Elastic"]
description = "A valid rule."
from = "now-9m"
index = ["logs-endpoint.events.process-*"]
interval = "5m"
language = "kuery"
license = "Elastic License v2"
name = "Valid"
risk_score = 47
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severity = "medium"
tags = ["Tactic: Execution"]
type = "query"
query = '''
event.category:process and process.name:"mshta.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1218"
name = "System Binary Proxy Execution"
reference = "https://attack.mitre.org/techniques/T1218/"
[[rule.threat.technique.subtechnique]]
id = "T1218.005"
name = "Mshta"
reference = "https://attack.mitre.org/techniques/T1218/005/"

[rule.threat.tactic]
id = "TA0002"
name = "Execution"
reference = "https://attack.mitre.org/tactics/TA0002/"
`;

/** [code, covered text] of the rule-schema diagnostics of a text. */
function check(text: string, l = linter): Array<[string, string]> {
  return l.lintText(text, 'rule.toml').diagnostics.filter((d) => CODES.has(d.code)).map((d) => [d.code, text.slice(d.span.start, d.span.end)]);
}
const edit = (from: string, to: string) => {
  expect(VALID).toContain(from);
  return VALID.replace(from, to);
};

describe('the rule\'s own schema', () => {
  it('accepts a valid rule', () => expect(check(VALID)).toEqual([]));

  const cases: Array<[string, string, Array<[string, string]>]> = [
    ['misspelt [rule] key, with its fix', edit('severity = "medium"', 'severtiy = "medium"\nseverity = "medium"'), [['unknown-rule-key', 'severtiy']]],
    ['a [metadata] key in [rule]', edit('type = "query"', 'type = "query"\nmaturity = "production"'), [['unknown-rule-key', 'maturity']]],
    ['string risk score', edit('risk_score = 47', 'risk_score = "high"'), [['invalid-rule-value', '"high"']]],
    ['risk score out of range', edit('risk_score = 47', 'risk_score = 147'), [['invalid-rule-value', '147'], ['risk-score-severity', '147']]],
    ['unknown severity', edit('severity = "medium"', 'severity = "extreme"'), [['invalid-rule-value', '"extreme"']]],
    ['rule_id not a UUID', edit('rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"', 'rule_id = "my-rule"'), [['invalid-rule-value', '"my-rule"']]],
    ['interval of the wrong form', edit('interval = "5m"', 'interval = "5 minutes"'), [['invalid-rule-value', '"5 minutes"']]],
    ['unknown rule type', edit('type = "query"', 'type = "qeury"'), [['invalid-rule-value', '"qeury"']]],
    ['missing required key', edit('author = ["Elastic"]\n', ''), [['missing-rule-key', '[rule]']]],
    ['unknown key in a table', edit('framework = "MITRE ATT&CK"', 'framework = "MITRE ATT&CK"\nframwork = "x"'), [['unknown-rule-key', 'framwork']]],
    ['misspelt [metadata] key', edit('maturity = "production"', 'maturity = "production"\nmin_stack_versoin = "9.1.0"'), [['unknown-metadata-key', 'min_stack_versoin']]],
    ['maturity not one of the levels', edit('maturity = "production"', 'maturity = "prodution"'), [['invalid-metadata-value', '"prodution"']]],
    ['date of the wrong form', edit('creation_date = "2026/01/05"', 'creation_date = "2026-01-05"'), [['invalid-metadata-value', '"2026-01-05"']]],
    ['impossible date', edit('creation_date = "2026/01/05"', 'creation_date = "2026/02/30"'), [['invalid-metadata-value', '"2026/02/30"']]],
    ['updated before created', edit('updated_date = "2026/02/01"', 'updated_date = "2025/12/01"'), [['invalid-metadata-value', '"2025/12/01"']]],
    ['min_stack_version not a version', edit('maturity = "production"', 'maturity = "production"\nmin_stack_version = "9.1"'), [['invalid-metadata-value', '"9.1"']]],
    ['risk score of another severity', edit('risk_score = 47', 'risk_score = 73'), [['risk-score-severity', '73']]],
    ['tactic name of another id', edit('name = "Execution"', 'name = "Persistence"'), [['attack-mapping', '"Persistence"']]],
    ['tactic id that does not exist', edit('id = "TA0002"', 'id = "TA0099"'), [['attack-mapping', '"TA0099"']]],
    ['reference to another tactic', edit('reference = "https://attack.mitre.org/tactics/TA0002/"', 'reference = "https://attack.mitre.org/tactics/TA0003/"'), [['attack-mapping', '"https://attack.mitre.org/tactics/TA0003/"']]],
    ['sub-technique under another technique', edit('id = "T1218.005"', 'id = "T1059.005"'), [['attack-mapping', '"T1059.005"']]],
    ['reference without its final slash (the schema says so)', edit('reference = "https://attack.mitre.org/techniques/T1218/"', 'reference = "https://attack.mitre.org/techniques/T1218"'), [['invalid-rule-value', '"https://attack.mitre.org/techniques/T1218"']]],
  ];
  it.each(cases)('%s', (_name, text, expected) => expect(check(text)).toEqual(expected));

  it('offers the did-you-mean fixes', () => {
    const text = edit('severity = "medium"', 'severtiy = "medium"');
    const d = linter.lintText(text, 'rule.toml').diagnostics.find((x) => x.code === 'unknown-rule-key')!;
    expect(d.message).toContain('Did you mean "severity"?');
    expect(d.fixes?.[0].edits[0].newText).toBe('severity');
    const m = linter.lintText(edit('maturity = "production"', 'maturity = "prodution"'), 'rule.toml').diagnostics.find((x) => x.code === 'invalid-metadata-value')!;
    expect(m.fixes?.[0].edits[0].newText).toBe('"production"');
  });

  it('reports missing keys only inside a checkout or when set', () => {
    expect(check(edit('author = ["Elastic"]\n', ''), new Linter({}))).toEqual([]);
  });
});

// For each check, a real rule of the corpus broken in that one way gives exactly that diagnostic at that key
// (test/support/rule-mutations.ts), and no other new diagnostic.
describe.skipIf(!HAS_CORPUS)('mutations of corpus rules', () => {
  const corpus = new Linter({});
  const mutations: Array<[string, Mutation]> = [
    ['unknown-rule-key', { rename: ['rule', 'severity'], to: 'severtiy' }],
    ['invalid-rule-value', { replace: ['rule', 'risk_score'], with: '"high"' }],
    ['invalid-rule-value', { replace: ['rule', 'severity'], with: '"extreme"' }],
    ['unknown-metadata-key', { rename: ['metadata', 'maturity'], to: 'maturty' }],
    ['invalid-metadata-value', { replace: ['metadata', 'creation_date'], with: (old) => old.replace(/\//g, '-') }],
  ];
  it.each(mutations)('%s (%j)', (code, mutation) => {
    let tried = 0;
    for (const file of everyNth(corpusRuleFiles(), 40)) {
      const text = readFileSync(file, 'utf8');
      if (/maturity = "deprecated"/.test(text)) continue;
      const m = mutate(text, mutation, file);
      if (!m) continue;
      tried++;
      expect(newDiagnostics(corpus, file, text, m), file).toEqual([{ code, span: m.expected }]);
    }
    expect(tried).toBeGreaterThan(20);
  }, 300_000);
});

describe('ECS categorisation values (invalid-field-value)', () => {
  const l = new Linter({});
  const kql = (q: string) => `[rule]\nlanguage = "kuery"\ntype = "query"\nindex = ["logs-endpoint.events.*"]\nquery = '''\n${q}\n'''\n`;
  const eql = (q: string) => `[rule]\nlanguage = "eql"\ntype = "eql"\nindex = ["logs-endpoint.events.*"]\nquery = '''\n${q}\n'''\n`;
  const found = (text: string) =>
    l.lintText(text, 'rule.toml').diagnostics.filter((d) => d.code === 'invalid-field-value').map((d) => [text.slice(d.span.start, d.span.end), d.fixes?.[0]?.edits[0].newText]);
  const cases: Array<[string, string, Array<[string, string | undefined]>]> = [
    ['KQL near miss', kql('event.category : proces and process.name : "cmd.exe"'), [['proces', 'process']]],
    ['KQL quoted near miss keeps its quotes', kql('event.outcome : "sucess"'), [['"sucess"', '"success"']]],
    ['KQL list', kql('event.type : (start or strat)'), [['strat', 'start']]],
    ['KQL valid values', kql('event.category : process and event.type : (start or process_started) and event.kind : alert'), []],
    ['KQL wildcards are not checked', kql('event.category : proc*'), []],
    ['KQL case does not count', kql('event.category : Process'), []],
    ['EQL near miss', eql('process where event.type == "strat"'), [['"strat"', '"start"']]],
    ['EQL in list', eql('any where event.category in ("proces", "file")'), [['"proces"', '"process"']]],
    ['EQL far value (a legacy one) is left alone', eql('process where event.type in ("start", "process_started")'), []],
    ['other fields are not checked', eql('process where process.name == "proces"'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(found(text)).toEqual(expected));
});
