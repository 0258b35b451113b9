// The corpus-mutation helper itself: each kind of mutation makes the one edit it says and names the range
// where its diagnostic belongs; newDiagnostics sees only what the edit added.
import { describe, expect, it } from 'vitest';
import { Linter } from '../packages/linter/src/index.js';
import { mutate, newDiagnostics, shiftSpan, type Mutation } from './support/rule-mutations.js';

const RULE = `[metadata]
creation_date = "2026/01/05"
maturity = "production"

[rule]
author = ["Elastic"]
description = "d"
language = "kuery"
name = "n"
risk_score = 21
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severity = "low"
type = "query"
query = '''
event.category:process and process.name:"cmd.exe"
'''

[rule.threat.tactic]
id = "TA0002"
`;

describe('mutate', () => {
  const cases: Array<[string, Mutation, string, string]> = [
    ['replace a value', { replace: ['rule', 'severity'], with: '"extreme"' }, 'severity = "extreme"', '"extreme"'],
    ['replace with a function', { replace: ['metadata', 'creation_date'], with: (v) => v.replace(/\//g, '-') }, 'creation_date = "2026-01-05"', '"2026-01-05"'],
    ['rename a key', { rename: ['rule', 'severity'], to: 'severtiy' }, 'severtiy = "low"', 'severtiy'],
    ['rename a key of a sub-table', { rename: ['rule', 'threat', 'tactic', 'id'], to: 'idd' }, 'idd = "TA0002"', 'idd'],
    ['insert after a table header', { insert: 'from', value: '"now-6m"', table: ['rule'] }, '[rule]\nfrom = "now-6m"\nauthor', 'from'],
    ['insert after a key, expecting the value', { insert: 'interval', value: '"5x"', after: ['rule', 'risk_score'], expect: 'value' }, 'risk_score = 21\ninterval = "5x"\n', '"5x"'],
    ['delete a key', { delete: ['rule', 'author'] }, '[rule]\ndescription', '[rule]'],
    ['edit the query', { query: /process\.name:"[^"]*"/, to: 'process.name:"x"' }, 'event.category:process and process.name:"x"', 'process.name:"x"'],
  ];
  it.each(cases)('%s', (_n, mutation, contains, expected) => {
    const m = mutate(RULE, mutation)!;
    expect(m.text).toContain(contains);
    expect(m.text.slice(m.expected.start, m.expected.end)).toBe(expected);
    // One edit: the text outside it is the original.
    expect(m.text.slice(0, m.edit.span.start)).toBe(RULE.slice(0, m.edit.span.start));
    expect(m.text.slice(m.edit.span.start + m.edit.newText.length)).toBe(RULE.slice(m.edit.span.end));
  });

  it('gives undefined where the mutation does not apply', () => {
    expect(mutate(RULE, { replace: ['rule', 'interval'], with: '"5m"' })).toBeUndefined();
    expect(mutate(RULE, { rename: ['metadata', 'updated_date'], to: 'x' })).toBeUndefined();
    expect(mutate(RULE, { query: 'event.dataset', to: 'x' })).toBeUndefined();
    expect(mutate('not = [toml', { replace: ['rule', 'severity'], with: '1' })).toBeUndefined();
  });

  it('shifts ranges after the edit, stretches ranges around it, drops ranges across its edge', () => {
    const edit = { span: { start: 10, end: 12 }, newText: 'abcd' };
    expect(shiftSpan({ start: 2, end: 10 }, edit)).toEqual({ start: 2, end: 10 });
    expect(shiftSpan({ start: 12, end: 15 }, edit)).toEqual({ start: 14, end: 17 });
    expect(shiftSpan({ start: 5, end: 20 }, edit)).toEqual({ start: 5, end: 22 });
    expect(shiftSpan({ start: 11, end: 20 }, edit)).toBeUndefined();
  });
});

describe('newDiagnostics', () => {
  const linter = new Linter({});
  it('is empty for an edit that breaks nothing, and names each new diagnostic otherwise', () => {
    const same = mutate(RULE, { replace: ['rule', 'name'], with: '"another name"' })!;
    expect(newDiagnostics(linter, 'rule.toml', RULE, same)).toEqual([]);
    const bad = mutate(RULE, { replace: ['rule', 'severity'], with: '"extreme"' })!;
    expect(newDiagnostics(linter, 'rule.toml', RULE, bad)).toEqual([{ code: 'invalid-rule-value', span: bad.expected }]);
    // Two mistakes in one edit are two new diagnostics, so a test of "exactly one" fails.
    const two = mutate(RULE, { replace: ['rule', 'risk_score'], with: '147' })!;
    expect(newDiagnostics(linter, 'rule.toml', RULE, two).map((d) => d.code).sort()).toEqual(['invalid-rule-value', 'risk-score-severity']);
  });
  it('does not count a diagnostic the original had, even when the edit moved it', () => {
    const broken = RULE.replace('risk_score = 21', 'risk_score = 30');
    const m = mutate(broken, { insert: 'note', value: '"x"', table: ['rule'] })!;
    expect(newDiagnostics(linter, 'rule.toml', broken, m)).toEqual([]);
  });
});
