import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTOML } from 'toml-eslint-parser';
import { decodeTomlString, parseRuleDocument } from '../src/index.js';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';

/** An independent unescaper for a fragment of a TOML basic string (the property's oracle). */
function unescapeBasic(fragment: string): string {
  return fragment
    .replace(/\\[ \t]*\r?\n[ \t\r\n]*/g, '')
    .replace(/\r\n/g, '\n')
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
      if (e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
      return ({ b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' } as Record<string, string>)[e] ?? `\\${e}`;
    });
}

function checkMapping(fileText: string, query: string, map: { toHost(i: number, side?: 'start' | 'end'): number }, literal: boolean) {
  const decode = (s: string) => (literal ? s.replace(/\r\n/g, '\n') : unescapeBasic(s));
  for (let i = 0; i < query.length; i++) {
    const host = fileText.slice(map.toHost(i, 'start'), map.toHost(i + 1, 'end'));
    if (decode(host) !== query[i]) return `char ${i} ${JSON.stringify(query[i])} maps to ${JSON.stringify(host)}`;
  }
  // Word-sized ranges.
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(query))) {
    const a = m.index;
    const b = a + m[0].length;
    const host = fileText.slice(map.toHost(a, 'start'), map.toHost(b, 'end'));
    if (decode(host) !== m[0]) return `range ${a}-${b} ${JSON.stringify(m[0])} maps to ${JSON.stringify(host)}`;
  }
  return undefined;
}

describe('rule documents', () => {
  it('maps a literal multi-line query with its trimmed first newline', () => {
    const text = "[metadata]\nmaturity = \"production\"\n\n[rule]\nlanguage = \"eql\"\nquery = '''\nprocess where true\n'''\n";
    const doc = parseRuleDocument(text, 'r.toml');
    expect(doc.diagnostics).toEqual([]);
    expect(doc.queries).toHaveLength(1);
    const q = doc.queries[0];
    expect(q.language).toBe('eql');
    expect(q.text).toBe('process where true\n');
    const start = q.map.toHost(0);
    expect(text.slice(start, start + 7)).toBe('process');
    expect(doc.metadata.maturity).toBe('production');
  });

  it('maps escapes of basic multi-line strings, CRLF and line-ending backslashes', () => {
    const text = '[rule]\r\nlanguage = "kuery"\r\nquery = """\r\na:\\"x\\\\y\\" and \\\r\n    b:\\u00e9\\tc\r\n"""\r\n';
    const doc = parseRuleDocument(text, 'r.toml');
    const q = doc.queries[0];
    expect(q.text).toBe('a:"x\\y" and b:\u00e9\tc\n');
    expect(checkMapping(text, q.text, q.map, false)).toBeUndefined();
    const b = q.text.indexOf('b:');
    expect(text.slice(q.map.toHost(b), q.map.toHost(b + 2, 'end'))).toBe('b:');
    // A range ending right after an escape ends after the escape in the file.
    expect(text.slice(q.map.toHost(2), q.map.toHost(7, 'end'))).toBe('\\"x\\\\y\\"');
  });

  it('maps one-line strings', () => {
    const text = 'rule.language = "esql"\nrule.query = "from logs-* | keep \\"a\\""\n';
    const doc = parseRuleDocument(text, 'r.toml');
    const q = doc.queries[0];
    expect(q.language).toBe('esql');
    expect(q.text).toBe('from logs-* | keep "a"');
    expect(checkMapping(text, q.text, q.map, false)).toBeUndefined();
  });

  it('reads hunting files: query arrays and language lists', () => {
    const text = '[hunt]\nname = "x"\nlanguage = ["ES|QL"]\nquery = [\n\'\'\'\nfrom logs-*\n\'\'\',\n"""\nfrom b\n"""\n]\n';
    const doc = parseRuleDocument(text, 'h.toml');
    expect(doc.kind).toBe('hunt');
    expect(doc.queries.map((q) => [q.language, q.text, q.index])).toEqual([
      ['esql', 'from logs-*\n', 0],
      ['esql', 'from b\n', 1],
    ]);
    expect(text.slice(doc.queries[1].map.toHost(0), doc.queries[1].map.toHost(6, 'end'))).toBe('from b');
  });

  it('reads raw query files by extension', () => {
    for (const [name, lang] of [['a.esql', 'esql'], ['a.eql', 'eql'], ['a.kql', 'kuery'], ['a.KUERY', 'kuery']]) {
      const doc = parseRuleDocument('x', name);
      expect(doc.kind).toBe('query');
      expect(doc.queries[0].language).toBe(lang);
    }
  });

  it('locates keys and values, including inside arrays of tables and inline tables', () => {
    const text = '[rule]\ntype = "new_terms"\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["user.name", "host.id"]\n[[rule.threat]]\nframework = "MITRE"\n[[rule.threat]]\nframework = "X"\n[rule.threshold]\nfield = ["a"]\ncardinality = [{field = "c", value = 2}]\n';
    const doc = parseRuleDocument(text, 'r.toml');
    const at = (s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);
    expect(at(doc.valueSpan(['rule', 'new_terms', 'value', 1]))).toBe('"host.id"');
    expect(at(doc.valueSpan(['rule', 'threat', 1, 'framework']))).toBe('"X"');
    expect(at(doc.valueSpan(['rule', 'threshold', 'cardinality', 0, 'field']))).toBe('"c"');
    expect(at(doc.keySpan(['rule', 'type']))).toBe('type');
    expect(doc.valueSpan(['rule', 'nope'])).toBeUndefined();
  });

  it('reports broken TOML as toml-syntax at the right place, without throwing', () => {
    const text = '[rule]\nlanguage = "eql"\nquery = "abc\nx = 1\n';
    const doc = parseRuleDocument(text, 'r.toml');
    expect(doc.diagnostics).toHaveLength(1);
    const d = doc.diagnostics[0];
    expect(d.code).toBe('toml-syntax');
    expect(doc.lines.position(d.span.start).line).toBe(3);
    for (const bad of ['[rule', 'a = ', '= 1', 'a = """x', '[a]\n[a]\n', 'a = 1\na = 2', '\u0000', 'x = [1,']) {
      const r = parseRuleDocument(bad, 'b.toml');
      expect(r.diagnostics.map((x) => x.code)).toEqual(['toml-syntax']);
      expect(r.diagnostics[0].span.start).toBeLessThanOrEqual(bad.length);
    }
  });

  it('a toml-syntax diagnostic at an emoji spans the whole character (both halves of its surrogate pair)', () => {
    for (const bad of ['[rule]\nlabel \u{1F642}\n', "qu\u{1F642}ery = ''\n", '[rule]\nname = "x" \u{1F642}\n']) {
      const [d] = parseRuleDocument(bad, 'e.toml').diagnostics;
      expect([d.code, bad.slice(d.span.start, d.span.end)], bad).toEqual(['toml-syntax', '\u{1F642}']);
    }
  });
});

describe.skipIf(!HAS_CORPUS)('rule documents over the corpus', () => {
  it('maps every query of every corpus file back to the exact file text', () => {
    let checked = 0;
    const failures: string[] = [];
    for (const file of corpusRuleFiles()) {
      const text = readFileSync(file, 'utf8');
      const doc = parseRuleDocument(text, file);
      expect(doc.diagnostics, file).toEqual([]);
      for (const q of doc.queries) {
        const literal = text.startsWith("'", q.literalSpan.start);
        const problem = checkMapping(text, q.text, q.map, literal);
        if (problem) failures.push(`${file}: ${problem}`);
        checked++;
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(2000);
  });

  it('decodes every basic string of the corpus (notes, setup: escapes, line-ending backslashes) like the TOML parser', () => {
    let basic = 0;
    let escaped = 0;
    const failures: string[] = [];
    for (const file of corpusRuleFiles()) {
      const text = readFileSync(file, 'utf8');
      const visit = (node: any) => {
        if (!node || typeof node !== 'object') return;
        if (node.type === 'TOMLValue' && node.kind === 'string' && node.style === 'basic') {
          const d = decodeTomlString(text, node.range[0], node.range[1]);
          basic++;
          if (text.slice(node.range[0], node.range[1]).includes('\\')) escaped++;
          if (!d || d.value !== node.value) failures.push(`${file}: value differs at ${node.range[0]}`);
          else {
            const problem = checkMapping(text, d.value, d.map, false);
            if (problem) failures.push(`${file}: ${problem}`);
          }
          return;
        }
        for (const [k, v] of Object.entries(node)) {
          if (k === 'parent' || k === 'loc' || k === 'range' || k === 'tokens' || k === 'comments') continue;
          if (Array.isArray(v)) v.forEach(visit);
          else if (v && typeof v === 'object') visit(v);
        }
      };
      visit(parseTOML(text));
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(basic).toBeGreaterThan(1000);
    expect(escaped).toBeGreaterThan(100);
  });
});
