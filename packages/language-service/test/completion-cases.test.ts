/**
 * Completion as data: rule texts with a `<|>` cursor, and what the list must hold there (classes, order,
 * snippets, documentation, case). The rules are written for these tests (no corpus text).
 */
import { describe, expect, it } from 'vitest';
import { createLanguageService, type CompletionItem, type CompletionKind } from '../src/index.js';
import { cursor } from './support.js';

const service = createLanguageService({ noConfig: true });
const FILE = '/virtual/rules/aws_test_rule.toml';

/** An AWS CloudTrail rule of the given language. */
function awsRule(language: 'esql' | 'eql' | 'kuery', query: string): string {
  const type = language === 'kuery' ? 'query' : language;
  const index = language === 'esql' ? '' : 'index = ["logs-aws.cloudtrail-*", "filebeat-*"]\n';
  return `[metadata]\ncreation_date = "2025/01/01"\nintegration = ["aws"]\nmaturity = "production"\n\n[rule]\nauthor = ["esql-lint tests"]\ndescription = "Test rule."\n${index}language = "${language}"\nname = "Test rule"\nrisk_score = 21\nrule_id = "00000000-0000-0000-0000-000000000000"\nseverity = "low"\ntype = "${type}"\nquery = '''\n${query}\n'''\n`;
}

const ESQL_HEAD = 'from logs-aws.cloudtrail-* metadata _id, _version, _index\n| where event.dataset == "aws.cloudtrail" and event.provider == "iam.amazonaws.com"\n| eval Esql.time_window = date_trunc(5 minutes, @timestamp)';

const LONG_OR = Array.from({ length: 40 }, (_, i) => `process.name == "p${i}.exe"`).join(' or ');
const LONG_EQL_OR = Array.from({ length: 40 }, (_, i) => `process.name : "p${i}.exe"`).join(' or ');
const LONG_KQL_OR = Array.from({ length: 40 }, (_, i) => `process.name : "p${i}.exe"`).join(' or ');

interface Case {
  name: string;
  marked: string;
  /** Items that must be there: [kind, label]. */
  present?: Array<[CompletionKind, string]>;
  /** Labels that must not be there. */
  absent?: string[];
  /** The list is empty. */
  none?: boolean;
  /** Every one of the first `n` labels matches. */
  top?: { n: number; match: RegExp };
  /** The first labels, in this order. */
  first?: string[];
  /** [a, b]: a comes before b. */
  before?: Array<[string, string]>;
  /** [label, insertText] */
  snippet?: Array<[string, string]>;
  /** [label, text the documentation holds] */
  documented?: Array<[string, string]>;
  /** Classes present. */
  kinds?: CompletionKind[];
  /** Classes absent. */
  noKinds?: CompletionKind[];
}

const cases: Case[] = [
  // ---------------------------------------------------------------- ES|QL
  {
    name: 'ES|QL after `| where `: the query\'s columns and fields it uses, then the CloudTrail fields; functions too',
    marked: awsRule('esql', `${ESQL_HEAD}\n| where <|>`),
    top: { n: 10, match: /^(Esql\.|aws\.|event\.|@timestamp|actor\.|data_stream\.)/ },
    first: ['Esql.time_window'],
    before: [['event.provider', 'aws.cloudtrail.user_identity.arn'], ['@timestamp', 'aws.cloudtrail.user_identity.arn']],
    present: [['function', 'starts_with'], ['function', 'cidr_match'], ['keyword', 'not'], ['field', 'aws.cloudtrail.user_identity.arn']],
    absent: ['avg', 'count', 'bucket'],
    documented: [['starts_with', 'Returns a boolean'], ['Esql.time_window', 'created by the query'], ['aws.cloudtrail.user_identity.arn', 'aws.cloudtrail']],
    snippet: [['starts_with', 'starts_with($1)']],
  },
  {
    name: 'ES|QL `| where `: boolean functions before the others',
    marked: awsRule('esql', `${ESQL_HEAD}\n| where <|>`),
    before: [['starts_with', 'abs'], ['cidr_match', 'concat']],
  },
  {
    name: 'ES|QL after `| stats `: a new column, aggregates first, BY; no field before the functions',
    marked: awsRule('esql', `${ESQL_HEAD}\n| stats <|>`),
    first: ['Esql.col0 ='],
    present: [['function', 'count'], ['function', 'count_distinct'], ['function', 'values'], ['function', 'round'], ['keyword', 'by']],
    before: [['count', 'abs'], ['values', 'round']],
    absent: ['bucket', 'categorize', '|'],
    snippet: [['Esql.col0 =', 'Esql.${1:col0} = '], ['count', 'count($1)']],
    documented: [['count', 'Returns the total number'], ['count', 'aggregate function']],
  },
  {
    name: 'ES|QL after `| stats x = count() by `: columns and fields, grouping functions; no aggregate',
    marked: awsRule('esql', `${ESQL_HEAD}\n| stats x = count() by <|>`),
    present: [['column', 'Esql.time_window'], ['field', 'aws.cloudtrail.user_identity.arn'], ['function', 'bucket'], ['function', 'categorize']],
    absent: ['count', 'avg', 'values'],
    top: { n: 10, match: /^(Esql\.|aws\.|event\.|@timestamp|actor\.)/ },
  },
  {
    name: 'ES|QL inside `count(`: `*` first, then fields; no aggregate inside an aggregate',
    marked: awsRule('esql', `${ESQL_HEAD}\n| stats x = count(<|>`),
    first: ['*'],
    present: [['field', 'event.provider'], ['function', 'to_lower']],
    absent: ['count', 'avg'],
  },
  {
    name: 'ES|QL `| eval y = date_trunc(`: time spans for the constant interval',
    marked: awsRule('esql', `${ESQL_HEAD}\n| eval y = date_trunc(<|>`),
    present: [['value', '1 hour'], ['value', '1 day']],
    kinds: ['value'],
    noKinds: ['field', 'function'],
  },
  {
    name: 'ES|QL `date_trunc(1 hour, `: date columns and fields, functions returning dates only',
    marked: awsRule('esql', `${ESQL_HEAD}\n| eval y = date_trunc(1 hour, <|>`),
    present: [['column', 'Esql.time_window'], ['field', '@timestamp'], ['function', 'now'], ['function', 'to_datetime']],
    absent: ['event.provider', 'to_lower', 'length', 'count'],
  },
  {
    name: 'ES|QL inside `round(`: numeric fields and functions returning numbers',
    marked: awsRule('esql', 'from logs-* | eval x = round(<|>'),
    present: [['function', 'length'], ['function', 'abs']],
    absent: ['to_lower', 'host.name', 'count', 'starts_with'],
  },
  {
    name: 'ES|QL after a finished expression: `,` and `|` first',
    marked: awsRule('esql', 'from logs-* | eval y = date_trunc(1 hour, @timestamp) <|>'),
    first: [',', '|'],
    absent: ['.', '(', 'host.name', 'abs'],
  },
  {
    name: 'ES|QL inside a string: nothing',
    marked: awsRule('esql', 'from logs-* | where process.name == "cmd<|>'),
    none: true,
  },
  {
    name: 'ES|QL inside a comment: nothing',
    marked: awsRule('esql', 'from logs-*\n// where pro<|>\n| limit 1'),
    none: true,
  },
  {
    name: 'ES|QL after `from `: the integration data streams, the rule\'s first',
    marked: awsRule('esql', 'from <|>'),
    first: ['logs-aws.cloudtrail-*'],
    present: [['value', 'logs-aws.vpcflow-*'], ['value', 'logs-endpoint.events.process-*']],
    noKinds: ['field', 'function'],
  },
  {
    name: 'ES|QL after `from logs-* `: METADATA, `,` and `|`',
    marked: awsRule('esql', 'from logs-* <|>'),
    first: ['metadata'],
    present: [['operator', '|']],
  },
  {
    name: 'ES|QL after METADATA: the metadata fields not listed yet',
    marked: awsRule('esql', 'from logs-* metadata _id, <|>'),
    present: [['field', '_index'], ['field', '_version']],
    absent: ['_id', 'host.name'],
  },
  {
    name: 'ES|QL after `| `: release-build commands with documentation, in the query\'s case',
    marked: awsRule('esql', 'from logs-* | <|>'),
    present: [['keyword', 'where'], ['keyword', 'stats'], ['keyword', 'eval'], ['keyword', 'lookup join'], ['keyword', 'inline stats']],
    absent: ['dedup', 'mmr', 'ts_info', 'left join', 'from', 'row', 'WHERE'],
    snippet: [['stats', 'stats ${1:Esql.count} = ${2:count(*)} by ${3:host.name}'], ['where', 'where ']],
    documented: [['where', 'Keeps only the rows'], ['stats', 'https://www.elastic.co/docs/reference/query-languages/esql/commands/stats']],
    noKinds: ['field', 'function'],
  },
  {
    name: 'ES|QL after `| ` in an upper-case query: upper-case commands',
    marked: awsRule('esql', 'FROM logs-* | <|>'),
    present: [['keyword', 'WHERE'], ['keyword', 'STATS']],
    absent: ['where'],
    snippet: [['STATS', 'STATS ${1:Esql.count} = ${2:COUNT(*)} BY ${3:host.name}']],
  },
  {
    name: 'ES|QL multi-word keywords after a column in WHERE',
    marked: awsRule('esql', 'from logs-* | where user.name <|>'),
    present: [['keyword', 'is not null'], ['keyword', 'is null'], ['keyword', 'in ('], ['keyword', 'not in ('], ['keyword', 'like'], ['operator', '==']],
    absent: ['is', 'nulls', 'host.name'],
    before: [['==', 'and'], ['is not null', 'and']],
  },
  {
    name: 'ES|QL after a comparison: AND / OR and `|` first',
    marked: awsRule('esql', 'from logs-* | where user.name == "a" <|>'),
    first: ['and', 'or', '|'],
  },
  {
    name: 'ES|QL SORT: ASC, DESC, NULLS FIRST / LAST as one item each',
    marked: awsRule('esql', 'from logs-* | sort @timestamp <|>'),
    first: ['asc', 'desc', 'nulls first', 'nulls last', ',', '|'],
    absent: ['nulls', 'first'],
  },
  {
    name: 'ES|QL KEEP after STATS: the STATS columns, backquoted when needed',
    marked: awsRule('esql', 'from logs-* | stats avg(process.pid), Esql.c = count(*) by host.name | keep <|>'),
    present: [['column', 'avg(process.pid)'], ['column', 'Esql.c'], ['field', 'host.name']],
    absent: ['process.name', 'user.name'],
    snippet: [['avg(process.pid)', '`avg(process.pid)`']],
  },
  {
    name: 'ES|QL KEEP: columns already listed are not offered again',
    marked: awsRule('esql', 'from logs-* | keep host.name, <|>'),
    present: [['field', '@timestamp']],
    absent: ['host.name', 'abs'],
  },
  {
    name: 'ES|QL after `RENAME x AS `: nothing (a new name)',
    marked: awsRule('esql', 'from logs-* | rename host.name as <|>'),
    none: true,
  },
  {
    name: 'ES|QL inside an unknown function: nothing',
    marked: awsRule('esql', 'from logs-* | eval x = no_such_function(<|>'),
    none: true,
  },
  {
    name: 'ES|QL allowed values after `event.category == `',
    marked: awsRule('esql', 'from logs-* | where event.category == <|>'),
    present: [['value', '"process"'], ['value', '"iam"']],
    noKinds: ['field', 'function'],
    documented: [['"iam"', 'Identity and access management']],
  },
  {
    name: 'ES|QL dataset values after `event.dataset IN (`: the rule\'s data streams first',
    marked: awsRule('esql', 'from logs-aws.cloudtrail-* | where event.dataset in (<|>'),
    first: ['"aws.cloudtrail"'],
    present: [['value', '"okta.system"']],
  },
  {
    name: 'ES|QL odd field names are inserted in backquotes',
    marked: awsRule('esql', 'from logs-* | eval `my col` = 1 | where my<|>'),
    snippet: [['my col', '`my col`']],
  },
  // Long queries: what comes next is computed on the end of the expression only; the answers must not change.
  {
    name: 'ES|QL long WHERE: keywords after a column at the end of a long condition',
    marked: awsRule('esql', `from logs-* | where ${LONG_OR} and user.name <|>`),
    present: [['keyword', 'is not null'], ['keyword', 'in ('], ['operator', '==']],
    absent: ['host.name'],
  },
  {
    name: 'ES|QL long EVAL CASE: fields and functions in the next argument',
    marked: awsRule('esql', `from logs-* | eval Esql.x = case(${LONG_OR}, "a", <|>`),
    present: [['field', '@timestamp'], ['function', 'to_lower']],
  },
  {
    name: 'ES|QL long STATS BY',
    marked: awsRule('esql', `from logs-* | stats Esql.c = count(*) where ${LONG_OR} by <|>`),
    present: [['function', 'bucket'], ['field', '@timestamp']],
    absent: ['count'],
  },
  // ---------------------------------------------------------------- KQL
  {
    name: 'KQL after `and `: fields the query uses first, then the CloudTrail fields; and/or/not',
    marked: awsRule('kuery', 'event.dataset : "aws.cloudtrail" and event.provider : "iam.amazonaws.com" and <|>'),
    first: ['event.dataset', 'event.provider'],
    top: { n: 10, match: /^(event\.|aws\.|actor\.|@timestamp)/ },
    present: [['keyword', 'not']],
    documented: [['event.provider', 'Source of the event']],
  },
  {
    name: 'KQL after `field: `: the existence wildcard; no field names',
    marked: awsRule('kuery', 'process.name: <|>'),
    present: [['operator', '*']],
    noKinds: ['field'],
  },
  {
    name: 'KQL after `event.category: `: the ECS allowed values, quoted',
    marked: awsRule('kuery', 'event.category: <|>'),
    present: [['value', 'process'], ['value', 'iam'], ['value', 'network']],
    noKinds: ['field'],
    snippet: [['iam', '"iam"']],
  },
  {
    name: 'KQL inside a string: nothing',
    marked: awsRule('kuery', 'process.name : "cmd<|>'),
    none: true,
  },
  {
    name: 'KQL keywords follow the query\'s case',
    marked: awsRule('kuery', 'event.category : "process" AND process.name : "a" <|>'),
    present: [['keyword', 'AND'], ['keyword', 'OR']],
    absent: ['and'],
  },
  // ---------------------------------------------------------------- EQL
  {
    name: 'EQL after `where `: fields, functions with documentation, keywords',
    marked: awsRule('eql', 'any where <|>'),
    top: { n: 5, match: /^(aws\.|actor\.|@timestamp)/ },
    present: [['function', 'stringContains'], ['function', 'startsWith'], ['keyword', 'not'], ['field', '@timestamp']],
    documented: [['stringContains', 'contains the substring']],
    snippet: [['stringContains', 'stringContains($1)']],
  },
  {
    name: 'EQL after `sequence by `: fields',
    marked: awsRule('eql', 'sequence by <|>'),
    kinds: ['field'],
    present: [['field', '@timestamp']],
  },
  {
    name: 'EQL before `where`: the event categories',
    marked: awsRule('eql', '<|>'),
    first: ['any', 'process', 'file', 'network'],
    present: [['value', 'iam'], ['keyword', 'sequence by'], ['keyword', 'sample by']],
    noKinds: ['field', 'function'],
    snippet: [['process', 'process where '], ['sequence by', 'sequence by ${1:host.id}\n  [${2:process} where ${3:true}]\n  [${4:process} where ${5:true}]']],
  },
  {
    name: 'EQL in a sequence, after `[`: the event categories',
    marked: awsRule('eql', 'sequence by host.id [<|>'),
    first: ['any', 'process'],
    noKinds: ['field'],
  },
  {
    name: 'EQL after `sequence `: by and `with maxspan=`',
    marked: awsRule('eql', 'sequence <|>'),
    present: [['keyword', 'by'], ['keyword', 'with maxspan=']],
    snippet: [['with maxspan=', 'with maxspan=${1:1m}']],
  },
  {
    name: 'EQL inside `stringContains(`: fields',
    marked: awsRule('eql', 'any where stringContains(<|>'),
    present: [['field', '@timestamp'], ['function', 'concat']],
  },
  {
    name: 'EQL after `|`: the pipes Elasticsearch runs',
    marked: awsRule('eql', 'any where true | <|>'),
    present: [['keyword', 'head'], ['keyword', 'tail']],
    absent: ['unique', 'filter'],
  },
  {
    name: 'EQL allowed values after `event.type : `',
    marked: awsRule('eql', 'any where event.type : <|>'),
    present: [['value', '"creation"'], ['value', '"change"']],
    noKinds: ['field'],
  },
  {
    name: 'EQL long sequence: categories in the next query',
    marked: awsRule('eql', `sequence by host.id [process where ${LONG_EQL_OR}] [file where true] [<|>`),
    first: ['any', 'process'],
  },
  {
    name: 'EQL long sequence: keywords after a field in the last query',
    marked: awsRule('eql', `sequence by host.id [process where ${LONG_EQL_OR}] [file where file.name <|>`),
    present: [['keyword', 'like'], ['keyword', 'in'], ['operator', ':']],
    noKinds: ['field'],
  },
  {
    name: 'EQL long sequence: after the last query, until and `|`',
    marked: awsRule('eql', `sequence by host.id [process where ${LONG_EQL_OR}] [file where true] <|>`),
    present: [['keyword', 'until'], ['operator', '[']],
  },
  {
    name: 'KQL long query: and / or after a value',
    marked: awsRule('kuery', `${LONG_KQL_OR} and process.name : "x" <|>`),
    present: [['keyword', 'and'], ['keyword', 'or']],
  },
  {
    name: 'EQL inside a string: nothing',
    marked: awsRule('eql', 'process where process.name == "cmd<|>'),
    none: true,
  },
];

function label(items: CompletionItem[]): string {
  return items.slice(0, 25).map((i) => `${i.kind}:${i.label}`).join(', ');
}

describe('completion cases', () => {
  it.each(cases)('$name', (c) => {
    const { text, offset } = cursor(c.marked);
    const { items } = service.completions(FILE, text, offset);
    const sorted = [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    const labels = sorted.map((i) => i.label);
    if (c.none) expect(items, label(sorted)).toEqual([]);
    for (const [kind, l] of c.present ?? []) expect(sorted.some((i) => i.kind === kind && i.label === l), `${kind}:${l} in ${label(sorted)}`).toBe(true);
    for (const l of c.absent ?? []) expect(labels.includes(l), `${l} absent from ${label(sorted)}`).toBe(false);
    if (c.top) {
      const top = labels.slice(0, c.top.n);
      expect(top.length).toBe(c.top.n);
      for (const l of top) expect(l, `top ${c.top.n}: ${top.join(', ')}`).toMatch(c.top.match);
    }
    if (c.first) expect(labels.slice(0, c.first.length)).toEqual(c.first);
    for (const [a, b] of c.before ?? []) {
      expect(labels.indexOf(a), `${a} in ${label(sorted)}`).toBeGreaterThanOrEqual(0);
      expect(labels.indexOf(a), `${a} before ${b}`).toBeLessThan(labels.indexOf(b) < 0 ? Infinity : labels.indexOf(b));
    }
    for (const [l, insert] of c.snippet ?? []) expect(sorted.find((i) => i.label === l)?.insertText, l).toBe(insert);
    for (const [l, doc] of c.documented ?? []) expect(sorted.find((i) => i.label === l)?.documentation ?? '', l).toContain(doc);
    for (const k of c.kinds ?? []) expect(items.some((i) => i.kind === k), `kind ${k}`).toBe(true);
    for (const k of c.noKinds ?? []) expect(items.filter((i) => i.kind === k).map((i) => i.label), `no ${k}`).toEqual([]);
  });

  it('filters on the typed prefix server-side and marks long lists incomplete', () => {
    const all = cursor(awsRule('esql', `${ESQL_HEAD}\n| where <|>`));
    const list = service.completions(FILE, all.text, all.offset);
    expect(list.incomplete).toBe(true);
    // Every class is there despite the long field list.
    for (const k of ['field', 'column', 'function', 'keyword'] as const) expect(list.items.some((i) => i.kind === k), k).toBe(true);
    const typed = cursor(awsRule('esql', `${ESQL_HEAD}\n| where aws.cloudtrail.user_id<|>`));
    const narrow = service.completions(FILE, typed.text, typed.offset);
    expect(narrow.items.length).toBeGreaterThan(0);
    for (const i of narrow.items) expect(i.label.toLowerCase()).toContain('aws.cloudtrail.user_id');
    expect(narrow.incomplete).toBe(false);
  });

  it('a dotted segment matches too: `arn` finds aws.cloudtrail.user_identity.arn', () => {
    const { text, offset } = cursor(awsRule('esql', `${ESQL_HEAD}\n| where arn<|>`));
    expect(service.completions(FILE, text, offset).items.map((i) => i.label)).toContain('aws.cloudtrail.user_identity.arn');
  });

  it('snapshot builds offer snapshot-only commands and functions; release builds do not', () => {
    const snapshot = createLanguageService({ noConfig: true, overrides: { snapshot: true } });
    const { text, offset } = cursor(awsRule('esql', 'from logs-* | <|>'));
    const labels = snapshot.completions(FILE, text, offset).items.map((i) => i.label);
    expect(labels).toContain('dedup');
    expect(labels).toContain('where');
    expect(service.completions(FILE, text, offset).items.map((i) => i.label)).not.toContain('dedup');
  });
});

describe('the editor side of the ES|QL command table', () => {
  it('documents every command of the linter\'s table, with the same kind', async () => {
    const { COMMANDS } = await import('@esql-lint/linter');
    const { esqlCommand } = await import('../src/esql-commands.js');
    for (const spec of Object.values(COMMANDS)) {
      if (!spec.name) continue;
      const info = esqlCommand(spec.name);
      expect(info, spec.name).toBeDefined();
      expect(info!.source, spec.name).toBe(spec.kind === 'source');
      expect(info!.doc.length, spec.name).toBeGreaterThan(10);
    }
  });
});
