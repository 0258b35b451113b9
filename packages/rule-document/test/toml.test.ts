import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { parseRuleDocument, parseToml, TomlSyntaxError, type TomlValueNode } from '../src/index.js';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';

/** toml-eslint-parser (TOML 1.1) as the oracle of verdicts and values. */
function oracle(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(getStaticTOMLValue(parseTOML(text)))) };
  } catch {
    return { ok: false };
  }
}
function ours(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(JSON.stringify(parseToml(text).value)) };
  } catch (e) {
    return { ok: false, error: e };
  }
}

const VALID = [
  'a = 1', 'a = -0', 'a = +17', 'a = 1_000', 'a = 0xDEAD_beef', 'a = 0o755', 'a = 0b1101', 'a = 3.14', 'a = -1e-3', 'a = 6.02E+23',
  'a = 1_0.0_1', 'a = inf', 'a = -inf', 'a = true', 'a = false', 'a = "x\\ty\\u00e9\\U0001F600"', "a = 'c:\\\\x'",
  'a = """\nx\\\n   y"""', "a = '''\nx\n'''", 'a = """x""""', 'a = """x"""""', "a = ''''x''''", 'a = "\\e\\x41"',
  'a = 1979-05-27T07:32:00Z', 'a = 1979-05-27 07:32:00.999-07:00', 'a = 1979-05-27T07:32:00', 'a = 1979-05-27', 'a = 2000-02-29',
  'a = [1, "x", [2, 3], {b = 1},]', 'a = [\n  1, # one\n  2\n]', 'a = {}', 'a = { b.c = 1, d = "x" }', 'a = {\n b = 1,\n}',
  'a.b.c = 1\na.b.d = 2', '"a.b" = 1\n\'c\' = 2\n"" = 3', 'a . b = 1', '[a]\nb = 1\n[a.c]\nd = 2', '[a.b]\n[a]\nc = 1',
  '[[t]]\nx = 1\n[[t]]\nx = 2\n[t.sub]\ny = 3', '[[t.u]]\n[[t.u]]', '[fruit]\napple.color = "red"\n[fruit.apple.texture]\nsmooth = true',
  '# comment\n\n  [ a . b ]  # c\n  k = "v" # c\n', 'a = 1\r\nb = 2\r\n', 'a = """\r\nx\r\ny"""', 'a = ""', "a = ''",
  'a = """ " "" """', 'a = 07:32:00', 'a = 07:32', 'key-1_x = 1', '1234 = 1', 'a = [[]]',
];
const INVALID = [
  'a = ', '= 1', 'a', 'a = 1 b = 2', 'a = 01', 'a = 1__0', 'a = _1', 'a = 1_', 'a = 0x', 'a = +0x1', 'a = 1.', 'a = .5',
  'a = 1e', 'a = nan1', 'a = tru', 'a = "x', 'a = "x\ny"', "a = 'x", 'a = """x', "a = '''x", 'a = "\\q"', 'a = "\\u12"',
  'a = "\\uD800"', 'a = "\u0001"', 'a = 2000-02-30', 'a = 1979-13-01', 'a = 24:00:00', 'a = [1,', 'a = [1 2]', 'a = {b = 1',
  'a = {b = 1,, c = 2}', 'a = 1\na = 2', '[a]\n[a]', '[a]\nb = 1\n[a.b]', 'a.b = 1\n[a]', 'a = {}\n[a.b]', 'a = [1]\n[[a]]',
  '[[a]]\n[a]', '[a]\n[[a]]', '[a.b]\nx=1\n[a]\nb.y = 2', '[a', '[a]]', '[[a]', '[]', 'a.="x"', '"""a""" = 1', 'a = 1 # \u0007',
  'a = 1\rb = 2', '\u0000', 'a = {b = 1}\na.c = 2', 'a = { b = 1, b = 2 }', '[a.b.c]\nz = 9\n[a]\nb.c.t = 9',
];

describe('TOML reader', () => {
  it('agrees with toml-eslint-parser on valid documents, values included', () => {
    const problems: string[] = [];
    for (const text of VALID) {
      const want = oracle(text);
      const got = ours(text);
      if (!want.ok) problems.push(`oracle rejects ${JSON.stringify(text)}`);
      else if (!got.ok) problems.push(`${JSON.stringify(text)}: ${(got.error as Error).message}`);
      else if (!isDeepStrictEqual(got.value, want.value)) problems.push(`${JSON.stringify(text)}: ${JSON.stringify(got.value)} vs ${JSON.stringify(want.value)}`);
    }
    expect(problems).toEqual([]);
  });

  it('rejects what toml-eslint-parser rejects, with a TomlSyntaxError at an offset inside the text', () => {
    const problems: string[] = [];
    for (const text of INVALID) {
      if (oracle(text).ok) problems.push(`oracle accepts ${JSON.stringify(text)}`);
      const got = ours(text);
      if (got.ok) problems.push(`accepted ${JSON.stringify(text)}`);
      else if (!(got.error instanceof TomlSyntaxError) || got.error.offset < 0 || got.error.offset > text.length) problems.push(`${JSON.stringify(text)}: ${String(got.error)}`);
    }
    expect(problems).toEqual([]);
  });

  it('reports the first problem of a string or comment with its message and offset', () => {
    // Strings and comments are read by searches for what ends them in files without control characters,
    // character by character otherwise: both must name the first problem at its offset.
    const CASES: Array<[string, string, number]> = [
    ["a = \"x\u0001y\"", "Invalid control character U+0001 in a string: write it as an escape", 6],
    ["a = 'x\u0001y'", "Invalid control character U+0001 in a string", 6],
    ["a = \"\"\"x\u0001y\"\"\"", "Invalid control character U+0001 in a string: write it as an escape", 8],
    ["a = '''x\u007fy'''", "Invalid control character U+007F in a string", 8],
    ["a = \"\"\"x\ry\"\"\"", "A carriage return must be followed by a line feed", 8],
    ["a = '''x\ry'''", "A carriage return must be followed by a line feed", 8],
    ["a = \"x\ry\"", "Unterminated string: a one-line string ends at the end of its line (use \"\"\" for several lines)", 6],
    ["a = \"x", "Unterminated string: add the closing \"", 4],
    ["a = \"\"\"x\"", "Unterminated string: add the closing \"\"\"", 4],
    ["a = '''x''", "Unterminated string: add the closing '''", 4],
    ["a = \"\"\"x\\q\"\"\"", "Invalid escape \\q in a string (write \\\\ for a backslash)", 8],
    ["a = \"\"\"x\\u12\"\"\"", "Invalid escape: \\u needs 4 hexadecimal digits", 8],
    ["a = \"\"\"\\  \u0001\"\"\"", "Invalid escape \\ in a string (write \\\\ for a backslash)", 7],
    ["a = 1 # c\u0001", "Invalid control character U+0001 in a comment", 9],
    ["b = 2\n# c\rb = 1", "Invalid the end of the line in a comment", 9],
    ["a = \"x\" \u0001", "Expected the end of the line but found control character U+0001", 8],
    ["a = \"\"\"x\"\"\" y", "Expected the end of the line but found 'y'", 12],
    ["a = \"\"\"x\"\"\"\"\"\"", "Expected the end of the line but found '\"'", 13],
    ["a = \"\"\"x\u0001", "Invalid control character U+0001 in a string: write it as an escape", 8],
    ["a = \"\"\"x\\", "Invalid escape \\ in a string (write \\\\ for a backslash)", 8],
    ["a = \"\\\"", "Unterminated string: add the closing \"", 4],
    ["\"a\u0001\" = 1", "Invalid control character U+0001 in a string: write it as an escape", 2],
    ["a = \"\"\"a\"\"\" \r", "Expected the end of the line but found the end of the line", 12],
    ["a = \"x\" # c\r", "Invalid the end of the line in a comment", 11],
    ["a = \"\"\"\\\r\n  x\r\"\"\"", "A carriage return must be followed by a line feed", 13],
    ["a = \"\u00e9\u0001\"", "Invalid control character U+0001 in a string: write it as an escape", 6],
    ["a = \"\"\"\u00e9\n\u001f\"\"\"", "Invalid control character U+001F in a string: write it as an escape", 9],
    ["a = '''\n\u0000'''", "Invalid control character U+0000 in a string", 8],
    ["a = [\n  \"x\", # c\u0002\n]", "Invalid control character U+0002 in a comment", 16],
    ["k = '''a'''''''", "Expected the end of the line but found '''", 13],
    ["a = \"\\x4g\"", "Invalid escape: \\x needs 2 hexadecimal digits", 5],
    ["a = \"\"\"ok\"\"\"\nb = \"x\u007f\"", "Invalid control character U+007F in a string: write it as an escape", 19],
    ["a.b = 1\na.b = 2", "Duplicate key \"a.b\"", 8],
    ["[x]\n[x]", "Table [x] is defined more than once", 4],
    ["a = {b = 1}\n[a]", "Table [a] is defined more than once", 12],
    ["a = \"\"\"\n\\\n  \"\"\" x", "Expected the end of the line but found 'x'", 16],
    ];
    const got = CASES.map(([text]) => {
      try {
        parseToml(text);
        return [text, 'accepted', -1];
      } catch (e) {
        return [text, (e as TomlSyntaxError).message, (e as TomlSyntaxError).offset];
      }
    });
    expect(got).toEqual(CASES);
  });

  it('reads strings with quotes, escapes and line ends inside, in LF and CRLF files, one- and two-byte text', () => {
    const text = 'a = """\nx "y" ""z"" \\t\\\n   w\n"""\nb = \'\'\'c:\\d \'\' e\'\'\'\nc = "p\\"q" # note\nd = \'r\'\n';
    const want = { a: 'x "y" ""z"" \tw\n', b: "c:\\d '' e", c: 'p"q', d: 'r' };
    expect(parseToml(text).value).toEqual(want);
    expect(parseToml(text.replace(/\n/g, '\r\n')).value).toEqual(want);
    expect(parseToml(`${text}# \u00e9\n`).value).toEqual(want);
    // A control character anywhere: the file is read character by character, to the first problem.
    expect(() => parseToml(`${text}e = "\u0001"`)).toThrow(/U\+0001 in a string/);
  });

  it('reads one-line strings of every length, with an escape, quote, line end or control character at any place, as toml-eslint-parser', () => {
    // One-line strings are read by searches for what ends them (clean files) or character by character
    // (files with a control character): short and long ones, with what ends or breaks a string anywhere.
    const problems: string[] = [];
    for (let len = 0; len <= 140; len += len < 50 || len > 75 ? 7 : 1) {
      const body = 'x'.repeat(len);
      for (let at = 0; at <= len; at += len < 8 ? 1 : Math.ceil(len / 5)) {
        for (const ins of ['', '\\t', '\\"', "'", '"', '\\u00e9', '\\q', '\n', '\r\n', '\u0001', '\u00e9', '\\']) {
          const inner = body.slice(0, at) + ins + body.slice(at);
          for (const quote of ['"', "'"]) {
            for (const tail of ['', '\n', '\nb = 1\n', ' # c\n', '\r\n']) {
              const text = `a = ${quote}${inner}${quote}${tail}`;
              const want = oracle(text);
              const got = ours(text);
              if (want.ok !== got.ok) problems.push(`${JSON.stringify(text)}: ${want.ok ? 'rejected' : 'accepted'}`);
              else if (want.ok && got.ok && !isDeepStrictEqual(got.value, want.value)) problems.push(`${JSON.stringify(text)}: ${JSON.stringify(got.value)}`);
              else if (!got.ok && !(got.error instanceof TomlSyntaxError)) problems.push(`${JSON.stringify(text)}: ${String(got.error)}`);
            }
          }
        }
      }
      // Unterminated at the end of the file, and a key of that length.
      if (ours(`a = "${body}`).ok || ours(`a = '${body}`).ok) problems.push(`unterminated ${len} accepted`);
      const key = ours(`"${body}" = 1`);
      if (!key.ok || !isDeepStrictEqual(key.value, { [body]: 1 })) problems.push(`key of ${len}`);
    }
    expect(problems).toEqual([]);
    // Where a one-line string's problem is reported, short or long.
    const at = (text: string) => {
      try {
        parseToml(text);
        return -1;
      } catch (e) {
        return (e as TomlSyntaxError).offset;
      }
    };
    for (const len of [0, 10, 63, 64, 65, 200]) {
      const x = 'x'.repeat(len);
      expect(at(`a = "${x}\u0001"`)).toBe(5 + len);
      expect(at(`a = "${x}\n"`)).toBe(5 + len);
      expect(at(`a = "${x}\\q"`)).toBe(5 + len);
      expect(at(`a = '${x}`)).toBe(4);
    }
  });

  it('reads decimal integers as toml-eslint-parser, leading zeros, signs, underscores and long ones included', () => {
    const words = ['0', '7', '10', '12345', '00', '01', '007', '+1', '-0', '1_000', '123456789012345', '1234567890123456', '9007199254740993', '12345678901234567890', '1979', '1979-05-27', '12:30:00', '1e5', '12.5', '1_', '12a'];
    const got = words.map((w) => {
      const r = ours(`a = ${w}`);
      return [w, r.ok ? r.value : 'error'];
    });
    const want = words.map((w) => {
      const r = oracle(`a = ${w}`);
      return [w, r.ok ? r.value : 'error'];
    });
    expect(got).toEqual(want);
    const node = parseToml('a = 12345\nb = [1, 22, 333]').sections[0].entries;
    expect(node.map((kv) => kv.value)).toEqual([
      { type: 'integer', value: 12345, span: { start: 4, end: 9 } },
      { type: 'array', span: { start: 14, end: 26 }, elements: [
        { type: 'integer', value: 1, span: { start: 15, end: 16 } },
        { type: 'integer', value: 22, span: { start: 18, end: 20 } },
        { type: 'integer', value: 333, span: { start: 22, end: 25 } },
      ] },
    ]);
  });

  it('keeps `__proto__` as a plain key', () => {
    const value = parseToml('__proto__ = 1\nconstructor = 2').value;
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('keeps the span of every key and value', () => {
    const text = '[rule]\nquery = """x"""\n[[rule.threat]]\nframework = "M"\n[rule.threshold]\nfield = ["a", {b = 1}]\n';
    const doc = parseToml(text);
    const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    expect(at(doc.keyValues.get('rule.query')!.value.span)).toBe('"""x"""');
    expect(at(doc.keyValues.get('rule.threat.0.framework')!.keySpan)).toBe('framework');
    const field = doc.keyValues.get('rule.threshold.field')!.value;
    expect(field.type === 'array' && at(field.elements[1].span)).toBe('{b = 1}');
  });

  it('builds the node of each value when asked, as it reads it (kind, value and span)', () => {
    const text = [
      "s = 'lit'", 'm = """\nx"""', 'b = false', 'i = 0x1F', 'f = 1.0', 'e = 1e3', 'n = -nan', 'd = 1979-05-27T07:32:00Z',
      't = 07:32', 'a = [1, [2.5, "x"], { k.l = true }]', 'it = { x = [ ], y.z = 2 }', '"q.k" = 1',
    ].join('\n');
    const doc = parseToml(text);
    const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
    const plain = (n: TomlValueNode): unknown =>
      n.type === 'array' ? ['array', at(n.span), n.elements.map(plain)]
      : n.type === 'inline-table' ? ['table', at(n.span), n.entries.map((e) => [e.key, at(e.keySpan), plain(e.value)])]
      : n.type === 'string' ? [n.type, n.style, n.multiline, n.value, at(n.span)]
      : [n.type, n.value instanceof Date ? n.value.toISOString() : n.value, at(n.span)];
    expect(doc.sections[0].entries.map((kv) => [kv.key, at(kv.keySpan), plain(kv.value)])).toEqual([
      [['s'], 's', ['string', 'literal', false, 'lit', "'lit'"]],
      [['m'], 'm', ['string', 'basic', true, 'x', '"""\nx"""']],
      [['b'], 'b', ['boolean', false, 'false']],
      [['i'], 'i', ['integer', 31, '0x1F']],
      [['f'], 'f', ['float', 1, '1.0']],
      [['e'], 'e', ['float', 1000, '1e3']],
      [['n'], 'n', ['float', NaN, '-nan']],
      [['d'], 'd', ['datetime', '1979-05-27T07:32:00.000Z', '1979-05-27T07:32:00Z']],
      [['t'], 't', ['datetime', '0000-01-01T07:32:00.000Z', '07:32']],
      [['a'], 'a', ['array', '[1, [2.5, "x"], { k.l = true }]', [
        ['integer', 1, '1'],
        ['array', '[2.5, "x"]', [['float', 2.5, '2.5'], ['string', 'basic', false, 'x', '"x"']]],
        ['table', '{ k.l = true }', [[['k', 'l'], 'k.l', ['boolean', true, 'true']]]],
      ]]],
      [['it'], 'it', ['table', '{ x = [ ], y.z = 2 }', [[['x'], 'x', ['array', '[ ]', []]], [['y', 'z'], 'y.z', ['integer', 2, '2']]]]],
      [['q.k'], '"q.k"', ['integer', 1, '1']],
    ]);
    // A node is made once, and a date node holds the document's own Date.
    const d = doc.find('d')!;
    expect(d.value).toBe(d.value);
    expect(d.value.value).toBe(doc.value.d);
    expect(doc.find('q.k')!.value.span).toEqual({ start: text.indexOf('1', text.indexOf('"q.k"')), end: text.length });
  });

  it('reads strings of any size and deep nesting without overflowing the stack', () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const doc = parseRuleDocument(`[rule]\nlanguage = "kuery"\ndescription = "${big}"\nquery = '''\na:1\n'''\n`, 'big.toml');
    expect(doc.diagnostics).toEqual([]);
    expect((doc.rule.description as string).length).toBe(big.length);
    expect(doc.queries[0].text).toBe('a:1\n');
    const deep = parseRuleDocument(`a = ${'['.repeat(100000)}`, 'deep.toml');
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['toml-syntax']);
    expect(deep.diagnostics[0].message).toMatch(/nested more than/);
  });
});

describe.skipIf(!HAS_CORPUS)('TOML reader over the corpus', () => {
  it('reads every corpus file to the same values as toml-eslint-parser', () => {
    const problems: string[] = [];
    let n = 0;
    for (const file of corpusRuleFiles()) {
      const text = readFileSync(file, 'utf8');
      const want = oracle(text);
      const got = ours(text);
      n++;
      if (want.ok !== got.ok || (want.ok && got.ok && !isDeepStrictEqual(got.value, want.value))) problems.push(file);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(n).toBeGreaterThan(1000);
  });

  it('gives the verdict and values of toml-eslint-parser on corrupted corpus files', () => {
    // Cut, insert and delete at pseudo-random offsets of every 7th file (fixed seed): the error paths of
    // the reader against the oracle.
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    const INSERT = ['"', "'", '\\', '\r', '\r\n', '\u0001', '\u007f', '\t', '[', ']', '[[', '=', '.', '{', '}', ',', '#', '\n', ' ', 'é', '"""', "\'\'\'", '\\u', '\\x4', '1', 'a', '-', ':', '+', '\u0000', '\\\n', 'true', '0x', '_'];
    const problems: string[] = [];
    const files = corpusRuleFiles();
    for (let f = 0; f < files.length; f += 7) {
      const text = readFileSync(files[f], 'utf8');
      for (let k = 0; k < 4; k++) {
        const p = rnd(text.length + 1);
        const r = rnd(3);
        const v = r === 0 ? text.slice(0, p) : r === 1 ? text.slice(0, p) + INSERT[rnd(INSERT.length)] + text.slice(p) : text.slice(0, p) + text.slice(p + 1 + rnd(3));
        const want = oracle(v);
        const got = ours(v);
        if (want.ok !== got.ok || (want.ok && got.ok && !isDeepStrictEqual(got.value, want.value))) problems.push(`${files[f]} at ${p}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });
});
