import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as esql from '@esql-lint/parser-esql';
import type { LintOptions } from '../src/index.js';
import { linter, lintQuery as lint, queryTable } from './support.js';
import { analyzeEsql } from '../src/esql/index.js';
import { createSchemaProvider } from '@esql-lint/schema';

const P = 'from logs-endpoint.events.process-*';

queryTable('columns from FROM and METADATA', [
  [`${P} | where process.name == "cmd.exe" | keep process.name`, []],
  [`${P} metadata _id, _index | keep _id, _index`, []],
  [`${P} | keep _id`, ['unknown-column _id']],
  [`${P} | where process.nmae == "cmd.exe"`, ['unknown-field process.nmae']],
  [`${P} | where Esql.never_created > 1`, ['unknown-column Esql.never_created']],
]);

queryTable('EVAL and ROW add columns', [
  [`${P} | eval Esql.name = to_lower(process.name) | where Esql.name == "a"`, []],
  [`${P} | where Esql.name == "a" | eval Esql.name = to_lower(process.name)`, ['unknown-column Esql.name']],
  [`${P} | eval Esql.a = 1, Esql.b = Esql.a + 1 | keep Esql.b`, []],
  [`${P} | eval to_lower(process.name) | keep \`to_lower(process.name)\``, []],
  // An unnamed field is named by its whole text, parentheses included (Elasticsearch's visitField).
  [`${P} | eval (to_lower(process.name)) | keep \`(to_lower(process.name))\``, []],
  [`${P} | eval (process.pid) + 1 | keep \`(process.pid) + 1\``, []],
  ['row a = 1, b = "x" | eval c = a + 1 | keep c, b', []],
  ['row a = 1 | keep b', ['unknown-field b']],
]);

queryTable('STATS replaces the columns with its aggregates and BY groups', [
  [`${P} | stats Esql.c = count(*) by host.name | where Esql.c > 1 and host.name == "a"`, []],
  [`${P} | stats Esql.c = count(*) by host.name | keep process.name`, ['unknown-column process.name']],
  [`${P} | stats count(*) by host.name | where \`count(*)\` > 5`, []],
  [`${P} | stats (count(*)) by (to_lower(host.name)) | keep \`(count(*))\`, \`(to_lower(host.name))\``, []],
  [`${P} | stats Esql.c = count(*) | keep host.name`, ['unknown-column host.name']],
  [`${P} | stats Esql.c = count(*) by Esql.t = bucket(@timestamp, 1 hour) | keep Esql.t, Esql.c`, []],
  [`${P} | inline stats Esql.c = count(*) by host.name | where process.name == "a" and Esql.c > 1`, []],
]);

queryTable('RENAME, DROP and KEEP remove columns', [
  [`${P} | rename process.name as Esql.pname | keep Esql.pname`, []],
  [`${P} | rename Esql.pname = process.name | keep Esql.pname`, []],
  [`${P} | rename process.name as Esql.pname | keep process.name`, ['unknown-column process.name']],
  [`${P} | drop process.name | where process.name == "a"`, ['unknown-column process.name']],
  [`${P} | eval Esql.a = 1, Esql.b = 2 | drop Esql.* | keep Esql.a`, ['unknown-column Esql.a']],
  [`${P} | eval Esql.a = 1 | keep Esql.* | where Esql.a > 0`, []],
  [`${P} | eval Esql.a = 1 | keep Esql.* | where host.name == "a"`, ['unknown-column host.name']],
  [`${P} | keep host.* | where host.name == "a"`, []],
  [`${P} | keep host.name | where process.name == "a"`, ['unknown-column process.name']],
  [`${P} | stats Esql.c = count(*) | keep Foo*`, ['unknown-column Foo*']],
  [`${P} | drop nosuch.field`, ['unknown-field nosuch.field']],
]);

queryTable('DISSECT, GROK, MV_EXPAND', [
  [`${P} | dissect process.command_line "%{Esql.exe} %{?skip} %{Esql.arg}" | keep Esql.exe, Esql.arg`, []],
  [`${P} | dissect process.command_line "%{Esql.exe} %{?skip}" | keep skip`, ['unknown-field skip']],
  [`${P} | grok process.command_line "%{NUMBER:Esql.n:int} %{WORD:Esql.w}" | eval Esql.m = Esql.n + 1 | keep Esql.m, Esql.w`, []],
  [`${P} | grok process.command_line "%{NUMBER:Esql.n:int}" | where Esql.n == "a"`, ['incompatible-types Esql.n == "a"']],
  [`${P} | grok process.pid "%{WORD:Esql.w}"`, ['incompatible-types process.pid']],
  [`${P} | mv_expand process.args | keep process.args`, []],
  [`${P} | mv_expand process.argz`, ['unknown-field process.argz']],
]);

queryTable('ENRICH, LOOKUP JOIN, CHANGE_POINT, COMPLETION, RERANK, FORK', [
  [`${P} | enrich hosts_policy on host.name with Esql.owner = owner | keep Esql.owner`, []],
  [`${P} | enrich hosts_policy on host.name | keep anything_from_the_policy`, []],
  [`${P} | enrich hosts_policy on host.nmae`, ['unknown-field host.nmae']],
  [`${P} | lookup join threat_intel on host.name | keep any_lookup_column`, []],
  [`${P} | stats Esql.c = count(*) by Esql.t = bucket(@timestamp, 1 hour) | change_point Esql.c on Esql.t | where type == "spike" and pvalue < 0.01`, []],
  [`${P} | stats Esql.c = count(*) by Esql.t = bucket(@timestamp, 1 hour) | change_point Esql.c on Esql.t as Esql.type, Esql.p | keep Esql.type, Esql.p`, []],
  [`${P} | completion Esql.answer = "prompt" with {"inference_id": "x"} | keep Esql.answer`, []],
  [`${P} | rerank "query" on process.name with {"inference_id": "x"} | keep _score`, []],
  [`${P} | fork (where process.name == "a") (eval Esql.x = 1) | keep _fork, Esql.x`, []],
]);

queryTable('functions: unknown, argument counts, signatures, casts', [
  [`${P} | eval Esql.x = lowercase(process.name)`, ['unknown-function lowercase']],
  [`${P} | eval Esql.x = to_lowr(process.name)`, ['unknown-function to_lowr']],
  [`${P} | eval Esql.x = substring(process.name)`, ['wrong-argument-count substring(process.name)']],
  [`${P} | eval Esql.x = to_lower(process.name, "a")`, ['wrong-argument-count to_lower(process.name, "a")']],
  [`${P} | eval Esql.x = to_lower(process.pid)`, ['no-matching-signature process.pid']],
  [`${P} | eval Esql.x = substring(process.name, 1, 3), Esql.y = concat(process.name, "-", host.name)`, []],
  [`${P} | eval Esql.x = date_trunc(1 hour, @timestamp), Esql.d = date_diff("day", @timestamp, now())`, []],
  [`${P} | where cidr_match(host.ip, "10.0.0.0/8") and to_ip("10.0.0.1") == host.ip`, []],
  [`${P} | eval Esql.x = process.pid::keyword, Esql.y = "1.2.3.4"::ip, Esql.z = process.pid::long`, []],
  [`${P} | eval Esql.x = host.ip::boolean`, ['no-matching-signature host.ip::boolean']],
  [`${P} | eval Esql.x = case(process.name == "a", 1, process.name == "b", 2, 0) | where Esql.x > 0`, []],
  [`${P} | eval Esql.x = case(process.name, 1, 0)`, ['incompatible-types process.name']],
  [`${P} | eval Esql.x = coalesce(process.name, host.name, "none"), Esql.n = mv_count(process.args)`, []],
]);

queryTable('comparisons and operators', [
  [`from logs-system.security-* | where event.code == 4625`, ['incompatible-types event.code == 4625']],
  [`from logs-system.security-* | where event.code == "4625"`, []],
  [`${P} | where @timestamp > "2024-01-01" and host.ip == "10.0.0.1" and process.pid > 4`, []],
  [`${P} | where process.pid == "1"`, ['incompatible-types process.pid == "1"']],
  [`${P} | where @timestamp > now() - 1 day and @timestamp < now() - 30 minutes`, []],
  [`${P} | eval Esql.t = @timestamp + 5`, ['incompatible-types @timestamp + 5']],
  [`${P} | where process.pid in (1, 2)`, []],
  [`from logs-system.security-* | where event.code in (1, "2")`, ['incompatible-types 1']],
  [`${P} | where process.pid like "1*"`, ['incompatible-types process.pid']],
  [`${P} | where process.name like "cmd*" and process.command_line rlike ".*-enc.*"`, []],
  [`${P} | where process.name`, ['incompatible-types process.name']],
  [`${P} | where not process.name`, ['incompatible-types process.name']],
  [`${P} | where process.name is not null and not (process.pid > 1)`, []],
]);

queryTable('aggregates and grouping functions', [
  [`${P} | eval Esql.n = count(*)`, ['aggregate-misuse count']],
  [`${P} | where count(*) > 1`, ['aggregate-misuse count']],
  [`${P} | stats Esql.x = process.pid + 1`, ['aggregate-misuse process.pid']],
  [`${P} | stats Esql.c = count(*) * 2, Esql.m = max(process.pid) - min(process.pid) by host.name`, []],
  [`${P} | stats Esql.c = count(*) + process.pid`, ['aggregate-misuse process.pid']],
  [`${P} | stats Esql.c = count(*) + 1 by process.pid | keep Esql.c`, []],
  [`${P} | stats Esql.m = max(count(*))`, ['aggregate-misuse count']],
  [`${P} | stats Esql.c = count(*) by Esql.n = count(*)`, ['aggregate-misuse count']],
  [`${P} | eval Esql.b = bucket(@timestamp, 1 hour)`, ['aggregate-misuse bucket']],
  [`${P} | stats Esql.c = count(*) where process.name == "a" by host.name`, []],
  [`${P} | stats Esql.v = values(process.name), Esql.d = count_distinct(host.name) by user.name`, []],
]);

/** A detection rule of type esql around `query`, plus extra TOML lines after it (in [rule]). */
function rule(query: string, extra = ''): string {
  return [
    '[metadata]',
    'maturity = "production"',
    '',
    '[rule]',
    'name = "t"',
    'type = "esql"',
    'language = "esql"',
    `query = '''\n${query}\n'''`,
    extra,
    '',
  ].join('\n');
}

const RULE_OK = `${P} metadata _id, _version, _index\n| where process.name == "cmd.exe"\n| keep _id, _version, _index, process.name`;

describe('detection-rules checks on [rule] documents', () => {
  const cases: Array<[string, string, string[], LintOptions?]> = [
    ['a complete non-aggregating rule', rule(RULE_OK), []],
    ['no KEEP', rule(`${P} metadata _id, _version, _index\n| where process.name == "cmd.exe"`), [`esql-missing-keep ${P} metadata _id, _version, _index`]],
    ['no METADATA', rule(`${P}\n| keep process.name`), [`esql-missing-metadata ${P}`]],
    ['METADATA incomplete', rule(`${P} metadata _id\n| keep _id, process.name`), [`esql-missing-metadata ${P} metadata _id`]],
    ['KEEP drops _version (only _id must be returned)', rule(`${P} metadata _id, _version, _index\n| keep _id, _index, process.name`), []],
    ['KEEP drops _id', rule(`${P} metadata _id, _version, _index\n| keep _version, _index, process.name`), ['esql-missing-metadata keep _version, _index, process.name']],
    ['aggregating rules need no METADATA', rule(`${P}\n| stats Esql.c = count(*) by host.name\n| keep host.name, Esql.c`), []],
    ['naming is off outside a checkout', rule(`${P}\n| stats event_count = count(*) by host.name\n| keep host.name, event_count`), []],
    ['naming when turned on', rule(`${P}\n| stats event_count = count(*) by host.name\n| keep host.name, event_count`), ['esql-column-naming event_count'], { rules: { 'esql-column-naming': 'warning' } }],
    ['naming: a schema field of another type', rule(`${P}\n| stats host.name = count(*) by user.name\n| keep host.name, user.name`), ['esql-column-naming host.name'], { rules: { 'esql-column-naming': 'warning' } }],
    ['naming: KEEP * is not checked', rule(`${P} metadata _id, _version, _index\n| eval pname = to_lower(process.name)\n| keep *`), [], { rules: { 'esql-column-naming': 'warning' } }],
    ['index that differs from FROM', rule(RULE_OK, 'index = ["logs-windows.*"]'), ['esql-index-mismatch "logs-windows.*"']],
    ['index equal to FROM', rule(RULE_OK, 'index = ["logs-endpoint.events.process-*"]'), ['esql-index-mismatch ["logs-endpoint.events.process-*"]']],
    [
      'investigation_fields: output columns, schema fields, unknown names',
      rule(`${P}\n| stats Esql.c = count(*) by host.name\n| keep host.name, Esql.c`, '[rule.investigation_fields]\nfield_names = ["host.name", "Esql.c", "user.name", "Esql.*", "nothing_like_it"]'),
      ['unknown-investigation-field nothing_like_it'],
    ],
    [
      'required_fields: names and types',
      rule(`${P}\n| stats Esql.c = count(*) by host.name\n| keep host.name, Esql.c`, 'required_fields = [{name = "host.name", type = "keyword"}, {name = "Esql.c", type = "keyword"}, {name = "user.name", type = "keyword"}, {name = "host.nmae", type = "keyword"}]'),
      ['unknown-field Esql.c', 'unknown-column user.name', 'unknown-field host.nmae'],
    ],
    [
      'required_fields: wrong type of an index field',
      rule(RULE_OK, 'required_fields = [{name = "process.name", type = "long"}]'),
      ['type-mismatch "long"'],
    ],
    ['raw .esql files get no rule checks', '', []],
  ];
  it.each(cases)('%s', (_name, text, expected, options) => {
    const path = text ? 'rule.toml' : 'q.esql';
    expect(lint(text || `${P} | where process.name == "a"`, path, options)).toEqual(expected);
  });

  it('turns naming on by default inside a detection-rules checkout', () => {
    const root = mkdtempSync(join(tmpdir(), 'esql-lint-checkout-'));
    mkdirSync(join(root, 'detection_rules', 'etc'), { recursive: true });
    // What makes a checkout for the schema layer: its stack-schema-map.
    writeFileSync(join(root, 'detection_rules', 'etc', 'stack-schema-map.yaml'), '"9.2.0":\n  beats: "9.2.0"\n  ecs: "9.2.0"\n');
    mkdirSync(join(root, 'rules'));
    const file = join(root, 'rules', 'r.toml');
    const text = rule(`${P}\n| stats event_count = count(*) by host.name\n| keep host.name, event_count`);
    writeFileSync(file, text);
    expect(lint(text, file).filter((d) => d.startsWith('esql-column-naming'))).toEqual(['esql-column-naming event_count']);
    expect(lint(text, file, { rules: { 'esql-column-naming': 'off' } }).filter((d) => d.startsWith('esql-column-naming'))).toEqual([]);
  });
});

describe('analyzeEsql', () => {
  const schema = createSchemaProvider().resolve({ language: 'esql', index: ['logs-endpoint.events.process-*'] });
  const analyze = (text: string) => analyzeEsql(esql.parse(text).ast, schema, { text });

  it('gives the output columns with their types', () => {
    const a = analyze(`${P} metadata _id | stats Esql.c = count(*), Esql.n = values(process.name) by host.name, Esql.t = bucket(@timestamp, 1 hour)`);
    expect([...a.columns.values()].map((c) => `${c.name}:${c.type}:${c.origin}`)).toEqual([
      'Esql.c:long:created', 'Esql.n:keyword:created', 'host.name:keyword:schema', 'Esql.t:date:created',
    ]);
    expect(a.includesSchemaFields).toBe(false);
    expect(a.aggregating).toBe(true);
    expect(a.hasColumn('process.name')).toBe(false);
  });

  it('keeps the schema fields (not listed) until KEEP or STATS', () => {
    const a = analyze(`${P} metadata _id, _version | eval Esql.pid = process.pid * 2`);
    expect(a.includesSchemaFields).toBe(true);
    expect(a.columnType('process.pid')).toBe('long');
    expect(a.columnType('Esql.pid')).toBe('long');
    expect(a.columnType('_id')).toBe('keyword');
    expect(a.columnType('_version')).toBe('long');
    expect(a.columnType('no.such.field')).toBeUndefined();
    expect(a.metadata).toEqual(new Set(['_id', '_version']));
  });

  it('records every read with its type, and says when the output is open', () => {
    const a = analyze(`${P} | where process.name == "a" | lookup join idx on host.name`);
    expect(a.reads.map((r) => `${r.name}:${r.type}`)).toEqual(['process.name:keyword', 'host.name:keyword']);
    expect(a.open).toBe(true);
    expect(a.hasColumn('whatever')).toBe(true);
  });
});

queryTable('commands that create data-dependent prefix.* columns (URI_PARTS, REGISTERED_DOMAIN, USER_AGENT, IP_LOCATION)', [
  [`${P} | user_agent ua = user_agent.original | eval Esql.n = ua.name | keep Esql.n, ua.os.name`, []],
  [`${P} | ip_location geo = source.ip | keep geo.country_iso_code`, []],
  [`${P} | uri_parts u = url.original | keep u.domain`, []],
  [`${P} | user_agent ua = user_agent.orignal`, ['unknown-field user_agent.orignal']],
]);

queryTable('a command with a syntax error reports that error, not the type errors of its partial tree', [
  [`${P} | where process.name = "x"`, ['syntax-error =']],
  [`${P} | where process.name = "x" | eval y = to_lowr(process.name)`, ['syntax-error =', 'unknown-function to_lowr']],
]);

queryTable('messages use the right article', [
  [`${P} | eval x = to_lower(1)`, ['no-matching-signature 1']],
]);

it('says "an integer value"', () => {
  const d = linter.lintText(`${P} | eval x = to_lower(1)`, 'q.esql').diagnostics.find((x) => x.code === 'no-matching-signature')!;
  expect(d.message).toContain('does not take an integer value');
});
