import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Span } from '@esql-lint/core';
import { createLanguageService, type DocumentSymbol, type TextEdit } from '../src/index.js';
import { CORPUS_DIR, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { eqlRule, esqlRule } from './support.js';

const service = createLanguageService({ noConfig: true });
const FILE = '/virtual/rules/nav_rule.toml';

/** `<|>` marks the cursor, `⟦...⟧` the expected spans (removed from the text). */
function marks(marked: string): { text: string; offset: number; spans: Span[] } {
  let text = '';
  let offset = -1;
  const spans: Span[] = [];
  const open: number[] = [];
  for (let i = 0; i < marked.length; ) {
    if (marked.startsWith('<|>', i)) {
      offset = text.length;
      i += 3;
    } else if (marked[i] === '⟦') {
      open.push(text.length);
      i++;
    } else if (marked[i] === '⟧') {
      spans.push({ start: open.pop()!, end: text.length });
      i++;
    } else text += marked[i++];
  }
  return { text, offset, spans: spans.sort((a, b) => a.start - b.start) };
}

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

const sorted = (spans: Span[]) => [...spans].sort((a, b) => a.start - b.start);

interface NavCase {
  name: string;
  marked: string;
  path?: string;
}

// Definition: the cursor on a read, the expected span is where the column is created (none for schema fields).
const definitionCases: NavCase[] = [
  { name: 'EVAL', marked: esqlRule('from logs-* | eval ⟦Esql.n⟧ = length(process.name) | where Esql<|>.n > 3') },
  { name: 'STATS aggregate', marked: esqlRule('from logs-*\n| stats ⟦Esql.c⟧ = count(*) by host.name\n| where Esql.c<|> > 3') },
  { name: 'INLINE STATS aggregate', marked: esqlRule('from logs-* | inline stats ⟦Esql.c⟧ = count(*) by host.name | where <|>Esql.c > 3') },
  { name: 'STATS BY with a name', marked: esqlRule('from logs-* | stats c = count(*) by ⟦Esql.b⟧ = bucket(@timestamp, 1 hour) | sort Esql.b<|>') },
  { name: 'RENAME target', marked: esqlRule('from logs-* | rename host.name as ⟦Esql.host⟧ | keep Esql.host<|>') },
  { name: 'RENAME with =', marked: esqlRule('from logs-* | rename ⟦h⟧ = host.name | where h<|> == "x"') },
  { name: 'DISSECT pattern field', marked: esqlRule('from logs-* | dissect message "%{⟦Esql.user⟧} %{rest}" | where Esql.<|>user == "a"') },
  { name: 'GROK pattern field', marked: esqlRule('from logs-* | grok message "%{IP:⟦Esql.ip⟧}" | keep Esql.ip<|>') },
  { name: 'ENRICH WITH', marked: esqlRule('from logs-* | enrich hosts on host.name with ⟦Esql.owner⟧ = owner | where Esql.owner<|> == "me"') },
  { name: 'ROW', marked: esqlRule('row ⟦a⟧ = 1, b = 2 | eval c = a<|> + b') },
  { name: 'COMPLETION target', marked: esqlRule('from logs-* | completion ⟦Esql.answer⟧ = message with {"inference_id": "x"} | keep Esql.answer<|>') },
  { name: 'CHANGE_POINT outputs', marked: esqlRule('from logs-* | stats c = count(*) by b = bucket(@timestamp, 1 hour) | change_point c on b as ⟦t⟧, p | where t<|> is not null') },
  { name: 'LOOKUP JOIN brings the lookup fields', marked: esqlRule('from logs-* | lookup join ⟦threat_intel⟧ on source.ip | where threat_level<|> == "high"') },
  { name: 'a redefinition: the last definition before the read', marked: esqlRule('from logs-* | eval x = 1 | eval ⟦x⟧ = x + 1 | where x<|> > 1') },
  { name: 'EVAL x = x + 1 reads the previous x', marked: esqlRule('from logs-* | eval ⟦x⟧ = 1 | eval x = x<|> + 1') },
  { name: 'in the same EVAL, a later assignment reads an earlier one', marked: esqlRule('from logs-* | eval ⟦a⟧ = 1, b = a<|> + 1') },
  { name: 'on the definition itself', marked: esqlRule('from logs-* | eval ⟦Esql.<|>n⟧ = 1') },
  { name: 'COMPLETION without a name: its `completion` column', marked: esqlRule('from logs-* | ⟦completion⟧ message with {"inference_id": "x"} | keep completion<|>') },
  { name: 'CHANGE_POINT without AS: its `pvalue` column', marked: esqlRule('from logs-* | stats c = count(*) by b = bucket(@timestamp, 1 hour) | ⟦change_point⟧ c on b | where pvalue<|> < 0.05') },
  { name: 'METADATA field', marked: esqlRule('from logs-* metadata ⟦_id⟧, _index | keep _id<|>') },
  { name: 'schema field: nothing', marked: esqlRule('from logs-* | where host.name<|> == "x"') },
  { name: 'EQL field: nothing', marked: eqlRule('process where process.name<|> == "x"') },
  { name: 'raw .esql file', marked: 'from logs-* | eval ⟦n⟧ = 1 | where n<|> > 0', path: '/virtual/q.esql' },
];

// References: every occurrence of the same column or field (definitions included).
const referenceCases: NavCase[] = [
  { name: 'created column: definition and reads', marked: esqlRule('from logs-*\n| stats ⟦Esql.c⟧ = count(*) by host.name\n| where ⟦Esql.c<|>⟧ > 3\n| keep host.name, ⟦Esql.c⟧') },
  { name: 'all definitions of a name and their reads', marked: esqlRule('from logs-* | eval ⟦x⟧ = 1 | eval ⟦x⟧ = ⟦x⟧ + 1 | where ⟦x<|>⟧ > 1') },
  { name: 'a schema field redefined: the reads before stay the field', marked: esqlRule('from logs-* | eval ⟦host.name⟧ = to_lower(host.name) | where ⟦host.name<|>⟧ == "x"') },
  { name: 'schema field: its uses in the query', marked: esqlRule('from logs-* | where ⟦host.name<|>⟧ == "x" | stats c = count(*) by ⟦host.name⟧ | keep ⟦host.name⟧, c') },
  { name: 'backquoted occurrences', marked: esqlRule('from logs-* | eval ⟦`Esql.a b`⟧ = 1 | where ⟦Esql.`a b`<|>⟧ > 0') },
  { name: 'DISSECT field and its reads', marked: esqlRule('from logs-* | dissect message "%{⟦u⟧} %{r}" | where ⟦u<|>⟧ == "x" | keep ⟦u⟧') },
  { name: 'EQL: a field everywhere', marked: eqlRule('process where ⟦process.name<|>⟧ == "a" or ⟦process.name⟧ == "b"') },
  { name: 'EQL: sequence join keys by position', marked: eqlRule('sequence\n  [process where true] by ⟦process.entity_id<|>⟧\n  [network where true] by ⟦process.parent.entity_id⟧\n  [file where true] by ⟦process.entity_id⟧') },
  { name: 'EQL: sequence-level by key', marked: eqlRule('sequence by ⟦host.id<|>⟧ [process where ⟦host.id⟧ != null] [network where true]') },
  { name: 'KQL: a field everywhere', marked: kql('⟦host.name<|>⟧ : "a" or (⟦host.name⟧ : "b" and user.name : "c")') },
];

function kql(query: string): string {
  return `[rule]\nname = "k"\ntype = "query"\nindex = ["logs-*"]\nlanguage = "kuery"\nquery = '''\n${query}\n'''\n`;
}

describe('definition', () => {
  it.each(definitionCases)('$name', ({ marked, path }) => {
    const { text, offset, spans } = marks(marked);
    expect(service.definition(path ?? FILE, text, offset)).toEqual(spans);
  });
});

describe('references', () => {
  it.each(referenceCases)('$name', ({ marked, path }) => {
    const { text, offset, spans } = marks(marked);
    expect(sorted(service.references(path ?? FILE, text, offset))).toEqual(spans);
  });
  it.each(referenceCases)('document highlights: $name', ({ marked, path }) => {
    const { text, offset, spans } = marks(marked);
    const highlights = service.documentHighlights(path ?? FILE, text, offset);
    expect(sorted(highlights.map((h) => h.span))).toEqual(spans);
  });
  it('document highlights mark the columns a command creates as writes', () => {
    const { text, offset } = marks(esqlRule('from logs-* | eval x = 1 | eval x = x + 1 | where x<|> > 1'));
    const kinds = service.documentHighlights(FILE, text, offset).sort((a, b) => a.span.start - b.span.start).map((h) => `${text.slice(h.span.start, h.span.end)}:${h.kind}`);
    expect(kinds).toEqual(['x:write', 'x:write', 'x:read', 'x:read']);
  });
  it('without the declaration', () => {
    const { text, offset } = marks(esqlRule('from logs-* | eval x = 1 | where x<|> > 0 | keep x'));
    expect(service.references(FILE, text, offset, false)).toHaveLength(2);
  });
});

interface RenameCase {
  name: string;
  before: string;
  newName: string;
  /** The whole file after the rename, or the refusal's message (a regular expression). */
  after?: string;
  error?: RegExp;
}

const withMetadata = (query: string, cols: string) =>
  `[metadata]\nmaturity = "production"\n\n[rule]\nname = "m"\ntype = "esql"\nlanguage = "esql"\nquery = '''\n${query}\n'''\n\n[rule.investigation_fields]\nfield_names = [${cols}]\n\n[[rule.required_fields]]\nname = "Esql.count"\ntype = "long"\n\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["Esql.count"]\n`;

const renameCases: RenameCase[] = [
  {
    name: 'an EVAL column, everywhere in the query',
    before: esqlRule('from logs-* | eval Esql.n<|> = 1 | where Esql.n > 0 | keep Esql.n'),
    newName: 'Esql.size',
    after: esqlRule('from logs-* | eval Esql.size = 1 | where Esql.size > 0 | keep Esql.size'),
  },
  {
    name: 'a STATS column and the metadata naming it',
    before: withMetadata('from logs-*\n| stats Esql.count = count(*) by host.name\n| where Esql.count<|> > 3', '"host.name", "Esql.count"'),
    newName: 'Esql.event_count',
    after: withMetadata('from logs-*\n| stats Esql.event_count = count(*) by host.name\n| where Esql.event_count > 3', '"host.name", "Esql.event_count"')
      .replace('name = "Esql.count"', 'name = "Esql.event_count"').replace('value = ["Esql.count"]', 'value = ["Esql.event_count"]'),
  },
  {
    name: 'backquotes added where the name needs them, removed where not',
    before: esqlRule('from logs-* | eval `Esql.a b` = 1 | where Esql.`a b`<|> > 0'),
    newName: 'Esql.two words',
    after: esqlRule('from logs-* | eval Esql.`two words` = 1 | where Esql.`two words` > 0'),
  },
  {
    name: 'a keyword as a name is backquoted',
    before: esqlRule('from logs-* | eval n<|> = 1 | keep n'),
    newName: 'by',
    after: esqlRule('from logs-* | eval `by` = 1 | keep `by`'),
  },
  {
    name: 'a GROK field: inside the pattern without quotes',
    before: esqlRule('from logs-* | grok message "%{IP:ip}" | where ip<|> is not null'),
    newName: 'Esql.source_ip',
    after: esqlRule('from logs-* | grok message "%{IP:Esql.source_ip}" | where Esql.source_ip is not null'),
  },
  {
    name: 'in a basic TOML string, escaped',
    before: '[rule]\nname = "b"\ntype = "esql"\nlanguage = "esql"\nquery = "from logs-* | eval n<|> = 1 | keep n"\n',
    newName: 'a"b',
    after: '[rule]\nname = "b"\ntype = "esql"\nlanguage = "esql"\nquery = "from logs-* | eval `a\\"b` = 1 | keep `a\\"b`"\n',
  },
  { name: 'refused: a schema field', before: esqlRule('from logs-* | where host.name<|> == "x"'), newName: 'h', error: /field of the indices/ },
  { name: 'refused: the name is taken by another column', before: esqlRule('from logs-* | eval a<|> = 1, b = 2 | keep a, b'), newName: 'b', error: /already a column/ },
  { name: 'refused: the name is a schema field', before: esqlRule('from logs-* | eval a<|> = 1'), newName: 'host.name', error: /already a field/ },
  { name: 'refused: an empty name', before: esqlRule('from logs-* | eval a<|> = 1'), newName: ' ', error: /cannot be empty/ },
  { name: 'refused: a pattern', before: esqlRule('from logs-* | eval a<|> = 1'), newName: 'Esql.*', error: /pattern/ },
  { name: 'refused: an empty part', before: esqlRule('from logs-* | eval a<|> = 1'), newName: 'Esql.', error: /empty part/ },
  { name: 'refused: a GROK field cannot hold spaces', before: esqlRule('from logs-* | grok message "%{IP:ip}" | keep ip<|>'), newName: 'a b', error: /GROK or DISSECT/ },
  { name: 'refused: a metadata field', before: esqlRule('from logs-* metadata _id | keep _id<|>'), newName: 'x', error: /metadata field/ },
  { name: 'refused: a name a command gives its output', before: esqlRule('from logs-* | completion message with {"inference_id": "x"} | keep completion<|>'), newName: 'x', error: /name it in the command first/ },
  { name: 'refused: EQL fields', before: eqlRule('process where process.name<|> == "x"'), newName: 'x', error: /ES\|QL/ },
];

describe('rename', () => {
  it.each(renameCases)('$name', ({ before, newName, after, error }) => {
    const { text, offset } = marks(before);
    const result = service.rename(FILE, text, offset, newName);
    if (error) {
      expect(result).toHaveProperty('error');
      expect((result as { error: string }).error).toMatch(error);
      expect(service.prepareRename(FILE, text, offset)).toBeDefined();
    } else {
      expect(result).toHaveProperty('edits');
      expect(apply(text, (result as { edits: TextEdit[] }).edits)).toBe(marks(after!).text);
      // The renamed file lints the same.
      const codes = (t: string) => service.diagnostics(FILE, t).diagnostics.map((d) => d.code).sort();
      expect(codes(apply(text, (result as { edits: TextEdit[] }).edits))).toEqual(codes(text));
    }
  });
  it('prepareRename gives the name and its span, or why not', () => {
    const { text, offset } = marks(esqlRule('from logs-* | eval Esql.n = 1 | where Esql<|>.n > 0'));
    const p = service.prepareRename(FILE, text, offset);
    expect(p).toMatchObject({ placeholder: 'Esql.n' });
    const s = (p as { span: Span }).span;
    expect(text.slice(s.start, s.end)).toBe('Esql.n');
    const q = marks(esqlRule('from logs-* | where host.name<|> == "x"'));
    expect(service.prepareRename(FILE, q.text, q.offset)).toMatchObject({ error: expect.stringMatching(/field of the indices/) });
    const none = marks(esqlRule('from logs-* | where 1 <|>== 1'));
    expect(service.prepareRename(FILE, none.text, none.offset)).toBeUndefined();
  });
});

/** name:kind [children] of an outline, with the text of each selection span. */
function outline(symbols: DocumentSymbol[], text: string): unknown[] {
  return symbols.map((s) => {
    const selected = text.slice(s.selectionSpan.start, s.selectionSpan.end);
    expect(s.span.start).toBeLessThanOrEqual(s.selectionSpan.start);
    expect(s.span.end).toBeGreaterThanOrEqual(s.selectionSpan.end);
    return s.children.length ? [`${s.name}:${s.kind}@${selected}`, outline(s.children, text)] : `${s.name}:${s.kind}@${selected}`;
  });
}

const ESQL_RULE = `[metadata]
creation_date = "2026/01/01"
maturity = "production"

[rule]
author = ["me"]
name = "Burst of things"
type = "esql"
language = "esql"
query = '''
from logs-*
| where event.dataset == "x"
    and host.name is not null
| stats Esql.count = count(*) by host.name
| keep host.name, Esql.count
'''

[rule.investigation_fields]
field_names = [
    "host.name",
    "Esql.count",
]
`;

describe('document symbols', () => {
  it('a rule file: the rule, its tables and keys, the query commands', () => {
    expect(outline(service.documentSymbols(FILE, ESQL_RULE), ESQL_RULE)).toEqual([
      ['Burst of things:rule@"Burst of things"', [
        ['[metadata]:table@metadata', ['creation_date:key@creation_date', 'maturity:key@maturity']],
        ['[rule]:table@rule', [
          'author:key@author', 'name:key@name', 'type:key@type', 'language:key@language',
          ['query:query@query', ['FROM:command@from', 'WHERE:command@where', 'STATS:command@stats', 'KEEP:command@keep']],
        ]],
        ['[rule.investigation_fields]:table@rule.investigation_fields', ['field_names:key@field_names']],
      ]],
    ]);
  });
  it('exact ranges of a command', () => {
    const symbols = service.documentSymbols(FILE, ESQL_RULE);
    const where = symbols[0].children[1].children[4].children[1];
    expect(ESQL_RULE.slice(where.span.start, where.span.end)).toBe('where event.dataset == "x"\n    and host.name is not null');
    expect(where.detail).toBe('event.dataset == "x" and host.name is not null');
  });
  it('an EQL sequence: its steps', () => {
    const text = eqlRule('sequence by host.id with maxspan=1m\n  [process where true]\n  [network where true]\n  until [process where false]\n| head 3');
    const rule = service.documentSymbols(FILE, text)[0];
    const query = rule.children[1].children.find((c) => c.kind === 'query')!;
    expect(outline(query.children, text)).toEqual([
      ['sequence:command@sequence', ['process:step@process', 'network:step@network', 'process:step@process']],
      '| head:command@head',
    ]);
  });
  it('a raw query file: its commands', () => {
    const text = 'from logs-* | limit 1';
    expect(outline(service.documentSymbols('/virtual/q.esql', text), text)).toEqual(['FROM:command@from', 'LIMIT:command@limit']);
  });
  it.skipIf(!HAS_CORPUS)('real rule text: every table and the commands of the query', () => {
    const file = join(CORPUS_DIR, 'rules/integrations/google_workspace/persistence_google_workspace_device_registration_burst.toml');
    const text = readFileSync(file, 'utf8');
    const [rule] = service.documentSymbols(file, text);
    expect(rule.kind).toBe('rule');
    expect(rule.children.map((c) => c.name)).toEqual(expect.arrayContaining(['[metadata]', '[rule]', '[[rule.threat]]']));
    const query = rule.children.find((c) => c.name === '[rule]')!.children.find((c) => c.kind === 'query')!;
    expect(query.children.map((c) => c.name)).toEqual(['FROM', 'WHERE', 'EVAL', 'STATS', 'WHERE', 'KEEP']);
  });
});

/** Folding ranges as 1-based line pairs. */
function foldedLines(text: string, path = FILE): Array<[number, number]> {
  const line = (o: number) => text.slice(0, o).split('\n').length;
  return service.foldingRanges(path, text).map((f) => [line(f.span.start), line(f.span.end)] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('folding ranges', () => {
  it('tables, multi-line arrays and strings, multi-line ES|QL commands', () => {
    expect(foldedLines(ESQL_RULE)).toEqual([
      [1, 3], // [metadata]
      [5, 16], // [rule]
      [10, 16], // the query string
      [12, 13], // the two-line WHERE
      [18, 22], // [rule.investigation_fields]
      [19, 22], // the field_names array
    ]);
  });
  it('EQL sequence steps', () => {
    const text = eqlRule('sequence by host.id\n  [process where\n     true]\n  [network where true]');
    const lines = foldedLines(text);
    expect(lines).toContainEqual([10, 13]); // the sequence
    expect(lines).toContainEqual([11, 12]); // the first step
    expect(lines).not.toContainEqual([13, 13]);
  });
  it.skipIf(!HAS_CORPUS)('real rule text: the multi-line STATS and KEEP fold', () => {
    const file = join(CORPUS_DIR, 'rules/integrations/google_workspace/persistence_google_workspace_device_registration_burst.toml');
    const text = readFileSync(file, 'utf8');
    const spans = service.foldingRanges(file, text).map((f) => text.slice(f.span.start, f.span.end));
    expect(spans.some((s) => /^stats\s+Esql\.count_distinct_device_id/.test(s) && s.endsWith('Esql.bucket_minute'))).toBe(true);
    expect(spans.some((s) => s.startsWith('keep user.id'))).toBe(true);
    expect(spans.some((s) => s.startsWith('[[rule.threat]]'))).toBe(true);
  });
});

describe('selection ranges', () => {
  it('from the name to the whole file, along the AST', () => {
    const { text, offset } = marks(esqlRule('from logs-* | where length(host.na<|>me) > 3 and true'));
    const [ranges] = service.selectionRanges(FILE, text, [offset]);
    const texts = ranges.map((s) => text.slice(s.start, s.end));
    expect(texts.slice(0, 6)).toEqual([
      'host.name',
      'length(host.name)',
      'length(host.name) > 3',
      'length(host.name) > 3 and true',
      'where length(host.name) > 3 and true',
      'from logs-* | where length(host.name) > 3 and true',
    ]);
    expect(texts).toContain(`'''\nfrom logs-* | where length(host.name) > 3 and true\n'''`);
    expect(texts[texts.length - 1]).toBe(text);
    for (let i = 1; i < ranges.length; i++) {
      expect(ranges[i].start).toBeLessThanOrEqual(ranges[i - 1].start);
      expect(ranges[i].end).toBeGreaterThanOrEqual(ranges[i - 1].end);
    }
  });
  it('outside the query: the TOML value, key and table', () => {
    const { text, offset } = marks(ESQL_RULE.replace('"Esql.count",\n]', '"Esql.co<|>unt",\n]'));
    const [ranges] = service.selectionRanges(FILE, text, [offset]);
    const texts = ranges.map((s) => text.slice(s.start, s.end));
    expect(texts[0]).toBe('[\n    "host.name",\n    "Esql.count",\n]');
    expect(texts[1]).toBe('field_names = [\n    "host.name",\n    "Esql.count",\n]');
    expect(texts[2].startsWith('[rule.investigation_fields]')).toBe(true);
  });
});

describe.skipIf(!HAS_CORPUS)('real rule text', () => {
  const file = join(CORPUS_DIR ?? '', 'rules/integrations/google_workspace/persistence_google_workspace_device_registration_burst.toml');
  const text = HAS_CORPUS ? readFileSync(file, 'utf8') : '';
  const at = (needle: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
    return i + 1;
  };
  it('definition and references of a STATS column', () => {
    const defs = service.definition(file, text, at('Esql.count_distinct_device_id', 2));
    expect(defs).toHaveLength(1);
    expect(text.slice(defs[0].start, defs[0].end + 3)).toBe('Esql.count_distinct_device_id = ');
    const refs = service.references(file, text, at('Esql.bucket_minute'));
    expect(refs.map((r) => text.slice(r.start, r.end))).toEqual(['Esql.bucket_minute', 'Esql.bucket_minute', 'Esql.bucket_minute']);
  });
  it('rename of a STATS column, query and investigation guide untouched outside the query', () => {
    const result = service.rename(file, text, at('Esql.event_count ='), 'Esql.events');
    const edits = (result as { edits: TextEdit[] }).edits;
    expect(edits.length).toBeGreaterThanOrEqual(2);
    const renamed = apply(text, edits);
    expect(renamed).toContain('Esql.events = count(*)');
    expect(renamed.length - text.length).toBe(edits.length * ('Esql.events'.length - 'Esql.event_count'.length));
  });
  it('a schema field: no definition, its uses', () => {
    expect(service.definition(file, text, at('user.email is'))).toEqual([]);
    expect(service.references(file, text, at('user.email is')).length).toBeGreaterThanOrEqual(3);
  });
});
if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);
