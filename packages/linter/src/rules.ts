import type { Severity } from '@esql-lint/core';

/** What every diagnostic code is: its default severity and a one-line description. */
export interface RuleMeta {
  code: string;
  defaultSeverity: Severity;
  description: string;
  /** Diagnostics of this code may carry fixes. */
  fixable?: boolean;
}

/** Every code the linter can report. Each has a page docs/rules/<code>.md (a test checks it). */
export const RULES: readonly RuleMeta[] = [
  { code: 'internal-error', defaultSeverity: 'error', description: 'esql-lint itself failed on this query: a bug to report.' },
  // The file itself and inline suppressions (docs/suppressions.md).
  { code: 'not-a-rule-file', defaultSeverity: 'warning', description: 'A file given by name is not a rule file or query file esql-lint reads (a README, a YAML file).' },
  { code: 'unused-suppression', defaultSeverity: 'warning', description: 'An esql-lint-disable comment suppresses nothing: the problem it names is not there (any more).' },
  { code: 'unknown-suppression-code', defaultSeverity: 'warning', description: 'An esql-lint-disable comment names a code that does not exist.', fixable: true },
  { code: 'toml-syntax', defaultSeverity: 'error', description: 'The rule file is not valid TOML.' },
  { code: 'document-too-large', defaultSeverity: 'warning', description: 'The editor document is above the language server\'s size limit, so it is not analysed.' },
  { code: 'syntax-error', defaultSeverity: 'error', description: 'The query does not parse (KQL, EQL or ES|QL).' },
  { code: 'missing-query', defaultSeverity: 'error', description: 'A rule of a type that needs a query has none.' },
  { code: 'language-type-mismatch', defaultSeverity: 'error', description: "The rule's language does not fit its type." },
  { code: 'unknown-field', defaultSeverity: 'error', description: 'A field is in no schema that the rule runs against.', fixable: true },
  { code: 'unknown-investigation-field', defaultSeverity: 'warning', description: 'A field named in investigation_fields is in no schema the rule runs against.', fixable: true },
  { code: 'unverified-field', defaultSeverity: 'warning', description: "A field is missing from an integration schema that is known to be incomplete." },
  { code: 'schema-unavailable', defaultSeverity: 'info', description: 'The rule uses a package whose schema is not available, so its fields are not checked.' },
  { code: 'type-mismatch', defaultSeverity: 'error', description: "A value or operation does not fit the field's type." },
  { code: 'unknown-column', defaultSeverity: 'error', description: 'An ES|QL command uses a column that does not exist at that point of the pipeline.', fixable: true },
  { code: 'unknown-function', defaultSeverity: 'error', description: 'An ES|QL or EQL function that Elasticsearch does not know.', fixable: true },
  { code: 'wrong-argument-count', defaultSeverity: 'error', description: 'An ES|QL or EQL function call has too few or too many arguments.' },
  { code: 'no-matching-signature', defaultSeverity: 'error', description: 'No signature of an ES|QL function (or cast) takes arguments of these types.' },
  { code: 'incompatible-types', defaultSeverity: 'error', description: 'An ES|QL operator or command gets values of types it cannot combine.' },
  { code: 'aggregate-misuse', defaultSeverity: 'error', description: 'An aggregate or grouping function is used outside STATS, or a STATS aggregate has no aggregate function.' },
  { code: 'esql-missing-keep', defaultSeverity: 'error', description: 'An ES|QL rule query has no KEEP command (detection-rules requires one).' },
  { code: 'esql-missing-metadata', defaultSeverity: 'error', description: 'An ES|QL rule query lacks the METADATA detection-rules and Kibana require, or does not return _id.', fixable: true },
  { code: 'esql-column-naming', defaultSeverity: 'warning', description: "A column an ES|QL rule creates does not follow detection-rules' Esql.* naming (on inside a detection-rules checkout).", fixable: true },
  { code: 'unknown-rule-key', defaultSeverity: 'error', description: "A key of [rule] (or of one of its tables) that the rule type's schema does not have.", fixable: true },
  { code: 'invalid-rule-value', defaultSeverity: 'error', description: "A [rule] value of the wrong type, outside its allowed values, range or form (Kibana's rule schema).", fixable: true },
  { code: 'missing-rule-key', defaultSeverity: 'error', description: 'A key the rule type requires is missing from [rule] or one of its tables.' },
  { code: 'unknown-metadata-key', defaultSeverity: 'error', description: "A key of [metadata] that detection-rules' rule metadata does not have.", fixable: true },
  { code: 'invalid-metadata-value', defaultSeverity: 'error', description: 'A [metadata] value of the wrong type or form (dates YYYY/MM/DD, versions MAJOR.MINOR.PATCH), or dates out of order.', fixable: true },
  { code: 'attack-mapping', defaultSeverity: 'error', description: 'An ATT&CK tactic, technique or sub-technique id, name or reference in [[rule.threat]] that does not exist or does not match its neighbours.', fixable: true },
  { code: 'invalid-field-value', defaultSeverity: 'warning', description: 'A value compared with an ECS categorisation field (event.category, event.type, event.kind, event.outcome) that is not one of its ECS values.', fixable: true },
  { code: 'risk-score-severity', defaultSeverity: 'warning', description: "risk_score outside the range detection-rules requires for the rule's severity." },
  // detection-rules' review checks (rule-review/): on inside a detection-rules checkout, or when set.
  { code: 'index-integration', defaultSeverity: 'error', description: "The rule's index patterns and metadata.integration do not agree (detection-rules' integration test).", fixable: true },
  { code: 'data-source-tags', defaultSeverity: 'error', description: 'An index pattern of a known data source requires Data Source: / Domain: tags the rule lacks.', fixable: true },
  { code: 'tactic-tag', defaultSeverity: 'error', description: 'The primary tactic of the ATT&CK mapping (the first [[rule.threat]]) is not a "Tactic:" tag.', fixable: true },
  { code: 'attack-technique', defaultSeverity: 'error', description: "An ATT&CK technique or sub-technique that the checkout's ATT&CK data does not have, names otherwise, puts under another tactic, or has revoked.", fixable: true },
  { code: 'building-block', defaultSeverity: 'error', description: 'A building block rule outside rules_building_block/, a rule there without building_block_type = "default", its BBR tag or its timing.', fixable: true },
  { code: 'investigation-guide', defaultSeverity: 'error', description: 'The investigation guide in note lacks a section detection-rules expects, or its tag.', fixable: true },
  { code: 'missing-setup', defaultSeverity: 'error', description: 'A rule that needs set-up instructions (machine learning, max_signals = 1000) has no fitting setup.' },
  // Issue 17 part B (rules-values): stack versions, schedules, dataset values.
  { code: 'esql-min-stack-version', defaultSeverity: 'error', description: "metadata.min_stack_version is older than the stack that introduced an ES|QL command or function the query uses (on inside a detection-rules checkout, or when set).", fixable: true },
  { code: 'rule-schedule', defaultSeverity: 'warning', description: "The rule's `from` is not before now, or looks back less than one `interval`, so runs leave gaps no run searches.", fixable: true },
  { code: 'unknown-dataset', defaultSeverity: 'warning', description: 'An event.dataset / data_stream.dataset value that no known integration produces, a near miss of one that does.', fixable: true },
  { code: 'esql-index-mismatch', defaultSeverity: 'error', description: "An ES|QL rule has an `index` field, which Kibana ignores (FROM decides) and detection-rules refuses." },
  // Kibana NDJSON exports and detection engine API JSON (rule-document/json-host.ts).
  { code: 'json-syntax', defaultSeverity: 'error', description: 'A JSON rule file (or a line of an NDJSON export) is not valid JSON, or not a rule object.' },
  { code: 'json-not-a-rule', defaultSeverity: 'info', description: 'A line of an NDJSON export is not a rule (the export summary, an exception list): it is not checked.' },
  // Faults of the files themselves (reading, writing): the run goes on, the CLI exits 2 at its end.
  { code: 'file-unreadable', defaultSeverity: 'error', description: 'A file or directory cannot be read (permissions, a FIFO or device, a symlink loop, an encoding esql-lint cannot decode).' },
  { code: 'file-unwritable', defaultSeverity: 'error', description: '--fix could not write its fixes to a file (permissions, immutable file, read-only file system); the file is unchanged.' },
  { code: 'file-changed', defaultSeverity: 'warning', description: 'A file changed while --fix was checking it, so its fixes were not written.' },
  { code: 'file-encoding', defaultSeverity: 'warning', description: 'A file has bytes that are not valid UTF-8; they are shown as U+FFFD and kept as they are.' },
  // Verifier-stage refusals (issue 16): queries that parse but that Elasticsearch will not run.
  { code: 'unsupported-eql', defaultSeverity: 'error', description: 'EQL that Elasticsearch does not support: join, process relationships, pipes other than head/tail, array indexes.' },
  { code: 'field-comparison', defaultSeverity: 'error', description: 'An EQL comparison between two fields (Elasticsearch compares fields with constants only).' },
  { code: 'non-constant-value', defaultSeverity: 'error', description: 'A field or expression where Elasticsearch needs a constant (EQL in/match values, constant-only ES|QL function parameters).' },
  { code: 'number-out-of-range', defaultSeverity: 'error', description: 'A number too large for Elasticsearch (beyond a long, or a double).' },
  { code: 'invalid-sequence', defaultSeverity: 'error', description: 'The structure of an EQL sequence or sample is refused: query counts, join keys, maxspan, runs, until, missing events.' },
  { code: 'invalid-pipe-argument', defaultSeverity: 'error', description: 'The argument of an EQL head or tail pipe is not one positive integer.' },
  { code: 'invalid-argument', defaultSeverity: 'error', description: 'An ES|QL argument has a value Elasticsearch refuses: not a time span, not an allowed value, a zero weight, a string that is not a date or IP.' },
  { code: 'time-span-value', defaultSeverity: 'error', description: 'An ES|QL time span (1 hour, 7 days) is used as the value of a column.' },
  { code: 'unsupported-type', defaultSeverity: 'error', description: 'An ES|QL command gets a value of a type it cannot handle there (SORT on spatial types or _source).' },
  { code: 'invalid-wildcard', defaultSeverity: 'error', description: 'A * where ES|QL takes names only: RENAME, ENRICH policies and fields, DROP *.' },
  { code: 'misplaced-full-text', defaultSeverity: 'error', description: 'ES|QL full-text search (:, MATCH, QSTR, KQL...) outside WHERE and STATS.' },
  { code: 'unknown-metadata-field', defaultSeverity: 'error', description: 'FROM ... METADATA names a field that is not an Elasticsearch metadata field.' },
];

let byCode: Map<string, RuleMeta> | undefined;

export function ruleMeta(code: string): RuleMeta | undefined {
  byCode ??= new Map(RULES.map((r) => [r.code, r]));
  return byCode.get(code);
}

export function allRules(): RuleMeta[] {
  return [...RULES].sort((a, b) => a.code.localeCompare(b.code));
}

export type RuleSetting = Severity | 'off';

/** Accepts the user-facing spellings: off, warn, warning, error, info. */
export function parseRuleSetting(value: string): RuleSetting | undefined {
  const v = value.toLowerCase();
  if (v === 'off' || v === 'error' || v === 'info') return v;
  if (v === 'warn' || v === 'warning') return 'warning';
  return undefined;
}
