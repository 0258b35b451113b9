import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTOML, type AST } from 'toml-eslint-parser';
import { tomlStructure, type TomlEntry } from '../src/index.js';
import { corpusRuleFiles, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';

/**
 * The outline as toml-eslint-parser's AST gives it (the reader the outline used before): the oracle of
 * spans, paths and kinds. Names use the same quoting rule (a part that is not a bare key is quoted).
 */
function oracle(text: string): TomlEntry[] | undefined {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text);
  } catch {
    return undefined;
  }
  const span = (n: { range: [number, number] }) => ({ start: n.range[0], end: n.range[1] });
  const part = (k: AST.TOMLBare | AST.TOMLQuoted) => (k.type === 'TOMLBare' ? k.name : k.value);
  const name = (key: AST.TOMLKey) => key.keys.map(part).map((k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k))).join('.');
  const entry = (kv: AST.TOMLKeyValue, prefix: (string | number)[]): TomlEntry => {
    const v = kv.value;
    const path = [...prefix, ...kv.key.keys.map(part)];
    const kind = v.type === 'TOMLArray' ? 'array' : v.type === 'TOMLInlineTable' ? 'inline-table' : v.type === 'TOMLValue' && v.kind === 'string' ? 'string' : 'other';
    return {
      kind: 'key', name: name(kv.key), path, span: span(kv), nameSpan: span(kv.key),
      value: { span: span(v), kind, multiline: text.slice(v.range[0], v.range[1]).includes('\n') },
      children: v.type === 'TOMLInlineTable' ? v.body.map((b) => entry(b, path)) : [],
    };
  };
  const out: TomlEntry[] = [];
  for (const top of ast.body) {
    for (const node of top.body) {
      if (node.type === 'TOMLKeyValue') {
        out.push(entry(node, []));
        continue;
      }
      const children = node.body.map((kv) => entry(kv, node.resolvedKey));
      const last = children[children.length - 1];
      out.push({
        kind: node.kind === 'array' ? 'array-table' : 'table', name: name(node.key), path: node.resolvedKey,
        span: { start: node.range[0], end: last ? last.span.end : node.range[1] }, nameSpan: span(node.key), children,
      });
    }
  }
  return out;
}

const SNIPPETS = [
  'a = 1', 'a = "x"\nb = [1, 2]\n', 'a = """\nmulti\nline"""', "[rule]\nquery = '''\nx\n'''\nname = 'n'",
  '[a]\n[a.b]\nc = 1', '[[t]]\nx = 1\n[[t]]\nx = 2\n[t.sub]\ny = 3', 'a = { b = 1, c = { d = "x" } }',
  'a.b.c = 1\na.b.d = 2', '"a.b" = 1\n\'c d\' = 2', '  [ a . b ]  # c\n  k = "v" # c\n', 'a = 1\r\nb = 2\r\n',
  '[empty]\n\n# only a comment\n[next]\nk = 1', '[x]\narr = [\n  1,\n  2,\n]\n', 'a = {\n b = 1,\n}',
  '[[rule.threat]]\nframework = "MITRE ATT&CK"\n[rule.threat.tactic]\nid = "TA0001"\n[[rule.threat.technique]]\nid = "T1"',
];

describe('tomlStructure (outline and folding of rule files)', () => {
  it('gives the same entries, spans and paths as toml-eslint-parser on snippets', () => {
    for (const text of SNIPPETS) expect(tomlStructure(text), text).toEqual(oracle(text));
  });

  it('is undefined for text that is not TOML', () => {
    for (const text of ['a =', '[a', 'a = 1\na = 2', '[a]\n[a]']) expect(tomlStructure(text), text).toBeUndefined();
  });

  it('outlines a rule with a 20 MB string (no stack overflow, one entry per key)', () => {
    const big = 'x'.repeat(20 * 1024 * 1024);
    const entries = tomlStructure(`[rule]\ndescription = "${big}"\nquery = '''\na:1\n'''\n`);
    expect(entries?.map((e) => e.name)).toEqual(['rule']);
    expect(entries?.[0].children.map((e) => e.name)).toEqual(['description', 'query']);
    expect(entries?.[0].children[1].value).toMatchObject({ kind: 'string', multiline: true });
  });

  it.skipIf(!HAS_CORPUS)('gives the same entries as toml-eslint-parser on every corpus rule file', () => {
    let n = 0;
    const differ: string[] = [];
    for (const file of corpusRuleFiles()) {
      const text = readFileSync(file, 'utf8');
      // Compared as JSON (deep equality of 2,000 outlines is slow); the first difference is shown below.
      if (JSON.stringify(tomlStructure(text)) !== JSON.stringify(oracle(text))) differ.push(file);
      n++;
    }
    if (differ.length) {
      const text = readFileSync(differ[0], 'utf8');
      expect(tomlStructure(text), differ[0]).toEqual(oracle(text));
    }
    expect(differ).toEqual([]);
    expect(n).toBeGreaterThan(2000);
  });
  if (!HAS_CORPUS) it.skip(NO_CORPUS_MESSAGE, () => {});
});
