import { LineIndex, OffsetMap, type Diagnostic, type Span } from '@esql-lint/core';
import { parseTOML, getStaticTOMLValue, type AST } from 'toml-eslint-parser';
import { decodeTomlString } from './toml-string.js';
import { jsonRuleFormat, parseJsonRuleFile } from './json-host.js';

export type { RuleLanguage, EmbeddedQuery, DocumentKind, RuleDocument } from './types.js';
import type { EmbeddedQuery, RuleDocument, RuleLanguage } from './types.js';

const RAW_EXTENSIONS: Record<string, RuleLanguage> = {
  '.esql': 'esql',
  '.eql': 'eql',
  '.kql': 'kuery',
  '.kuery': 'kuery',
};

/** The query language of a raw query file name, or undefined when it is not one. */
export function rawQueryLanguage(path: string): RuleLanguage | undefined {
  const m = /\.[a-z]+$/i.exec(path);
  return m ? RAW_EXTENSIONS[m[0].toLowerCase()] : undefined;
}

/** Rule files by name: TOML, raw queries, Kibana NDJSON exports and JSON (which discovery also peeks into). */
export function isLintableFile(path: string): boolean {
  return path.toLowerCase().endsWith('.toml') || rawQueryLanguage(path) !== undefined || jsonRuleFormat(path) !== undefined;
}

/** Hunting files name languages as `ES|QL`, `EQL`, `KQL` ...; map them to rule language ids. */
function huntLanguage(name: unknown): RuleLanguage {
  const n = String(name).toLowerCase().replace(/[^a-z]/g, '');
  if (n === 'esql') return 'esql';
  if (n === 'eql') return 'eql';
  if (n === 'kql' || n === 'kuery') return 'kuery';
  return String(name).toLowerCase();
}

/** Reads a rule file (TOML), a hunting file, or a raw query file. Never throws on bad input. */
export function parseRuleDocument(text: string, path: string): RuleDocument {
  const json = jsonRuleFormat(path);
  if (json) return parseJsonRuleFile(text, path, json);
  const lines = new LineIndex(text);
  const raw = rawQueryLanguage(path);
  if (raw) {
    return {
      path, text, lines, kind: 'query', metadata: {}, rule: { language: raw },
      queries: [{ key: 'query', language: raw, text, map: OffsetMap.identity(0, text.length), literalSpan: { start: 0, end: text.length } }],
      diagnostics: [],
      valueSpan: () => undefined,
      keySpan: () => undefined,
    };
  }

  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text);
  } catch (e) {
    return brokenToml(text, path, lines, e);
  }
  const value = (getStaticTOMLValue(ast) ?? {}) as Record<string, unknown>;
  const kvs = indexKeyValues(ast);
  const isHunt = isObject(value.hunt) && !isObject(value.rule);
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const rule = isObject(value.rule) ? value.rule : isObject(value.hunt) ? value.hunt : {};
  const section = isHunt ? 'hunt' : 'rule';

  const queries: EmbeddedQuery[] = [];
  const diagnostics: Diagnostic[] = [];
  const queryNode = kvs.get(`${section}.query`)?.value;
  const pushString = (node: AST.TOMLNode, language: RuleLanguage, index?: number, key: EmbeddedQuery['key'] = 'query') => {
    if (node.type !== 'TOMLValue' || node.kind !== 'string') return;
    const decoded = decodeTomlString(text, node.range[0], node.range[1]);
    if (!decoded) return;
    queries.push({ key, language, text: decoded.value, map: decoded.map, literalSpan: { start: node.range[0], end: node.range[1] }, ...(index !== undefined ? { index } : {}) });
  };
  if (queryNode) {
    if (isHunt) {
      const langs = Array.isArray(rule.language) ? rule.language : [rule.language];
      const language = huntLanguage(langs[0]);
      if (queryNode.type === 'TOMLArray') queryNode.elements.forEach((el, i) => pushString(el, language, i));
      else pushString(queryNode, language);
    } else {
      pushString(queryNode, String(rule.language ?? '') as RuleLanguage);
    }
  }
  // Indicator match rules also query the threat indices (`threat_query`, KQL unless said otherwise).
  const threatNode = !isHunt ? kvs.get('rule.threat_query')?.value : undefined;
  if (threatNode) pushString(threatNode, String(rule.threat_language ?? 'kuery') as RuleLanguage, undefined, 'threat_query');

  const locate = (path: readonly (string | number)[], part: 'key' | 'value'): Span | undefined => {
    let node: AST.TOMLNode | undefined;
    let i = 0;
    // Find the longest dotted key prefix that names a key/value, then index into arrays and inline tables.
    for (let n = path.length; n > 0; n--) {
      const kv = kvs.get(path.slice(0, n).join('.'));
      if (kv) {
        if (n === path.length && part === 'key') return { start: kv.key.range[0], end: kv.key.range[1] };
        node = kv.value;
        i = n;
        break;
      }
    }
    if (!node) return undefined;
    for (; i < path.length; i++) {
      const step = path[i];
      if (node.type === 'TOMLArray' && typeof step === 'number') node = node.elements[step];
      else if (node.type === 'TOMLInlineTable') {
        const kv: AST.TOMLKeyValue | undefined = node.body.find((b) => keyName(b.key) === String(step));
        if (!kv) return undefined;
        if (i === path.length - 1 && part === 'key') return { start: kv.key.range[0], end: kv.key.range[1] };
        node = kv.value;
      } else return undefined;
      if (!node) return undefined;
    }
    return { start: node.range[0], end: node.range[1] };
  };

  return {
    path, text, lines, kind: isHunt ? 'hunt' : 'rule', metadata, rule, queries, diagnostics,
    valueSpan: (p) => locate(p, 'value'),
    keySpan: (p) => locate(p, 'key'),
  };
}

function keyName(key: AST.TOMLKey): string {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.');
}

/**
 * Every key/value of the document by its full dotted path: `rule.query`, `rule.threshold.field`, and
 * `rule.threat.0.framework` for arrays of tables.
 */
function indexKeyValues(ast: AST.TOMLProgram): Map<string, AST.TOMLKeyValue> {
  const out = new Map<string, AST.TOMLKeyValue>();
  for (const top of ast.body) {
    for (const table of top.body) {
      if (table.type === 'TOMLTable') {
        // resolvedKey carries the index of each array-of-tables entry: ['rule', 'threat_mapping', 0, 'entries', 1].
        const prefix = table.resolvedKey.join('.');
        for (const kv of table.body) out.set(`${prefix}.${keyName(kv.key)}`, kv);
      } else if (table.type === 'TOMLKeyValue') {
        out.set(keyName(table.key), table);
      }
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function brokenToml(text: string, path: string, lines: LineIndex, e: unknown): RuleDocument {
  const err = e as { message?: string; index?: number; lineNumber?: number; column?: number };
  let offset = typeof err.index === 'number' ? err.index : 0;
  if (typeof err.index !== 'number' && typeof err.lineNumber === 'number') {
    offset = lines.offset({ line: err.lineNumber, column: (err.column ?? 0) + 1 });
  }
  offset = Math.max(0, Math.min(offset, text.length));
  const end = offset < text.length && text[offset] !== '\n' && text[offset] !== '\r' ? offset + 1 : offset;
  const message = String(err.message ?? e).replace(/\s*\(\d+:\d+\)\s*$/, '');
  return {
    path, text, lines, kind: 'rule', metadata: {}, rule: {}, queries: [],
    diagnostics: [{ code: 'toml-syntax', severity: 'error', message: `Invalid TOML: ${message}`, span: { start: offset, end } }],
    valueSpan: () => undefined,
    keySpan: () => undefined,
  };
}

/** A TOML value read as a list of strings: a string is a list of one; non-strings are dropped. */
export function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
