/** Signature help and hover as data, per language: rule texts with a `<|>` cursor. */
import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../src/index.js';
import { cursor, eqlRule, esqlRule, kqlRule } from './support.js';

const service = createLanguageService({ noConfig: true, ruleDocsBase: 'https://example.test/docs/rules/' });
const FILE = '/virtual/rules/test_rule.toml';

interface SignatureCase {
  name: string;
  marked: string;
  /** The active signature's label. */
  active: string;
  /** The active parameter's text in that label. */
  parameter: string;
  /** How many signatures at least. */
  count?: number;
  /** Text of the active parameter's documentation. */
  paramDoc?: string;
  /** Text of the signature's documentation. */
  doc?: string;
}

const signatureCases: SignatureCase[] = [
  { name: 'ES|QL date_trunc, first argument', marked: esqlRule('from logs-* | eval y = date_trunc(<|>'), active: 'DATE_TRUNC(interval: date_period, date: date) -> date', parameter: 'interval: date_period', count: 4, paramDoc: 'Interval', doc: 'Rounds down a date' },
  { name: 'ES|QL date_trunc, a time_duration picks its signature', marked: esqlRule('from logs-* | eval y = date_trunc(1 hour, <|>'), active: 'DATE_TRUNC(interval: time_duration, date: date) -> date', parameter: 'date: date', paramDoc: 'Date expression' },
  { name: 'ES|QL round on a long field', marked: esqlRule('from logs-* | eval y = round(process.pid, <|>)'), active: 'ROUND(number: long, decimals?: integer) -> long', parameter: 'decimals?: integer' },
  { name: 'ES|QL nested call: the innermost function', marked: esqlRule('from logs-* | where starts_with(to_lower(<|>), "a")'), active: 'TO_LOWER(str: keyword) -> keyword', parameter: 'str: keyword' },
  { name: 'ES|QL variadic: the last parameter stays active', marked: esqlRule('from logs-* | eval y = concat("a", "b", "c", <|>)'), active: 'CONCAT(string1: keyword, string2: keyword...) -> keyword', parameter: 'string2: keyword...' },
  { name: 'ES|QL upper-case query', marked: esqlRule('FROM logs-* | STATS c = COUNT_DISTINCT(host.name, <|>)'), active: 'COUNT_DISTINCT(field: keyword, precision?: integer) -> long', parameter: 'precision?: integer' },
  { name: 'EQL stringContains, second argument', marked: eqlRule('process where stringContains(process.name, <|>)'), active: 'stringContains(source: string, substring: string) -> boolean', parameter: 'substring: string', paramDoc: 'The substring' },
  { name: 'EQL case-insensitive form', marked: eqlRule('process where startsWith~(<|>'), active: 'startsWith~(source: string, substring: string) -> boolean', parameter: 'source: string' },
  { name: 'EQL optional parameter', marked: eqlRule('process where between(process.name, "a", "b", <|>'), active: 'between(source: string, left: string, right: string, greedy?: boolean) -> string', parameter: 'greedy?: boolean' },
];

describe('signature help', () => {
  it.each(signatureCases)('$name', (c) => {
    const { text, offset } = cursor(c.marked);
    const help = service.signatureHelp(FILE, text, offset);
    expect(help).toBeDefined();
    const sig = help!.signatures[help!.activeSignature];
    expect(sig.label).toBe(c.active);
    const p = sig.parameters[help!.activeParameter];
    expect(sig.label.slice(p.label[0], p.label[1])).toBe(c.parameter);
    if (c.count) expect(help!.signatures.length).toBeGreaterThanOrEqual(c.count);
    if (c.paramDoc) expect(p.documentation).toContain(c.paramDoc);
    if (c.doc) expect(sig.documentation).toContain(c.doc);
  });

  it.each([
    ['outside a call', esqlRule('from logs-* | where <|>')],
    ['inside a string argument', esqlRule('from logs-* | where starts_with(host.name, "a<|>")')],
    ['an unknown function', esqlRule('from logs-* | eval x = nope(<|>)')],
    ['KQL', kqlRule('process.name : (<|>)')],
    ['after the call closed', esqlRule('from logs-* | eval x = length(host.name) <|>')],
  ])('nothing %s', (_, marked) => {
    const { text, offset } = cursor(marked);
    expect(service.signatureHelp(FILE, text, offset)).toBeUndefined();
  });
});

interface HoverCase {
  name: string;
  marked: string;
  contains: string[];
  about: string;
}

const hoverCases: HoverCase[] = [
  // ES|QL
  { name: 'ES|QL source command', marked: esqlRule('fr<|>om logs-* | limit 1'), contains: ['FROM index_pattern', 'METADATA', '[Reference](https://www.elastic.co/docs/reference/query-languages/esql/commands/from)'], about: 'from' },
  { name: 'ES|QL processing command', marked: esqlRule('from logs-* | ev<|>al x = 1'), contains: ['EVAL [column =] expression', 'Computes new columns'], about: 'eval' },
  { name: 'ES|QL WHERE', marked: esqlRule('from logs-* | wh<|>ere true'), contains: ['Keeps only the rows'], about: 'where' },
  { name: 'ES|QL two-word command', marked: esqlRule('from logs-* | lookup jo<|>in t on host.name'), contains: ['LOOKUP JOIN lookup_index'], about: 'lookup join' },
  { name: 'ES|QL IS NOT NULL as one keyword', marked: esqlRule('from logs-* | where host.name is no<|>t null'), contains: ['**IS NOT NULL**', 'not null'], about: 'is not null' },
  { name: 'ES|QL NOT IN', marked: esqlRule('from logs-* | where host.name not i<|>n ("a")'), contains: ['**NOT IN**', 'none of the values'], about: 'not in' },
  { name: 'ES|QL BY', marked: esqlRule('from logs-* | stats c = count(*) b<|>y host.name'), contains: ['group by'], about: 'by' },
  { name: 'ES|QL operator', marked: esqlRule('from logs-* | where process.pid =<|>= 4'), contains: ['Equality'], about: '==' },
  { name: 'ES|QL cast operator', marked: esqlRule('from logs-* | eval x = process.pid:<|>:long'), contains: ['Inline cast'], about: '::' },
  { name: 'ES|QL function: the matching signature first', marked: esqlRule('from logs-* | eval y = ro<|>und(process.pid, 1)'), contains: ['ROUND(number: long, decimals?: integer) -> long', 'Rounds a number'], about: 'round' },
  { name: 'ES|QL aggregate: kind and link', marked: esqlRule('from logs-* | stats c = cou<|>nt(*)'), contains: ['aggregate function', 'aggregation-functions#esql-count'], about: 'count' },
  { name: 'ES|QL field: type, schema, ECS description', marked: esqlRule('from logs-* | where event.out<|>come == "success"'), contains: ['**event.outcome**: `keyword`', 'ecs', 'outcome of the event', 'Allowed values: `failure`, `success`, `unknown`'], about: 'event.outcome' },
  { name: 'ES|QL created column: where and type', marked: esqlRule('from logs-*\n| eval Esql.n = length(host.name)\n| where Esql.<|>n > 3'), contains: ['**Esql.n**: `integer`', 'Created by EVAL on line 2'], about: 'Esql.n' },
  { name: 'ES|QL STATS column', marked: esqlRule('from logs-*\n| stats Esql.c = count(*) by host.name\n| where Esql.<|>c > 3'), contains: ['`long`', 'Created by STATS on line 2'], about: 'Esql.c' },
  { name: 'ES|QL time span literal', marked: esqlRule('from logs-* | eval y = date_trunc(1<|>0 minutes, @timestamp)'), contains: ['`time_duration` time span literal'], about: '10 minutes' },
  { name: 'ES|QL calendar time span', marked: esqlRule('from logs-* | eval y = date_trunc(<|>1 month, @timestamp)'), contains: ['`date_period`'], about: '1 month' },
  { name: 'ES|QL date string literal', marked: esqlRule('from logs-* | where @timestamp > "2024-01-<|>01"'), contains: ['string literal', 'date'], about: '"2024-01-01"' },
  // EQL
  { name: 'EQL event category', marked: eqlRule('proc<|>ess where true'), contains: ['event category', 'process'], about: 'process' },
  { name: 'EQL sequence', marked: eqlRule('seq<|>uence by host.id [process where true] [file where true]'), contains: ['ordered series of events', '[Reference](https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax'], about: 'sequence' },
  { name: 'EQL maxspan', marked: eqlRule('sequence with max<|>span=5m [process where true] [file where true]'), contains: ['longest time'], about: 'maxspan' },
  { name: 'EQL time span', marked: eqlRule('sequence with maxspan=5<|>m [process where true] [file where true]'), contains: ['5 minutes'], about: '5m' },
  { name: 'EQL function: signature, description, example', marked: eqlRule('process where stringCon<|>tains(process.name, "a")'), contains: ['stringContains(source: string, substring: string) -> boolean', 'contains the substring', '```eql'], about: 'stringContains' },
  { name: 'EQL keyword', marked: eqlRule('process where process.name li<|>ke "*.exe"'), contains: ['wildcard patterns'], about: 'like' },
  { name: 'EQL operator', marked: eqlRule('process where process.name <|>: "a"'), contains: ['Case-insensitive equality'], about: ':' },
  { name: 'EQL field with ECS description', marked: eqlRule('process where process.na<|>me == "a"'), contains: ['**process.name**: `keyword`', 'Process name'], about: 'process.name' },
  // KQL
  { name: 'KQL field with allowed values', marked: kqlRule('event.cate<|>gory : "process"'), contains: ['**event.category**: `keyword`', 'Allowed values:', '`process`'], about: 'event.category' },
  { name: 'KQL keyword', marked: kqlRule('a : b an<|>d c : d'), contains: ['Both conditions'], about: 'and' },
  { name: 'KQL operator', marked: kqlRule('process.name <|>: "a"'), contains: ['matches the value'], about: ':' },
  { name: 'KQL allowed value', marked: kqlRule('event.category : proc<|>ess'), contains: ['allowed value of `event.category`'], about: 'process' },
  // Basics.

  // Diagnostics: a real link to the rule's page.
  { name: 'diagnostic: a link to its page', marked: '[metadata]\nmaturity = "production"\n\n[rule]\nname = "x"\nty<|>pe = "query"\nlanguage = "kuery"\n', contains: ['(https://example.test/docs/rules/missing-query.md)'], about: 'type' },
];

describe('hover on every kind of token', () => {
  it('says nothing inside a comment', () => {
    const { text, offset } = cursor(esqlRule('from logs-* // wh<|>ere\n| keep host.name'));
    expect(service.hover(FILE, text, offset)).toBeUndefined();
  });

  it.each(hoverCases)('$name', ({ marked, contains, about }) => {
    const { text, offset } = cursor(marked);
    const h = service.hover(FILE, text, offset);
    expect(h, 'a hover').toBeDefined();
    for (const c of contains) expect(h!.contents).toContain(c);
    expect(text.slice(h!.span.start, h!.span.end)).toBe(about);
  });
});
