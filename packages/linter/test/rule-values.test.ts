// Issue 17 part B: min_stack_version against ES|QL availability, the schedule (from / interval), value
// checks in ES|QL and dataset values in all three languages. Case tables on small rules, the production
// corpus (no new error, the warnings listed), and mutations of real rules (test/support/rule-mutations.ts).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { mutate, newDiagnostics, type Mutation } from '../../../test/support/rule-mutations.js';
import { Linter } from '../src/index.js';
import { checkSchedule, parseDateMath } from '../src/schedule.js';
import type { Diagnostic } from '@esql-lint/core';
import { datasetGuess } from '../src/datasets.js';
import { parse } from '@esql-lint/parser-esql';
import { versionedFeatures } from '../src/esql/stack-version.js';
import { COMMANDS } from '../src/esql/commands.js';
import { commandName, DATA_PATH, FACTS_PATH, generate, parseAppliesTo } from '../scripts/generate-esql-availability.mjs';

const CODES = new Set(['esql-min-stack-version', 'rule-schedule', 'unknown-dataset', 'invalid-field-value', 'invalid-rule-value']);
const linter = new Linter({ rules: { 'esql-min-stack-version': 'error' } });

/** [code, covered text, first fix's new text] of the diagnostics of CODES. */
function found(text: string, l = linter): Array<[string, string, string | undefined]> {
  return l
    .lintText(text, 'rule.toml')
    .diagnostics.filter((d) => CODES.has(d.code))
    .map((d) => [d.code, text.slice(d.span.start, d.span.end), d.fixes?.[0]?.edits[0].newText]);
}

const esqlRule = (query: string, minStack?: string, extra = '') => `[metadata]
creation_date = "2026/01/05"
maturity = "production"
${minStack ? `min_stack_version = "${minStack}"\n` : ''}updated_date = "2026/01/05"

[rule]
author = ["Elastic"]
description = "d"
from = "now-9m"
language = "esql"
license = "Elastic License v2"
name = "n"
risk_score = 21
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severity = "low"
type = "esql"
${extra}query = '''
${query}
'''
`;
const KEEP = '| KEEP Esql.n, host.id';

describe('esql-min-stack-version', () => {
  const stats = `FROM logs-endpoint.events.process-* | INLINE STATS Esql.n = COUNT(*) BY host.id ${KEEP}`;
  const cases: Array<[string, string, Array<[string, string, string | undefined]>]> = [
    ['INLINE STATS at its preview version', esqlRule(stats, '9.2.0'), []],
    ['INLINE STATS before it existed', esqlRule(stats, '9.1.0'), [['esql-min-stack-version', '"9.1.0"', '"9.2.0"']]],
    ['the latest of several features decides', esqlRule(`FROM logs-* | EVAL Esql.n = MV_CONTAINS(tags, "a"), Esql.j = JSON_EXTRACT(message, "$.a") ${KEEP}`, '9.1.0'), [['esql-min-stack-version', '"9.1.0"', '"9.4.0"']]],
    ['a function inside an expression, written in lower case', esqlRule(`FROM logs-* | WHERE url_decode(url.original) == "x" ${KEEP}`, '9.1.0'), [['esql-min-stack-version', '"9.1.0"', '"9.2.0"']]],
    ['a GA function at its version', esqlRule(`FROM logs-* | STATS Esql.n = FIRST(host.id, @timestamp) ${KEEP}`, '9.3.0'), []],
    ['a command inside a FORK branch', esqlRule(`FROM logs-* | FORK (WHERE true | INLINE STATS Esql.n = COUNT(*) BY host.id) (WHERE false) ${KEEP}`, '9.1.0'), [['esql-min-stack-version', '"9.1.0"', '"9.2.0"']]],
    ['features without a known version are not checked', esqlRule(`FROM logs-* | WHERE KQL("host.name: a") | STATS Esql.n = COUNT(*) BY host.id ${KEEP}`, '8.19.0'), []],
    ['no min_stack_version: nothing to compare', esqlRule(stats), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(found(text)).toEqual(expected));

  it('names each late feature and its version in the message', () => {
    const d = linter.lintText(esqlRule(`FROM logs-* | EVAL Esql.n = MV_CONTAINS(tags, "a") | INLINE STATS Esql.c = COUNT(*) BY host.id ${KEEP}`, '9.1.0'), 'rule.toml').diagnostics.find((x) => x.code === 'esql-min-stack-version')!;
    expect(d.message).toBe('min_stack_version 9.1.0 is older than the ES|QL this query uses: INLINE STATS (technical preview in 9.2.0, GA in 9.3.0), MV_CONTAINS (technical preview since 9.2.0). The rule needs stack 9.2.0 or later (Elasticsearch\'s ES|QL reference).');
  });

  it('is on inside a detection-rules checkout or when set, not for a lone file', () => {
    expect(found(esqlRule(stats, '9.1.0'), new Linter({}))).toEqual([]);
  });

  it('collects commands and functions once each', () => {
    const ast = parse('FROM a | EVAL x = MV_CONTAINS(a, b), y = mv_contains(c, d) | INLINE STATS n = COUNT(*)').ast;
    expect(versionedFeatures(ast).map((f) => f.name)).toEqual(['MV_CONTAINS', 'INLINE STATS']);
  });
});

const kqlRule = (query: string, schedule: string) => `[rule]
author = ["Elastic"]
description = "d"
${schedule}language = "kuery"
name = "n"
risk_score = 21
rule_id = "0ad3f1e2-0d6e-4a6a-9ad5-0a0c0e1f2a3b"
severity = "low"
type = "query"
index = ["logs-endpoint.events.*"]
query = '''
${query}
'''
`;

describe('the schedule (from, interval)', () => {
  const q = 'process.name : "cmd.exe"';
  const cases: Array<[string, string, Array<[string, string, string | undefined]>]> = [
    ['the usual schedule', kqlRule(q, 'from = "now-6m"\ninterval = "5m"\n'), []],
    ['a long look-back', kqlRule(q, 'from = "now-7205m"\ninterval = "5m"\n'), []],
    ['rounding and several offsets', kqlRule(q, 'from = "now-1d/d+1h"\ninterval = "1h"\n'), []],
    ['look-back of exactly one interval', kqlRule(q, 'from = "now-2h"\ninterval = "120m"\n'), []],
    ['an absolute date', kqlRule(q, 'from = "2026-01-01||-1d"\n'), []],
    ['a space in the date math', kqlRule(q, 'from = "now-6 m"\n'), [['invalid-rule-value', '"now-6 m"', undefined]]],
    ['a duration, not date math', kqlRule(q, 'from = "6m"\n'), [['invalid-rule-value', '"6m"', undefined]]],
    ['an unknown unit', kqlRule(q, 'from = "now-6min"\n'), [['invalid-rule-value', '"now-6min"', undefined]]],
    ['from = now searches nothing', kqlRule(q, 'from = "now"\n'), [['rule-schedule', '"now"', undefined]]],
    ['from in the future', kqlRule(q, 'from = "now+5m"\n'), [['rule-schedule', '"now+5m"', undefined]]],
    ['look-back shorter than the interval', kqlRule(q, 'from = "now-1m"\ninterval = "2m"\n'), [['rule-schedule', '"now-1m"', '"now-2m"']]],
    ['look-back shorter than the default interval', kqlRule(q, 'from = "now-4m"\n'), [['rule-schedule', '"now-4m"', '"now-5m"']]],
    ['a malformed interval is the schema\'s, once', kqlRule(q, 'from = "now-1m"\ninterval = "5 minutes"\n'), [['invalid-rule-value', '"5 minutes"', undefined]]],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(found(text)).toEqual(expected));

  it('parses date math as Elastic does', () => {
    expect(parseDateMath('now-6m')).toEqual({ anchor: 'now', offsetMs: -360_000 });
    expect(parseDateMath('now-1h+30m/m')).toEqual({ anchor: 'now', offsetMs: -1_800_000 });
    expect(parseDateMath('now-500ms')).toEqual({ anchor: 'now', offsetMs: -500 });
    for (const bad of ['', '-6m', 'now-', 'now-m', 'now-6', 'now -6m', 'now-6mm', 'yesterday', 'now/x']) expect(parseDateMath(bad), bad).toBeUndefined();
  });

  it('the gap message says how long the gap is', () => {
    const d = linter.lintText(kqlRule(q, 'from = "now-1m"\ninterval = "15m"\n'), 'rule.toml').diagnostics.find((x) => x.code === 'rule-schedule')!;
    expect(d.message).toContain('looks back 1m, but the rule runs every 15m: events in the 14m between');
  });
});

describe('values compared in ES|QL (invalid-field-value, unknown-dataset)', () => {
  const esql = (where: string) => esqlRule(`FROM logs-* METADATA _id, _version, _index | WHERE ${where} | KEEP _id, _version, _index`);
  const cases: Array<[string, string, Array<[string, string, string | undefined]>]> = [
    ['== near miss', esql('event.category == "proces"'), [['invalid-field-value', '"proces"', '"process"']]],
    ['value on the left', esql('"strat" == event.type'), [['invalid-field-value', '"strat"', '"start"']]],
    ['!= near miss', esql('event.outcome != "sucess"'), [['invalid-field-value', '"sucess"', '"success"']]],
    ['IN list', esql('event.type IN ("start", "strat")'), [['invalid-field-value', '"strat"', '"start"']]],
    ['NOT IN list', esql('event.kind NOT IN ("alrt")'), [['invalid-field-value', '"alrt"', '"alert"']]],
    ['valid and legacy values', esql('event.category == "process" AND event.type IN ("start", "process_started")'), []],
    ['other fields', esql('process.name == "proces"'), []],
    ['dataset near miss', esql('event.dataset == "aws.cloudtrial"'), [['unknown-dataset', '"aws.cloudtrial"', '"aws.cloudtrail"']]],
    ['data_stream.dataset, package misspelt', esql('data_stream.dataset IN ("okat.system")'), [['unknown-dataset', '"okat.system"', '"okta.system"']]],
    ['known datasets', esql('event.dataset IN ("aws.cloudtrail", "endpoint.events.process")'), []],
    ['legacy and unbundled datasets are left alone', esql('event.dataset IN ("googlecloud.audit", "google_workspace.alert", "windows.sysmon", "dns", "splunk.alert")'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(found(text)).toEqual(expected));
});

describe('dataset values in KQL and EQL (unknown-dataset)', () => {
  const eqlRule = (query: string) => kqlRule(query, '').replace('language = "kuery"', 'language = "eql"').replace('type = "query"', 'type = "eql"');
  const cases: Array<[string, string, Array<[string, string, string | undefined]>]> = [
    ['KQL bare value', kqlRule('event.dataset : aws.cloudtrial', ''), [['unknown-dataset', 'aws.cloudtrial', 'aws.cloudtrail']]],
    ['KQL quoted value in a list', kqlRule('event.dataset : ("okta.system" or "okta.sytem")', ''), [['unknown-dataset', '"okta.sytem"', '"okta.system"']]],
    ['KQL wildcard', kqlRule('event.dataset : aws.cloud*', ''), []],
    ['EQL ==', eqlRule('any where event.dataset == "gcp.adit"'), [['unknown-dataset', '"gcp.adit"', '"gcp.audit"']]],
    ['EQL in', eqlRule('any where data_stream.dataset in ("o365.audit", "o365.audti")'), [['unknown-dataset', '"o365.audti"', '"o365.audit"']]],
    ['EQL legacy value', eqlRule('any where event.dataset == "googlecloud.audit"'), []],
  ];
  it.each(cases)('%s', (_n, text, expected) => expect(found(text)).toEqual(expected));

  it('guesses only near misses', () => {
    expect(datasetGuess('aws.cloudtrail')).toBeUndefined();
    expect(datasetGuess('google_workspace.user_accounts')).toBeUndefined();
    expect(datasetGuess('m365_defender.incident')).toBeUndefined();
    expect(datasetGuess('zeek.conection')).toBe('zeek.connection');
  });
});

// The production rules of the corpus, inside their checkout (every check on).
const PRODUCTION = HAS_CORPUS
  ? corpusRuleFiles().filter((f) => {
      const t = readFileSync(f, 'utf8');
      return !/maturity = "deprecated"/.test(t);
    })
  : [];

describe.skipIf(!HAS_CORPUS)('the production corpus', () => {
  it('gets no error of these checks, and only the warnings listed', () => {
    const corpus = new Linter({});
    const seen: string[] = [];
    for (const file of PRODUCTION) {
      const text = readFileSync(file, 'utf8');
      // Files with dataset comparisons are linted in full; the others get the schedule check alone. ES|QL
      // rules, and errors of any code in KQL and EQL rules, are already linted in full by esql-corpus and
      // fields-corpus (inside the checkout, so esql-min-stack-version is on there).
      const relevant = /(?:event|data_stream)\.dataset/.test(text) && !/language = "esql"/.test(text);
      const diagnostics = relevant
        ? corpus.lintText(text, file).diagnostics
        : scheduleOnly(text, file);
      for (const d of diagnostics) {
        if (!CODES.has(d.code)) continue;
        seen.push(`${d.severity} ${d.code} ${basename(file)} ${text.slice(d.span.start, d.span.end)}`);
      }
    }
    // The one finding is right: an endgame rule that runs every 2m and looks back 1m leaves 1m gaps.
    expect(seen.sort()).toEqual(['warning rule-schedule privilege_escalation_endgame_process_injection_prevented.toml "now-1m"']);
  }, 600_000);
});

/** The schedule check alone (the other checks have nothing to say of files without a query they read). */
function scheduleOnly(text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  checkSchedule(parseRuleDocument(text, file), (d) => out.push(d));
  return out;
}

// For each check, one change to a real rule gives exactly that diagnostic there, and nothing else new.
describe.skipIf(!HAS_CORPUS)('mutations of corpus rules', () => {
  const corpus = new Linter({});
  const run = (code: string, mutation: Mutation, files: string[], min: number, applies: (text: string) => boolean = () => true) => {
    let tried = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!applies(text)) continue;
      const m = mutate(text, mutation, file);
      if (!m) continue;
      tried++;
      expect(newDiagnostics(corpus, file, text, m), file).toEqual([{ code, span: m.expected }]);
    }
    expect(tried).toBeGreaterThanOrEqual(min);
  };
  const esqlWithVersion = () => PRODUCTION.filter((f) => /language = "esql"/.test(readFileSync(f, 'utf8')) && /min_stack_version/.test(readFileSync(f, 'utf8')));

  it('esql-min-stack-version: min_stack_version lowered below what the query uses', () => {
    run('esql-min-stack-version', { replace: ['metadata', 'min_stack_version'], with: '"8.19.0"' }, esqlWithVersion(), 10, (text) => {
      const q = parseRuleDocument(text, 'x.toml').queries[0];
      return !!q && versionedFeatures(parse(q.text).ast).length > 0;
    });
  }, 300_000);

  // Building blocks are left out: their timing (from, interval) is building-block's to check as well.
  const sample = PRODUCTION.filter((f, i) => i % 60 === 0 && !f.includes('/rules_building_block/'));
  it('rule-schedule: from = now', () => run('rule-schedule', { replace: ['rule', 'from'], with: '"now"' }, sample, 20), 300_000);
  it('rule-schedule: a look-back shorter than the interval', () =>
    run('rule-schedule', { replace: ['rule', 'from'], with: '"now-30s"' }, sample, 20, (t) => /^interval = "(\d+)m"/m.test(t) || !/^interval =/m.test(t)), 300_000);
  it('invalid-rule-value: from that is not date math', () => run('invalid-rule-value', { replace: ['rule', 'from'], with: '"now-6 minutes"' }, sample, 20), 300_000);

  // KQL and EQL (an ES|QL query's KQL() string is not checked for values; ES|QL's own comparisons below).
  const withCategory = PRODUCTION.filter((f) => /event\.category\s*(?:==|:)\s*"?process"?[\s)]/.test(readFileSync(f, 'utf8')) && !/language = "esql"/.test(readFileSync(f, 'utf8'))).filter((_, i) => i % 8 === 0);
  it('invalid-field-value: a categorisation value misspelt (KQL, EQL)', () =>
    run('invalid-field-value', { query: /(?<=event\.category\s*(?:==|:)\s*)("?)process\1(?=[\s)])/, to: (m) => m.replace('process', 'proces') }, withCategory, 10), 300_000);
  it('invalid-field-value in ES|QL', () => {
    const files = PRODUCTION.filter((f) => /language = "esql"/.test(readFileSync(f, 'utf8')));
    run('invalid-field-value', { query: /(?<=event\.category\s*==\s*)"process"/, to: '"proces"' }, files, 3);
  }, 300_000);

  const withDataset = PRODUCTION.filter((f) => /(?:event|data_stream)\.dataset\s*(?:==|:|\bin\b|\bIN\b)[^\n]*(?:okta\.system|gcp\.audit|o365\.audit|github\.audit)/.test(readFileSync(f, 'utf8'))).filter((_, i) => i % 5 === 0);
  it('unknown-dataset: a dataset value misspelt (KQL, EQL, ES|QL)', () =>
    run('unknown-dataset', { query: /("?)(okta\.system|gcp\.audit|o365\.audit|github\.audit)\1(?=[\s),])/, to: (m) => m.replace('.audit', '.audti').replace('.system', '.sytsem') }, withDataset, 10), 300_000);
});

describe('the ES|QL availability data and its generator', () => {
  it('is up to date with its facts file', () => {
    const facts = JSON.parse(readFileSync(FACTS_PATH, 'utf8')).facts;
    expect(readFileSync(DATA_PATH, 'utf8')).toBe(generate(facts));
  });
  it('reads the stack line of an applies_to block, and nothing without a version', () => {
    // Layout pages of our own making, of the form of the reference's.
    expect(parseAppliesTo('## `X`\n```{applies_to}\nstack: preview 9.2.0, ga 9.3.0\nserverless: ga\n```\n')).toEqual({ preview: '9.2.0', ga: '9.3.0' });
    expect(parseAppliesTo('```yaml {applies_to}\nserverless: preview\nstack: preview 9.1\n```')).toEqual({ preview: '9.1.0' });
    expect(parseAppliesTo('```{applies_to}\nstack: preview\n```')).toBeUndefined();
    expect(parseAppliesTo('## `STATS`\nno block')).toBeUndefined();
    expect(commandName('inlinestats-by.md')).toBe('INLINE STATS');
    expect(commandName('lookup-join.md')).toBe('LOOKUP JOIN');
    expect(commandName('change_point.md')).toBe('CHANGE_POINT');
  });
  it('names commands as the command table does', () => {
    const names = new Set(Object.values(COMMANDS).map((c) => c.name));
    for (const f of JSON.parse(readFileSync(FACTS_PATH, 'utf8')).facts) if (f.kind === 'command') expect(names, f.name).toContain(f.name);
  });
});
