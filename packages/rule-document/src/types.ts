import type { LineIndex, OffsetMap, Diagnostic, Span } from '@esql-lint/core';

/** Query languages as the rule files name them. */
export type RuleLanguage = 'kuery' | 'eql' | 'esql' | 'lucene' | (string & {});

/** A query embedded in a file, with the map from its offsets to the file's. */
export interface EmbeddedQuery {
  /** Which key holds it: the rule's `query`, or the `threat_query` of an indicator match rule. */
  key: 'query' | 'threat_query';
  language: RuleLanguage;
  text: string;
  map: OffsetMap;
  /** The range of the whole string literal in the file (quotes included). */
  literalSpan: Span;
  /** For hunting files, the index of the query in the `query` array. */
  index?: number;
  /** Encodes fix text for this literal when it is not TOML (a JSON string); undefined: cannot hold it. */
  encode?: (value: string) => string | undefined;
  /** In a file of several rules (NDJSON), the rule document the query belongs to. */
  owner?: RuleDocument;
}

/** `rules`: a file of several rules (a Kibana NDJSON export, a JSON array), in `RuleDocument.rules`. */
export type DocumentKind = 'rule' | 'hunt' | 'query' | 'rules';

export interface RuleDocument {
  path: string;
  text: string;
  lines: LineIndex;
  kind: DocumentKind;
  /** Plain values of `[metadata]` (empty for raw query files). */
  metadata: Record<string, unknown>;
  /** Plain values of `[rule]` (or `[hunt]` for hunting files). */
  rule: Record<string, unknown>;
  queries: EmbeddedQuery[];
  /** Problems of the file itself (TOML syntax), in file offsets. */
  diagnostics: Diagnostic[];
  /** The file range of the value at a key path such as ['rule', 'new_terms', 'value'], if present. */
  valueSpan(path: readonly (string | number)[]): Span | undefined;
  /** The file range of the key at a key path, if present. */
  keySpan(path: readonly (string | number)[]): Span | undefined;
  /** For `kind: 'rules'`: the rules of the file (JSON hosts, json-host.ts). */
  rules?: RuleDocument[];
  /** A rule of such a file: its `rule_id`, `name` and the span of its object. */
  ruleId?: string;
  ruleName?: string;
  ruleSpan?: Span;
}
