import { describe, expect, it } from 'vitest';
import { createLanguageService, type CompletionKind } from '../src/index.js';
import { cursor, eqlRule, esqlRule, kqlRule } from './support.js';

const service = createLanguageService({ noConfig: true });
const FILE = '/virtual/rules/test_rule.toml';

interface CompletionCase {
  name: string;
  marked: string;
  path?: string;
  present: Array<[CompletionKind, string, string?]>;
  absent?: string[];
}

const completionCases: CompletionCase[] = [
  { name: 'KQL: dotted field being typed', marked: kqlRule('process.na<|>'), present: [['field', 'process.name', 'keyword'], ['field', 'process.name.text']], absent: ['host.name', 'process.pid'] },
  { name: 'KQL: field after and', marked: kqlRule('event.category : "process" and host.os.t<|>'), present: [['field', 'host.os.type', 'keyword']], absent: ['process.name'] },
  { name: 'KQL: allowed values of an ECS field', marked: kqlRule('event.category : <|>'), present: [['value', 'process'], ['value', 'network']], absent: ['process.name'] },
  { name: 'KQL: keywords after a comparison', marked: kqlRule('process.name : "x" <|>'), present: [['keyword', 'and'], ['keyword', 'or']], absent: ['process.name'] },
  { name: 'KQL raw file', marked: 'host.na<|>', path: '/virtual/q.kql', present: [['field', 'host.name']] },
  { name: 'EQL: field in a condition', marked: eqlRule('process where process.parent.na<|>'), present: [['field', 'process.parent.name', 'keyword']], absent: ['process.name'] },
  { name: 'EQL: function in a condition', marked: eqlRule('process where startsW<|>'), present: [['function', 'startsWith']] },
  { name: 'EQL: event category position is not a field', marked: eqlRule('sequence by host.id [proc<|>'), present: [], absent: ['process.name'] },
  { name: 'EQL: keywords after a comparison', marked: eqlRule('process where process.name == "x" <|>'), present: [['keyword', 'and'], ['keyword', 'or'], ['operator', ':']] },
  { name: 'ES|QL: command after a pipe, in the case typed', marked: esqlRule('from logs-* | wh<|>'), present: [['keyword', 'where']], absent: ['WHERE', 'stats', 'process.name'] },
  { name: 'ES|QL: source command, in the case typed', marked: esqlRule('fr<|>'), present: [['keyword', 'from']] },
  { name: 'ES|QL: source command, upper case typed', marked: esqlRule('FR<|>'), present: [['keyword', 'FROM']] },
  { name: 'ES|QL: schema field in WHERE', marked: esqlRule('from logs-* | where process.na<|>'), present: [['field', 'process.name', 'keyword']] },
  { name: 'ES|QL: comments between commands', marked: esqlRule('from logs-*\n// note /* x */\n/* block | */\n| where process.na<|>'), present: [['field', 'process.name']] },
  { name: 'ES|QL: created column, with its type', marked: esqlRule('from logs-* | eval Esql.n = length(process.name) | where Esql.<|>'), present: [['column', 'Esql.n', 'integer']] },
  { name: 'ES|QL: columns after KEEP only', marked: esqlRule('from logs-* | keep host.name, process.name | where <|>'), present: [['field', 'host.name'], ['field', 'process.name']], absent: ['host.id', 'user.name'] },
  { name: 'ES|QL: STATS output', marked: esqlRule('from logs-* | stats c = count(*) by host.name | where <|>'), present: [['column', 'c', 'long'], ['field', 'host.name']], absent: ['process.name'] },
  { name: 'ES|QL: a column created later is not available', marked: esqlRule('from logs-* | where Esql.<|> | eval Esql.later = 1'), present: [], absent: ['Esql.later'] },
  { name: 'ES|QL: functions with signatures', marked: esqlRule('from logs-* | eval x = TO_LO<|>'), present: [['function', 'TO_LOWER', 'TO_LOWER(str: keyword) -> keyword']], absent: ['WHERE'] },
  { name: 'ES|QL: KEEP pattern position', marked: esqlRule('from logs-* | keep user.na<|>'), present: [['field', 'user.name']] },
  { name: 'outside the query: nothing in a string value', marked: kqlRule('process.name : "x"').replace('name = "test"', 'name = "te<|>st"'), present: [], absent: ['process.name'] },
  { name: 'TOML: keys of [rule] not present yet', marked: kqlRule('process.name : "x"', 'se<|>\n'), present: [['key', 'severity'], ['key', 'setup']], absent: ['name', 'process.name'] },
  { name: 'TOML: keys of [metadata]', marked: kqlRule('a : b').replace('maturity = "production"\n', 'maturity = "production"\nint<|>\n'), present: [['key', 'integration']], absent: ['index'] },
  { name: 'ES|QL: grok pattern names after %{ in a GROK pattern', marked: esqlRule('from logs-* | grok message "%{IP:source.ip} %{TIMESTAMP_IS<|>'), present: [['value', 'TIMESTAMP_ISO8601', 'grok pattern (Elasticsearch built-in, ECS)']], absent: ['IP', 'WORD', 'WHERE'] },
  { name: 'ES|QL: grok pattern names at an empty %{', marked: esqlRule('from logs-* | where true | grok message "%{<|>'), present: [['value', 'IPV4'], ['value', 'COMBINEDAPACHELOG']], absent: ['message'] },
  { name: 'ES|QL: no grok names in a DISSECT pattern or another string', marked: esqlRule('from logs-* | dissect message "%{<|>'), present: [], absent: ['IPV4'] },
  { name: 'ES|QL: no grok names after the name (the field part)', marked: esqlRule('from logs-* | grok message "%{IP:<|>'), present: [], absent: ['IPV4'] },
  { name: 'TOML: values of rule.type', marked: kqlRule('a : b').replace('type = "query"', 'type = "new<|>"'), present: [['value', 'new_terms']], absent: ['query'] },
  { name: 'TOML: values of metadata.maturity', marked: kqlRule('a : b').replace('maturity = "production"', 'maturity = "<|>"'), present: [['value', 'production'], ['value', 'development']], absent: ['kuery'] },
];

describe('completions', () => {
  it.each(completionCases)('$name', ({ marked, path, present, absent = [] }) => {
    const { text, offset } = cursor(marked);
    const { items } = service.completions(path ?? FILE, text, offset);
    for (const [kind, label, detail] of present) {
      const item = items.find((i) => i.label === label && i.kind === kind);
      expect(item, `${kind} ${label} in ${items.map((i) => i.label).slice(0, 30).join(', ')}`).toBeDefined();
      if (detail) expect(item!.detail).toBe(detail);
    }
    const labels = new Set(items.map((i) => i.label));
    for (const label of absent) expect(labels.has(label), label).toBe(false);
    if (present.length === 0 && absent.length && !marked.includes("'''")) expect(items).toEqual([]);
  });

  it('replaces the whole dotted word being typed, in file offsets', () => {
    const { text, offset } = cursor(kqlRule('event.dataset : "x" and process.na<|>'));
    const item = service.completions(FILE, text, offset).items.find((i) => i.label === 'process.name')!;
    expect(text.slice(item.span.start, item.span.end)).toBe('process.na');
    expect(item.span.end).toBe(offset);
  });

  it('maps offsets through escapes of a basic TOML string', () => {
    const marked = `[rule]\nname = "t"\ntype = "query"\nlanguage = "kuery"\nindex = ["logs-*"]\nquery = "file.name : \\"a\\u00e9\\" and process.na<|>"\n`;
    const { text, offset } = cursor(marked);
    const item = service.completions(FILE, text, offset).items.find((i) => i.label === 'process.name')!;
    expect(item).toBeDefined();
    expect(text.slice(item.span.start, item.span.end)).toBe('process.na');
  });

  it('caps only the fields, says so, and keeps the other classes', () => {
    const small = createLanguageService({ noConfig: true, maxCompletions: 10 });
    const { text, offset } = cursor(kqlRule('<|>'));
    const list = small.completions(FILE, text, offset);
    expect(list.items.filter((i) => i.kind === 'field')).toHaveLength(10);
    expect(list.items.some((i) => i.kind === 'keyword' && i.label === 'not')).toBe(true);
    expect(list.incomplete).toBe(true);
  });
});

describe('diagnostics and code actions', () => {
  const text = kqlRule('process.nmae : "x"');
  const typo = { start: text.indexOf('process.nmae'), end: text.indexOf('process.nmae') + 'process.nmae'.length };

  it('reports the linter diagnostics in file offsets', () => {
    const r = service.diagnostics(FILE, text);
    expect(r.diagnostics.map((d) => [d.code, d.span])).toEqual([['unknown-field', typo]]);
  });

  it.each([
    ['a span inside the diagnostic', { start: typo.start + 3, end: typo.start + 3 }, 1],
    ['a span touching its end', { start: typo.end, end: typo.end }, 1],
    ['a span elsewhere', { start: 0, end: 5 }, 0],
  ])('codeActions on %s', (_, span, count) => {
    const actions = service.codeActions(FILE, text, span);
    expect(actions).toHaveLength(count);
    if (count) expect(actions[0]).toEqual({ title: 'Replace with process.name', edits: [{ span: typo, newText: 'process.name' }], diagnosticCode: 'unknown-field', diagnosticSpan: typo });
  });

  it('never throws on garbage', () => {
    const garbage = ["[rule]\nquery = '''", 'query = """\n| | |', '\u0000\uffff[[[', esqlRule('from | | where ((('), eqlRule('sequence [[[ ')];
    for (const g of garbage) {
      for (let o = 0; o <= g.length; o += 3) {
        service.completions(FILE, g, o);
        service.hover(FILE, g, o);
        service.codeActions(FILE, g, { start: o, end: o });
      }
      expect(service.diagnostics(FILE, g).diagnostics.length).toBeGreaterThan(0);
    }
  });
});
