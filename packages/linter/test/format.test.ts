import { describe, expect, it } from 'vitest';
import { formatDocument, formatQuery, validateConfig, type FormatOptions } from '../src/index.js';

interface LayoutCase {
  name: string;
  language: 'esql' | 'eql' | 'kuery';
  input: string;
  output: string;
  options?: FormatOptions;
}

const layoutCases: LayoutCase[] = [
  // ES|QL
  { name: 'each command on its own line starting with |', language: 'esql', input: 'from logs-* | where a == 1|keep a', output: 'from logs-*\n| where a == 1\n| keep a' },
  { name: 'blanks normalized, spaces after commas and around comparisons', language: 'esql', input: 'from  a ,b\n| eval x=1,y =  2\n| where x>=1 and y!=2', output: 'from a, b\n| eval x = 1, y = 2\n| where x >= 1 and y != 2' },
  { name: 'no space inside parentheses and before commas', language: 'esql', input: 'row a = 1 | eval b = concat( "x" , "y" )', output: 'row a = 1\n| eval b = concat("x", "y")' },
  { name: 'a short query stays on short lines', language: 'esql', input: 'from logs-*\n| stats c = count(*) by host.name', output: 'from logs-*\n| stats c = count(*) by host.name' },
  {
    name: 'a long boolean chain breaks before each operator',
    language: 'esql',
    input: 'from logs-* | where event.category == "process" and process.name == "powershell.exe" and process.args == "-enc" and user.name != "SYSTEM"',
    output: 'from logs-*\n| where event.category == "process"\n    and process.name == "powershell.exe"\n    and process.args == "-enc"\n    and user.name != "SYSTEM"',
  },
  {
    name: 'long STATS: one aggregate per line, BY on its own line',
    language: 'esql',
    input: 'from logs-* | stats Esql.event_count = count(*), Esql.host_count = count_distinct(host.name), Esql.users = values(user.name) by process.name, process.executable',
    output: 'from logs-*\n| stats Esql.event_count = count(*),\n    Esql.host_count = count_distinct(host.name),\n    Esql.users = values(user.name)\n  by process.name, process.executable',
  },
  {
    name: 'long IN list: wrapped, items filled',
    language: 'esql',
    input: 'from logs-* | where process.name in ("certutil.exe", "bitsadmin.exe", "mshta.exe", "regsvr32.exe", "rundll32.exe", "wscript.exe", "cscript.exe")',
    output: 'from logs-*\n| where process.name in (\n    "certutil.exe", "bitsadmin.exe", "mshta.exe", "regsvr32.exe", "rundll32.exe", "wscript.exe",\n    "cscript.exe"\n  )',
  },
  {
    name: 'long KEEP: columns filled',
    language: 'esql',
    input: 'from logs-* | keep @timestamp, host.name, host.id, user.name, user.id, process.name, process.executable, process.command_line, process.parent.name',
    output: 'from logs-*\n| keep @timestamp, host.name, host.id, user.name, user.id, process.name, process.executable,\n    process.command_line, process.parent.name',
  },
  {
    name: 'long EVAL: one assignment per line, long arguments wrapped',
    language: 'esql',
    input: 'from a | eval Esql.kind = case(process.name == "a.exe", "first kind", process.name == "b.exe", "second kind", "other"), Esql.n = 1',
    output: 'from a\n| eval Esql.kind = case(\n        process.name == "a.exe", "first kind", process.name == "b.exe", "second kind", "other"\n    ),\n    Esql.n = 1',
  },
  { name: 'comments kept in place: trailing, own line, block', language: 'esql', input: 'from a // the source\n// why:\n| where b /* inline */ == 1', output: 'from a // the source\n// why:\n| where b /* inline */ == 1' },
  { name: 'a line comment ends its line', language: 'esql', input: 'from a | where b == 1 // c\n and c == 2', output: 'from a\n| where b == 1 // c\n    and c == 2' },
  { name: 'blank lines between commands kept (one)', language: 'esql', input: 'from a\n\n\n| where b == 1', output: 'from a\n\n| where b == 1' },
  { name: 'keyword case: upper', language: 'esql', input: 'from a metadata _id | where b is not null and c in (1, 2) | stats count(*) by d | sort d desc nulls first', output: 'FROM a METADATA _id\n| WHERE b IS NOT NULL AND c IN (1, 2)\n| STATS count(*) BY d\n| SORT d DESC NULLS FIRST', options: { keywordCase: 'upper' } },
  { name: 'keyword case: lower; names and functions keep theirs', language: 'esql', input: 'FROM a | EVAL `WHERE` = TO_LOWER(B) | KEEP `WHERE`', output: 'from a\n| eval `WHERE` = TO_LOWER(B)\n| keep `WHERE`', options: { keywordCase: 'lower' } },
  { name: 'line width: narrower wraps sooner', language: 'esql', input: 'from a | where b == 1 and c == 2', output: 'from a\n| where b == 1\n    and c == 2', options: { lineWidth: 20 } },
  { name: 'syntax errors: left as is', language: 'esql', input: 'from a | where | keep', output: 'from a | where | keep' },
  { name: 'strings and triple-quoted strings untouched', language: 'esql', input: 'row a = """x  |  y"""|eval b = "p  q"', output: 'row a = """x  |  y"""\n| eval b = "p  q"' },
  // EQL
  {
    name: 'EQL: sequence steps one per line',
    language: 'eql',
    input: 'sequence by host.id with maxspan=1m [process where process.name == "a"] [network where true] until [process where false]',
    output: 'sequence by host.id with maxspan=1m\n  [process where process.name == "a"]\n  [network where true]\n  until [process where false]',
  },
  {
    name: 'EQL: a long condition wraps before each operator',
    language: 'eql',
    input: 'process where host.os.type == "windows" and event.type == "start" and process.name : ("certutil.exe", "bitsadmin.exe") and not user.name : "SYSTEM"',
    output: 'process where host.os.type == "windows"\n  and event.type == "start"\n  and process.name : ("certutil.exe", "bitsadmin.exe")\n  and not user.name : "SYSTEM"',
  },
  { name: 'EQL: pipes on their own lines', language: 'eql', input: 'process where true | head 5 | tail 1', output: 'process where true\n| head 5\n| tail 1' },
  { name: 'EQL: keywords keep their case (EQL is case-sensitive)', language: 'eql', input: 'process where a == 1 and b == 2', output: 'process where a == 1 and b == 2', options: { keywordCase: 'upper' } },
  { name: 'EQL: comments kept', language: 'eql', input: 'process where /* x */ a == 1 // y\n and b == 2', output: 'process where /* x */ a == 1 // y\n  and b == 2' },
  // KQL
  {
    name: 'KQL: a long or list wraps before each operator',
    language: 'kuery',
    input: 'event.category : "process" and process.name : ("certutil.exe" or "bitsadmin.exe" or "mshta.exe" or "regsvr32.exe" or "rundll32.exe")',
    output: 'event.category : "process"\n  and process.name : ("certutil.exe" or "bitsadmin.exe" or "mshta.exe" or "regsvr32.exe"\n    or "rundll32.exe")',
  },
  { name: 'KQL: blanks normalized', language: 'kuery', input: 'a : b   and\n c :  d', output: 'a : b and c : d' },
  { name: 'KQL: keyword case', language: 'kuery', input: 'a : b and not c : d or e : f', output: 'a : b AND NOT c : d OR e : f', options: { keywordCase: 'upper' } },
];

describe('formatter layout', () => {
  it.each(layoutCases)('$name', ({ language, input, output, options }) => {
    const result = formatQuery(language, input, options)!;
    expect(result.text).toBe(output);
    // Idempotent, and the edits produce the same text.
    expect(formatQuery(language, result.text, options)!.text).toBe(output);
    let applied = input;
    for (const e of [...result.edits].reverse()) applied = applied.slice(0, e.span.start) + e.newText + applied.slice(e.span.end);
    expect(applied).toBe(output);
  });
});

const rule = (query: string, quote = "'''") => `[metadata]\nmaturity = "production"\n\n[rule]\nname = "r"\ntype = "esql"\nlanguage = "esql"\nquery = ${quote}${quote.length === 3 ? '\n' : ''}${query}${quote.length === 3 ? '\n' : ''}${quote}\n\n[rule.note]\n`;

describe('formatting rule files', () => {
  it("a ''' string: only the query changes", () => {
    const text = rule('from logs-* | where a == 1');
    const out = formatDocument(text, 'r.toml');
    expect(out.text).toBe(rule('from logs-*\n| where a == 1'));
    expect(out.edits.every((e) => /^\s*$/.test(e.newText))).toBe(true);
  });
  it('a """ string: escapes kept, nothing escaped anew', () => {
    // The TOML text escapes the query's backslashes once more: the query reads "a\\b" and "\"q\"".
    const query = String.raw`from logs-* | where process.name == "a\\\\b" and x == "\\\"q\\\""`;
    const text = rule(query, '"""');
    const out = formatDocument(text, 'r.toml');
    expect(out.skipped).toEqual([]);
    expect(out.text).toBe(rule(query.replace(' | where', '\n| where'), '"""'));
  });
  it('a single-line "..." string: the line breaks escaped', () => {
    const text = '[rule]\nname = "r"\ntype = "esql"\nlanguage = "esql"\nquery = "from a | where b == \\"c\\""\n';
    expect(formatDocument(text, 'r.toml').text).toBe('[rule]\nname = "r"\ntype = "esql"\nlanguage = "esql"\nquery = "from a\\n| where b == \\"c\\""\n');
  });
  it("a single-line '...' string cannot hold line breaks: left as is, with the reason", () => {
    const text = "[rule]\nname = \"r\"\ntype = \"esql\"\nlanguage = \"esql\"\nquery = 'from a | where b == 1'\n";
    const out = formatDocument(text, 'r.toml');
    expect(out.text).toBe(text);
    expect(out.skipped[0].reason).toMatch(/literal string/);
  });
  it('CRLF files keep CRLF', () => {
    const text = rule('from a | where b == 1').replace(/\n/g, '\r\n');
    expect(formatDocument(text, 'r.toml').text).toBe(rule('from a\n| where b == 1').replace(/\n/g, '\r\n'));
  });
  it('raw query files', () => {
    expect(formatDocument('sequence [process where true] [file where true]\n', 'q.eql').text).toBe('sequence\n  [process where true]\n  [file where true]\n');
  });
  it('a query with syntax errors is reported as skipped', () => {
    const out = formatDocument(rule('from a | where'), 'r.toml');
    expect(out.edits).toEqual([]);
    expect(out.skipped[0].reason).toMatch(/syntax errors/);
  });
  it('a range formats only the edits inside it', () => {
    const text = rule('from a | where b == 1 | keep b');
    const second = text.indexOf('| keep');
    const out = formatDocument(text, 'r.toml', {}, { start: second - 1, end: text.length });
    expect(out.text).toBe(rule('from a | where b == 1\n| keep b'));
  });
  it('hunting files: every query', () => {
    const hunt = `[hunt]\nname = "h"\nlanguage = ["ES|QL"]\nquery = [\n'''\nfrom a | limit 1\n''',\n'''\nfrom b | limit 2\n'''\n]\n`;
    expect(formatDocument(hunt, 'h.toml').text).toBe(hunt.replace('from a | limit 1', 'from a\n| limit 1').replace('from b | limit 2', 'from b\n| limit 2'));
  });
});

describe('format settings in .esql-lint.json', () => {
  it('are validated', () => {
    expect(validateConfig({ format: { keywordCase: 'upper', lineWidth: 80 } }, 'x').format).toEqual({ keywordCase: 'upper', lineWidth: 80 });
    expect(() => validateConfig({ format: { keywordCase: 'shout' } }, 'x')).toThrow(/keywordCase/);
    expect(() => validateConfig({ format: { lineWidth: 5 } }, 'x')).toThrow(/lineWidth/);
    expect(() => validateConfig({ format: { indent: 2 } }, 'x')).toThrow(/unknown key "format.indent"/);
    expect(() => validateConfig({ format: 'upper' }, 'x')).toThrow(/must be/);
  });
});
