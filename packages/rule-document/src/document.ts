import { LineIndex, OffsetMap, type Diagnostic, type Span } from '@esql-lint/core';
import { dottedKey, parseToml, TomlSyntaxError, type TomlDocument, type TomlKeyValue, type TomlValueNode } from './toml.js';
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
  // The extension: a dot and one or more ASCII letters at the end (a check of characters, not a regex
  // search of the whole path: this runs for every file of a run).
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot === path.length - 1) return undefined;
  for (let k = dot + 1; k < path.length; k++) {
    const c = path.charCodeAt(k) | 0x20;
    if (c < 97 || c > 122) return undefined;
  }
  return RAW_EXTENSIONS[path.slice(dot).toLowerCase()];
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
  // A `.toml` name is neither JSON nor a raw query (nearly every file: no look at its extension).
  const isToml = path.endsWith('.toml');
  const json = isToml ? undefined : jsonRuleFormat(path);
  if (json) return parseJsonRuleFile(text, path, json);
  const lines = new LineIndex(text);
  const raw = isToml ? undefined : rawQueryLanguage(path);
  if (raw) {
    return {
      path, text, lines, kind: 'query', metadata: {}, rule: { language: raw },
      queries: [{ key: 'query', language: raw, text, map: OffsetMap.identity(0, text.length), literalSpan: { start: 0, end: text.length } }],
      diagnostics: [],
      valueSpan: () => undefined,
      keySpan: () => undefined,
    };
  }

  let toml: TomlDocument;
  try {
    toml = parseToml(text);
  } catch (e) {
    return brokenToml(text, path, lines, e);
  }
  const value = toml.value;
  const isHunt = isObject(value.hunt) && !isObject(value.rule);
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const rule = isObject(value.rule) ? value.rule : isObject(value.hunt) ? value.hunt : {};
  const section = isHunt ? 'hunt' : 'rule';

  const queries: EmbeddedQuery[] = [];
  const diagnostics: Diagnostic[] = [];
  const queryNode = toml.find(`${section}.query`)?.value;
  const pushString = (node: TomlValueNode, language: RuleLanguage, index?: number, key: EmbeddedQuery['key'] = 'query') => {
    if (node.type !== 'string') return;
    const decoded = decodeTomlString(text, node.span.start, node.span.end);
    if (!decoded) return;
    queries.push({ key, language, text: decoded.value, map: decoded.map, literalSpan: { start: node.span.start, end: node.span.end }, ...(index !== undefined ? { index } : {}) });
  };
  if (queryNode) {
    if (isHunt) {
      const langs = Array.isArray(rule.language) ? rule.language : [rule.language];
      const language = huntLanguage(langs[0]);
      if (queryNode.type === 'array') queryNode.elements.forEach((el, i) => pushString(el, language, i));
      else pushString(queryNode, language);
    } else {
      pushString(queryNode, String(rule.language ?? '') as RuleLanguage);
    }
  }
  // Indicator match rules also query the threat indices (`threat_query`, KQL unless said otherwise). Only a
  // rule table with that key can have its key/value (most have none: no search of the document).
  const threatNode = !isHunt && Object.prototype.hasOwnProperty.call(rule, 'threat_query') ? toml.find('rule.threat_query')?.value : undefined;
  if (threatNode) pushString(threatNode, String(rule.threat_language ?? 'kuery') as RuleLanguage, undefined, 'threat_query');

  const keyValueAt = keyValueLookup(toml);
  const locate = (path: readonly (string | number)[], part: 'key' | 'value'): Span | undefined => {
    let node: TomlValueNode | undefined;
    let i = 0;
    // Find the longest dotted key prefix that names a key/value, then index into arrays and inline tables.
    // The prefix of n parts is the whole path joined by '.' up to `end` (as Array.join writes each part).
    const joined = path.join('.');
    for (let n = path.length, end = joined.length; n > 0; n--) {
      const kv = keyValueAt(joined, end);
      if (kv) {
        if (n === path.length && part === 'key') return { ...kv.keySpan };
        node = kv.value;
        i = n;
        break;
      }
      const last = path[n - 1];
      end -= (last === undefined || last === null ? 0 : String(last).length) + 1;
    }
    if (!node) return undefined;
    for (; i < path.length; i++) {
      const step = path[i];
      if (node.type === 'array' && typeof step === 'number') node = node.elements[step];
      else if (node.type === 'inline-table') {
        const kv: TomlKeyValue | undefined = node.entries.find((b) => b.key.join('.') === String(step));
        if (!kv) return undefined;
        if (i === path.length - 1 && part === 'key') return { ...kv.keySpan };
        node = kv.value;
      } else return undefined;
      if (!node) return undefined;
    }
    return { start: node.span.start, end: node.span.end };
  };

  return {
    path, text, lines, kind: isHunt ? 'hunt' : 'rule', metadata, rule, queries, diagnostics,
    valueSpan: (p) => locate(p, 'value'),
    keySpan: (p) => locate(p, 'key'),
  };
}

/** After this many lookups in one document, its table of every key (`keyValues`) is built and used. */
const LOOKUPS_BEFORE_TABLE = 24;

/**
 * `toml.keyValues.get(path)`, without building that table for the few lookups most documents get (a
 * checked rule asks for the spans of a handful of keys; building the table of all its keys, ~50 new
 * strings hashed per file, was the larger cost): each section whose dotted path (joined by '.', as the
 * table's keys are) is followed by '.' at the start of `path` (or any section whose path joins to '')
 * is searched for an entry whose dotted key is the rest; the last such entry wins, as the table's
 * later entries replace earlier ones.
 */
function keyValueLookup(toml: TomlDocument): (joined: string, length: number) => TomlKeyValue | undefined {
  let lookups = 0;
  let prefixes: string[] | undefined;
  // `path` is the first `length` characters of `joined`, compared in place (no slices).
  return (joined, length) => {
    if (++lookups > LOOKUPS_BEFORE_TABLE) return toml.keyValues.get(length === joined.length ? joined : joined.slice(0, length));
    prefixes ??= toml.sections.map((s) => s.path.join('.'));
    const sections = toml.sections;
    let found: TomlKeyValue | undefined;
    for (let k = 0; k < sections.length; k++) {
      const prefix = prefixes[k];
      let from = 0;
      if (prefix) {
        if (length <= prefix.length || joined.charCodeAt(prefix.length) !== 46 || !joined.startsWith(prefix)) continue;
        from = prefix.length + 1;
      }
      const entries = sections[k].entries;
      for (let e = 0; e < entries.length; e++) {
        const dotted = dottedKey(entries[e]);
        if (dotted.length === length - from && joined.startsWith(dotted, from)) found = entries[e];
      }
    }
    return found;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function brokenToml(text: string, path: string, lines: LineIndex, e: unknown): RuleDocument {
  // The reader throws only TomlSyntaxError; anything else is a bug of ours, still reported at 1:1.
  const offset = e instanceof TomlSyntaxError ? Math.max(0, Math.min(e.offset, text.length)) : 0;
  // The character at the offset (both halves of a surrogate pair: an emoji is one character), or nothing at a line end.
  const pair = /[\ud800-\udbff][\udc00-\udfff]/y;
  pair.lastIndex = offset;
  const end = offset < text.length && text[offset] !== '\n' && text[offset] !== '\r' ? offset + (pair.test(text) ? 2 : 1) : offset;
  const message = e instanceof Error ? e.message : String(e);
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
