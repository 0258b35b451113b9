import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { parseRuleDocument, parseToml, TomlSyntaxError } from '../src/index.js';
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
});
