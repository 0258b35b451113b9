import { LineIndex, type Diagnostic, type Span } from '@esql-lint/core';
import type { EmbeddedQuery, RuleDocument, RuleLanguage } from './types.js';
import { decodeJsonString, encodeJsonString } from './json-string.js';
import { jsonAt, jsonValue, parseJsonTree, type JsonNode } from './json-tree.js';

/**
 * Rules as Kibana holds them: `.ndjson` exports (Security -> Rules -> Export, detection-rules'
 * `kibana export-rules`: one rule object per line, exception lists and a summary line besides) and
 * `.json` files (one rule object or an array of them) in the detection engine API shape. Each rule
 * becomes a `RuleDocument` whose values are mapped to the names of the TOML layout (`new_terms_fields`
 * -> `new_terms`, `related_integrations` -> `metadata.integration`), so every check runs unchanged,
 * and whose spans point into the file through JSON string escapes.
 */
export type JsonRuleFormat = 'ndjson' | 'json';

export function jsonRuleFormat(path: string): JsonRuleFormat | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.ndjson') || p.endsWith('.jsonl')) return 'ndjson';
  if (p.endsWith('.json')) return 'json';
  return undefined;
}

/** A cheap look at a JSON text: does it hold a detection rule (`rule_id` and `type`)? */
export function looksLikeJsonRule(text: string): boolean {
  return /"rule_id"\s*:/.test(text) && /"type"\s*:/.test(text);
}

/** The values of a rule object, in the TOML layout's names. */
function tomlShape(api: Record<string, unknown>): { metadata: Record<string, unknown>; rule: Record<string, unknown> } {
  const { new_terms_fields, history_window_start, related_integrations, ...rest } = api;
  const rule: Record<string, unknown> = { ...rest };
  if (new_terms_fields !== undefined || history_window_start !== undefined) {
    rule.new_terms = {
      field: 'new_terms_fields',
      value: new_terms_fields,
      ...(history_window_start !== undefined ? { history_window_start: [{ field: 'history_window_start', value: history_window_start }] } : {}),
    };
  }
  if (related_integrations !== undefined) rule.related_integrations = related_integrations;
  const metadata: Record<string, unknown> = {};
  const packages = integrationPackages(related_integrations);
  if (packages.length) metadata.integration = packages.map((p) => p.name);
  return { metadata, rule };
}

/** The distinct packages of `related_integrations`, with the index of the first entry naming each. */
function integrationPackages(v: unknown): Array<{ name: string; index: number }> {
  const out: Array<{ name: string; index: number }> = [];
  if (!Array.isArray(v)) return out;
  v.forEach((r, index) => {
    const name = r && typeof r === 'object' ? (r as Record<string, unknown>).package : undefined;
    if (typeof name === 'string' && !out.some((p) => p.name === name)) out.push({ name, index });
  });
  return out;
}

/** A key path of the TOML layout (`['rule', 'new_terms', 'value', 0]`) as a path in the API object. */
function apiPath(path: readonly (string | number)[], api: Record<string, unknown>): { path: (string | number)[]; key?: boolean } | undefined {
  const [section, ...rest] = path;
  if (section === 'metadata') {
    if (rest[0] !== 'integration') return undefined;
    const packages = integrationPackages(api.related_integrations);
    if (rest.length === 1) return { path: ['related_integrations'] };
    const p = typeof rest[1] === 'number' ? packages[rest[1]] : undefined;
    return p ? { path: ['related_integrations', p.index, 'package'] } : undefined;
  }
  if (section !== 'rule') return undefined;
  if (rest[0] === 'new_terms') {
    if (rest.length === 1) return { path: ['new_terms_fields'] };
    if (rest[1] === 'value') return { path: ['new_terms_fields', ...rest.slice(2)] };
    if (rest[1] === 'field') return { path: ['new_terms_fields'], key: true };
    if (rest[1] === 'history_window_start') return { path: ['history_window_start'] };
    return undefined;
  }
  return { path: rest };
}

function ruleDocument(text: string, path: string, lines: LineIndex, node: JsonNode & { type: 'object' }): RuleDocument {
  const api = jsonValue(node) as Record<string, unknown>;
  const { metadata, rule } = tomlShape(api);
  const queries: EmbeddedQuery[] = [];
  const doc: RuleDocument = {
    path, text, lines, kind: 'rule', metadata, rule, queries, diagnostics: [],
    ...(typeof api.rule_id === 'string' ? { ruleId: api.rule_id } : {}),
    ...(typeof api.name === 'string' ? { ruleName: api.name } : {}),
    ruleSpan: { start: node.start, end: node.end },
    valueSpan: (p) => {
      const at = apiPath(p, api);
      const found = at && jsonAt(node, at.path);
      if (!found) return undefined;
      if (at.key && found.property) return { start: found.property.keyStart, end: found.property.keyEnd };
      return { start: found.node.start, end: found.node.end };
    },
    keySpan: (p) => {
      const at = apiPath(p, api);
      const found = at && jsonAt(node, at.path);
      return found?.property ? { start: found.property.keyStart, end: found.property.keyEnd } : undefined;
    },
  };
  const push = (key: EmbeddedQuery['key'], language: RuleLanguage) => {
    const found = jsonAt(node, [key]);
    if (!found || found.node.type !== 'string') return;
    const decoded = decodeJsonString(text, found.node.start, found.node.end);
    if (!decoded) return;
    queries.push({ key, language, text: decoded.value, map: decoded.map, literalSpan: { start: found.node.start, end: found.node.end }, encode: encodeJsonString, owner: doc });
  };
  const language = typeof api.language === 'string' ? api.language : api.type === 'esql' ? 'esql' : '';
  push('query', language as RuleLanguage);
  if (api.type === 'threat_match' || api.threat_query !== undefined) push('threat_query', (typeof api.threat_language === 'string' ? api.threat_language : 'kuery') as RuleLanguage);
  return doc;
}

/** Exported objects that are not rules: the export summary and exception lists and their items. */
function notARule(v: Record<string, unknown>): string | undefined {
  if ('exported_count' in v || 'exported_rules_count' in v) {
    const n = v.exported_rules_count ?? v.exported_count;
    return `the export summary${typeof n === 'number' ? ` (${n} rule${n === 1 ? '' : 's'} exported)` : ''}`;
  }
  if ('list_id' in v && !('rule_id' in v)) {
    const kind = 'item_id' in v || 'entries' in v ? 'an exception list item' : 'an exception list';
    return `${kind}${typeof v.list_id === 'string' ? ` (list_id "${v.list_id}")` : ''}`;
  }
  if (!('rule_id' in v) || !('type' in v)) return 'an object without rule_id and type, so not a rule';
  return undefined;
}

const syntax = (message: string, offset: number, text: string): Diagnostic => ({
  code: 'json-syntax', severity: 'error', message, span: { start: offset, end: Math.min(text.length, offset + 1) },
});

/**
 * Reads a `.ndjson` or `.json` rule file: a container document (`kind: 'rules'`) whose `rules` are the
 * rule documents, and whose diagnostics are the file's own (JSON syntax, lines that are not rules).
 * Never throws.
 */
export function parseJsonRuleFile(text: string, path: string, format: JsonRuleFormat = jsonRuleFormat(path) ?? 'json'): RuleDocument {
  const lines = new LineIndex(text);
  const rules: RuleDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const container: RuleDocument = {
    path, text, lines, kind: 'rules', metadata: {}, rule: {}, queries: [], diagnostics, rules,
    valueSpan: () => undefined,
    keySpan: () => undefined,
  };
  // A .json file that is not a rule (package.json, a schema) is none of our business: no diagnostics.
  if (format === 'json' && !looksLikeJsonRule(text)) return container;
  const take = (node: JsonNode, where: string, lineSpan: Span) => {
    if (node.type !== 'object') {
      diagnostics.push({ code: 'json-syntax', severity: 'error', message: `${where} is a JSON ${node.type}, not a rule object.`, span: { start: node.start, end: node.end } });
      return;
    }
    const why = notARule(jsonValue(node) as Record<string, unknown>);
    if (why) {
      if (format === 'ndjson' || why.startsWith('the export') || why.startsWith('an exception')) {
        diagnostics.push({ code: 'json-not-a-rule', severity: 'info', message: `${where} is ${why}: not checked.`, span: lineSpan });
      }
      return;
    }
    rules.push(ruleDocument(text, path, lines, node));
  };

  if (format === 'ndjson') {
    for (let line = 1; line <= lines.lineCount; line++) {
      const start = lines.lineStart(line);
      const lineText = lines.lineText(line);
      const end = start + lineText.length;
      if (lineText.trim() === '') continue;
      const parsed = parseJsonTree(text, start, end);
      if (parsed.error) {
        diagnostics.push(syntax(`Invalid JSON on line ${line}: ${parsed.error.message}. Each line of an NDJSON file is one JSON object.`, parsed.error.offset, text));
        continue;
      }
      take(parsed.node!, `Line ${line}`, { start, end: start + lineText.trimEnd().length });
    }
  } else {
    const parsed = parseJsonTree(text);
    if (parsed.error) {
      diagnostics.push(syntax(`Invalid JSON: ${parsed.error.message}.`, parsed.error.offset, text));
    } else if (parsed.node!.type === 'array') {
      parsed.node!.items.forEach((item, i) => take(item, `Item ${i + 1} of the array`, { start: item.start, end: item.start + 1 }));
    } else {
      take(parsed.node!, 'The file', { start: 0, end: 0 });
    }
  }
  container.queries.push(...rules.flatMap((r) => r.queries));
  return container;
}
