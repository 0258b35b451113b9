/**
 * The extension's TextMate grammars, run by vscode-textmate + vscode-oniguruma (what VS Code runs).
 * Rule files of the detection-rules corpus: toml-eslint-parser, an independent TOML parser, says where
 * every table name, key, string, number, boolean, date and comment is, and the grammar must give each
 * of their characters the expected scope (queries: code, not string). Raw query files (examples/rules
 * and hand-written lines): the keywords, functions, strings, comments of each query language.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTOML } from 'toml-eslint-parser';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, HAS_CORPUS, NO_CORPUS_MESSAGE, corpusRuleFiles } from '../../../test/support/corpus.js';
import { tokenize, scopesAt, type ScopedToken } from './textmate.js';

const EXAMPLES = join(__dirname, '../../../examples/rules');
/** Every how-many-th corpus rule file the whole-file check covers (plus the named ones below). */
const SAMPLE_EVERY = 8;
const NAMED = {
  kuery: 'rules/threat_intel/threat_intel_indicator_match_email.toml',
  eql: 'rules/windows/defense_evasion_via_filter_manager.toml',
  esql: 'rules/network/command_and_control_fin7_c2_behavior.toml',
};

type Node = { type: string; range: [number, number]; kind?: string; style?: string; multiline?: boolean; keys?: Node[]; key?: Node; value?: Node; elements?: Node[]; body?: Node[]; resolvedKey?: Array<string | number> };

interface Expectation {
  start: number;
  end: number;
  /** Every scope list of the range must contain a scope starting with this. */
  scope: string;
  /** ... and none starting with this. */
  not?: string;
  what: string;
}

const isQueryKey = (path: Array<string | number>) => {
  const key = path.filter((p) => typeof p === 'string');
  return key.length >= 2 && (key[0] === 'rule' || key[0] === 'hunt') && (key[key.length - 1] === 'query' || key[key.length - 1] === 'threat_query') && key.length === 2;
};

/** What the grammar must say about each part of a TOML file, from toml-eslint-parser's AST. */
function expectations(text: string): Expectation[] {
  const ast = parseTOML(text) as unknown as { body: Node[]; comments: Node[] };
  const out: Expectation[] = [];
  for (const c of ast.comments) out.push({ start: c.range[0], end: c.range[1], scope: 'comment.line.number-sign.toml', what: 'comment' });
  const value = (v: Node, path: Array<string | number>) => {
    if (v.type === 'TOMLArray') return v.elements!.forEach((e, i) => value(e, [...path, i]));
    if (v.type === 'TOMLInlineTable') return v.body!.forEach((kv) => keyValue(kv, path));
    const [start, end] = v.range;
    if (v.kind === 'string') {
      const quote = v.multiline ? 3 : 1;
      const kind = `string.quoted.${v.multiline ? 'triple' : v.style === 'basic' ? 'double' : 'single'}.${v.style}.toml`;
      if (isQueryKey(path)) {
        out.push({ start, end: start + quote, scope: kind, what: 'query opening quotes' });
        out.push({ start: end - quote, end, scope: kind, what: 'query closing quotes' });
        out.push({ start: start + quote, end: end - quote, scope: 'meta.embedded.block.query.toml', not: 'string', what: 'query text' });
      } else out.push({ start, end, scope: kind, what: `string of ${path.join('.')}` });
    } else if (v.kind === 'integer' || v.kind === 'float') out.push({ start, end, scope: 'constant.numeric', what: 'number' });
    else if (v.kind === 'boolean') out.push({ start, end, scope: 'constant.language.boolean.toml', what: 'boolean' });
    else if (v.kind && /date|time/.test(v.kind)) out.push({ start, end, scope: 'constant.other.', what: 'date' });
  };
  const keyValue = (kv: Node, table: Array<string | number>) => {
    for (const k of kv.key!.keys!) out.push({ start: k.range[0], end: k.range[1], scope: 'support.type.property-name', what: 'key' });
    value(kv.value!, [...table, ...kv.key!.keys!.map((k) => text.slice(k.range[0], k.range[1]).replace(/^["']|["']$/g, ''))]);
  };
  for (const top of ast.body) {
    for (const item of top.body!) {
      if (item.type === 'TOMLKeyValue') keyValue(item, []);
      else {
        const scope = item.kind === 'array' ? 'entity.name.section.table.toml' : 'entity.name.section.table.toml';
        for (const k of item.key!.keys!) out.push({ start: k.range[0], end: k.range[1], scope, what: `${item.kind} table name` });
        const open = item.kind === 'array' ? 'punctuation.definition.table.array.begin.toml' : 'punctuation.definition.table.begin.toml';
        out.push({ start: item.range[0], end: item.range[0] + 1, scope: open, what: 'table bracket' });
        const name = (item.resolvedKey ?? []).filter((x): x is string => typeof x === 'string');
        for (const kv of item.body!) keyValue(kv, name);
      }
    }
  }
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** Checks every character of every expectation; returns the failures (at most `max`). */
function check(text: string, tokens: ScopedToken[], exps: Expectation[], max = 5): string[] {
  const starts = lineStarts(text);
  const byLine = new Map<number, ScopedToken[]>();
  for (const t of tokens) (byLine.get(t.line) ?? byLine.set(t.line, []).get(t.line)!).push(t);
  const failures: string[] = [];
  for (const e of exps) {
    for (let o = e.start; o < e.end && failures.length < max; o++) {
      if (/\s/.test(text[o])) continue;
      let line = 0;
      while (line + 1 < starts.length && starts[line + 1] <= o) line++;
      const ch = o - starts[line];
      const scopes = (byLine.get(line) ?? []).find((t) => t.start <= ch && ch < t.end)?.scopes ?? [];
      const ok = scopes.some((s) => s.startsWith(e.scope)) && !(e.not && scopes.some((s) => s.startsWith(e.not!)));
      if (!ok) {
        failures.push(`${e.what} at ${line + 1}:${ch + 1} (${JSON.stringify(text[o])}): expected ${e.scope}${e.not ? ` and no ${e.not}` : ''}, got ${scopes.join(' ')}`);
        break;
      }
    }
  }
  return failures;
}

describe.skipIf(!HAS_CORPUS)('TOML grammar on detection-rules corpus files', () => {
  it('scopes tables, keys, strings, numbers, booleans, dates and comments exactly where a TOML parser finds them', async () => {
    const files = corpusRuleFiles();
    const sample = new Set([...files.filter((_, i) => i % SAMPLE_EVERY === 0), ...Object.values(NAMED).map((f) => join(CORPUS_DIR, f))]);
    const failures: string[] = [];
    let checked = 0;
    for (const file of sample) {
      const text = readFileSync(file, 'utf8');
      const { tokens, openScopes } = await tokenize('source.toml', text);
      const f = check(text, tokens, expectations(text));
      if (openScopes.some((s) => /^(string|meta\.(array|entry|embedded))/.test(s))) f.push(`still open at the end: ${openScopes.join(' ')}`);
      failures.push(...f.map((m) => `${file.slice(CORPUS_DIR.length + 1)}: ${m}`));
      checked++;
    }
    expect(failures.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it.each(Object.entries(NAMED))('a %s rule: its query is code between string quotes, its keys and table names are keys', async (language, path) => {
    const text = readFileSync(join(CORPUS_DIR, path), 'utf8');
    const { tokens } = await tokenize('source.toml', text);
    const lines = text.split('\n');
    const ruleTable = lines.indexOf('[rule]');
    const queryLine = lines.findIndex((l, i) => i > ruleTable && /^query = /.test(l)) + 1;
    const at = (re: RegExp, group = 0) => {
      const line = lines.findIndex((l) => re.test(l));
      expect(line, String(re)).toBeGreaterThanOrEqual(0);
      const m = re.exec(lines[line])!;
      return scopesAt(tokens, line, m.index + (group ? m[0].indexOf(m[group]) : 0));
    };
    expect(at(/^\[metadata\]/)).toContain('punctuation.definition.table.begin.toml');
    expect(at(/^\[(rule)\]/, 1)).toContain('entity.name.section.table.toml');
    expect(at(/^(language) = /)).toContain('support.type.property-name.toml');
    expect(at(/^language = (")/, 1)).toContain('string.quoted.double.basic.toml');
    expect(scopesAt(tokens, queryLine - 1, 8).some((s) => s.startsWith('string.quoted.triple.'))).toBe(true);
    const first = lines[queryLine].search(/\S/);
    expect(scopesAt(tokens, queryLine, first)).toContain('meta.embedded.block.query.toml');
    expect(language).toBe(/^language = "(\w+)"/m.exec(text)![1]);
    if (/^\[\[rule\.threat\]\]/m.test(text)) expect(at(/^\[\[(rule)\.threat\]\]/, 1)).toContain('meta.table.array.toml');
    // The indicator match rule's threat_query is a basic multi-line string: code too.
    const threat = lines.findIndex((l) => /^threat_query = """/.test(l));
    if (language === 'kuery') expect(threat).toBeGreaterThan(0);
    if (threat > 0) {
      expect(scopesAt(tokens, threat, 15)).toContain('string.quoted.triple.basic.toml');
      expect(scopesAt(tokens, threat + 1, lines[threat + 1].search(/\S/))).toContain('meta.embedded.block.query.toml');
    }
    // `query` keys of other tables (osquery investigation guides) are plain strings.
    const osquery = lines.findIndex((l, i) => /^query = "/.test(l) && lines.slice(0, i).reverse().find((x) => x.startsWith('['))?.startsWith('[[transform'));
    if (osquery > 0) expect(scopesAt(tokens, osquery, 9).some((s) => s.startsWith('string.quoted.'))).toBe(true);
  });
});
if (!HAS_CORPUS) it.skip(NO_CORPUS_MESSAGE, () => {});

describe('TOML grammar on edge cases', () => {
  it('scopes the less common TOML forms', async () => {
    const text = [
      '# top',
      '[a."quoted key".b]',
      'x.y = 0x1F # hex',
      "'lit' = 'a\\b'",
      'f = -1.5e3',
      'i = inf',
      'd = 1979-05-27T07:32:00Z',
      't = 07:32:00',
      'ok = true',
      'arr = [ 1, "two", { k = 3 } ]',
      'ml = """',
      'line \\',
      '  "quote" \\u00e9"""',
      '[[a.b]]',
      "hunt = [ '''x''' ]",
    ].join('\n');
    const { tokens, openScopes } = await tokenize('source.toml', text);
    const exps = expectations(text);
    expect(exps.length).toBeGreaterThan(20);
    expect(check(text, tokens, exps)).toEqual([]);
    expect(openScopes).toEqual(['source.toml']);
    expect(scopesAt(tokens, 2, 0)).toContain('support.type.property-name.toml');
    expect(scopesAt(tokens, 2, 1)).toContain('punctuation.separator.dot.toml');
    expect(scopesAt(tokens, 2, 6)).toContain('constant.numeric.integer.hex.toml');
    expect(scopesAt(tokens, 11, 5)).toContain('constant.character.escape.line-ending.toml');
    expect(scopesAt(tokens, 12, 11)).toContain('constant.character.escape.toml');
  });

  it('scopes the queries of hunting files (arrays of strings) as code', async () => {
    const text = "[hunt]\nname = \"x\"\nquery = [\n'''\nfrom logs-*\n''',\n\"\"\"\nfrom b\"\"\"\n]\n";
    const { tokens } = await tokenize('source.toml', text);
    expect(check(text, tokens, expectations(text))).toEqual([]);
    expect(scopesAt(tokens, 4, 0)).toContain('meta.embedded.block.query.toml');
    expect(scopesAt(tokens, 7, 0)).toContain('meta.embedded.block.query.toml');
  });
});

/** The scopes of the first occurrence of `needle` (at its `index`-th character) in the tokens of `text`. */
async function scopesOf(scopeName: string, text: string, needle: string, index = 0): Promise<string[]> {
  const { tokens } = await tokenize(scopeName, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${needle} not in the text`);
  return scopesAt(tokens, line, lines[line].indexOf(needle) + index);
}

describe('query grammars on raw query files', () => {
  const esql = readFileSync(join(EXAMPLES, 'suspicious_certutil_download.esql'), 'utf8');
  const eql = readFileSync(join(EXAMPLES, 'registry_run_key.eql'), 'utf8');
  const kql = readFileSync(join(EXAMPLES, 'dns_long_query.kql'), 'utf8');

  it.each([
    ['source.esql', esql, 'from', 'keyword.control.command.esql'],
    ['source.esql', esql, 'logs-endpoint', 'entity.name.type.index.esql'],
    ['source.esql', esql, 'metadata', 'keyword.other.esql'],
    ['source.esql', esql, '| where', 'keyword.operator.pipe.esql'],
    ['source.esql', esql, 'where', 'keyword.control.command.esql'],
    ['source.esql', esql, 'keep', 'keyword.control.command.esql'],
    ['source.esql', esql, 'and process.name', 'keyword.operator.logical.esql'],
    ['source.esql', esql, 'like', 'keyword.operator.word.esql'],
    ['source.esql', esql, '"windows"', 'string.quoted.double.esql'],
    ['source.esql', esql, '==', 'keyword.operator.comparison.esql'],
    ['source.esql', esql, 'host.os.type', 'variable.other.field.esql'],
    ['source.esql', esql, '// A raw', 'comment.line.double-slash.esql'],
    ['source.eql', eql, 'registry where', 'entity.name.type.event-category.eql'],
    ['source.eql', eql, 'where', 'keyword.control.where.eql'],
    ['source.eql', eql, 'and', 'keyword.operator.logical.eql'],
    ['source.eql', eql, '"windows"', 'string.quoted.double.eql'],
    ['source.eql', eql, '\\\\', 'constant.character.escape.eql'],
    ['source.eql', eql, 'process.name', 'variable.other.field.eql'],
    ['source.eql', eql, ':', 'keyword.operator.comparison.eql'],
    ['source.kql', kql, 'event.category', 'variable.other.field.kql'],
    ['source.kql', kql, ':network', 'keyword.operator.match.kql'],
    ['source.kql', kql, 'network', 'string.unquoted.kql'],
    ['source.kql', kql, 'and dns', 'keyword.operator.logical.kql'],
    ['source.kql', kql, 'not', 'keyword.operator.logical.kql'],
    ['source.kql', kql, '*.microsoft', 'keyword.operator.wildcard.kql'],
    ['source.kql', kql, 'or *', 'keyword.operator.logical.kql'],
  ])('%s: %j has %s', async (scopeName, text, needle, scope) => {
    expect(await scopesOf(scopeName, text, needle)).toContain(scope);
  });

  it.each([
    ['source.esql', 'FROM logs-* | EVAL d = DATE_TRUNC(1 hour, @timestamp) | STATS c = COUNT(*) BY d | LIMIT ?limit', 'DATE_TRUNC', 'support.function.esql'],
    ['source.esql', 'FROM logs-* | EVAL d = DATE_TRUNC(1 hour, @timestamp)', 'hour', 'keyword.other.unit.esql'],
    ['source.esql', 'FROM logs-* | LIMIT ?limit', '?limit', 'variable.parameter.esql'],
    ['source.esql', 'FROM logs-* /* block */ | WHERE `a b` IS NOT NULL', '/* block', 'comment.block.esql'],
    ['source.esql', 'FROM logs-* | WHERE `a b` IS NOT NULL', '`a b`', 'variable.other.quoted.esql'],
    ['source.esql', 'FROM logs-* | WHERE `a b` IS NOT NULL', 'NULL', 'constant.language.esql'],
    ['source.esql', 'row a = """x "y" z"""', '"y"', 'string.quoted.triple.esql'],
    ['source.esql', 'from a | sort b desc nulls last', 'desc', 'keyword.other.esql'],
    ['source.eql', 'sequence by host.id with maxspan=5m [process where true] [file where startsWith~(file.name, "a")]', 'sequence', 'keyword.control.eql'],
    ['source.eql', 'sequence by host.id with maxspan=5m [process where true]', 'maxspan', 'keyword.other.eql'],
    ['source.eql', 'sequence by host.id with maxspan=5m [process where true]', 'm [', 'keyword.other.unit.eql'],
    ['source.eql', 'file where startsWith~(file.name, "a") | head 5', 'startsWith~', 'support.function.eql'],
    ['source.eql', 'file where startsWith~(file.name, "a") | head 5', 'head', 'keyword.control.pipe.eql'],
    ['source.eql', 'file where file.name like~ "a" // note', 'like~', 'keyword.operator.word.eql'],
    ['source.eql', 'file where file.name like~ "a" // note', '// note', 'comment.line.double-slash.eql'],
    ['source.kql', 'user.name:"a \\"b\\"" OR NOT x >= 5', '\\"', 'constant.character.escape.kql'],
    ['source.kql', 'user.name:"a" OR NOT x >= 5', 'OR', 'keyword.operator.logical.kql'],
    ['source.kql', 'user.name:"a" OR NOT x >= 5', '>=', 'keyword.operator.comparison.kql'],
    ['source.kql', 'user.name:"a" OR NOT x >= 5', '5', 'constant.numeric.kql'],
  ])('%s: in %j, %j has %s', async (scopeName, text, needle, scope) => {
    expect(await scopesOf(scopeName, text, needle)).toContain(scope);
  });
});
