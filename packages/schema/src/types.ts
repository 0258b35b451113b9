/** What the schema layer needs to know about one rule. */
export interface RuleSchemaInput {
  /** The rule file, to find an enclosing detection-rules checkout (or custom rules directory). */
  filePath?: string;
  language: 'kuery' | 'eql' | 'esql' | string;
  /** `rule.index`, or for ES|QL the FROM index patterns. */
  index?: readonly string[];
  /** `event.dataset` / `data_stream.dataset` values the query compares. */
  datasets?: readonly string[];
  /** `event.module` values the query compares (beats modules; optional). */
  modules?: readonly string[];
  /** `metadata.integration`. */
  integrations?: readonly string[];
  /** `metadata.min_stack_version`. */
  minStackVersion?: string;
}

/** A custom schema from the user's configuration. */
export type CustomSchemaSpec =
  /** `ecs`: layer ECS and the integration packages on top of a mapping (default: not, a mapping is the truth). */
  | { path: string; ecs?: boolean }
  | { name: string; fields: Record<string, unknown>; ecs?: boolean };

export interface SchemaOptions {
  /**
   * Custom schemas: JSON / YAML files `{ "<index pattern or package>": { "<field>": "<type>" } }` (a key `*`
   * applies to every rule), ECS-style `fields.yml` files (a list of `- name: / type: / fields:` entries, applying
   * to every rule), or inline objects of the JSON form.
   */
  customSchemas?: CustomSchemaSpec[];
  /**
   * Root of a detection-rules checkout (the folder holding `detection_rules/etc/`) or of a custom rules
   * directory (holding `_config.yaml`). Undefined: found by walking up from `RuleSchemaInput.filePath`.
   * `false`: never use one.
   */
  rulesRepoRoot?: string | false;
}

export type FieldLookup =
  | { kind: 'known'; type: string; source: string }
  /** A sub-key of a flattened / object / nested field, or a name matching a `x.*` schema entry. `type` is the
   * type of the sub-key where known (`keyword` under a flattened field, the object's declared object_type),
   * else the parent's type. */
  | { kind: 'open'; type: string; parentType: string; via: string; source: string }
  /** Under the namespace of a package the rule uses whose schema we don't have: never report unknown. */
  | { kind: 'unavailable'; package: string }
  /** Under the namespace of a package whose schema is known to be incomplete: warn, don't error. */
  | { kind: 'incomplete'; package: string; stream?: string }
  | { kind: 'unknown' };

export type PackageReason =
  | { kind: 'dataset'; value: string }
  | { kind: 'index'; pattern: string }
  | { kind: 'integration'; value: string };

export interface SchemaExplanation {
  language: string;
  rulesRepo: { root: string; etcDir?: string; configFile?: string } | null;
  stack: { version: string; from: 'min_stack_version' | 'newest' | 'default'; minStackVersion?: string };
  ecs: { version: string; source: string };
  beats: { version: string; beats: string[]; modules: string[]; source: string } | null;
  endgame: { version: string; source: string } | null;
  endpointSchemas: string[];
  packages: Array<{
    package: string;
    streams: string[];
    version?: string;
    source: string;
    complete: boolean;
    incompleteStreams: string[];
    reasons: PackageReason[];
  }>;
  nonEcs: Array<{ pattern: string; fields: number; source: string }>;
  customSchemas: Array<{ name: string; keys: string[]; fields: number; exclusive?: boolean; format?: string }>;
  unavailablePackages: Array<{ package: string; reasons: PackageReason[] }>;
  incompletePackages: string[];
  fieldCount: number;
  warnings: string[];
}

export interface ResolvedSchema {
  lookup(field: string): FieldLookup;
  /** All known names (sorted), for did-you-mean. */
  fieldNames(): readonly string[];
  /** Known names matching a wildcard pattern like `process.*` or `*.name` (`*` matches any characters). */
  matchPattern(pattern: string): string[];
  /** The detection-rules checkout (or custom rules directory) the rule lives in, if any. */
  readonly rulesRepoRoot: string | undefined;
  /** Packages the rule uses that have no schema (one `schema-unavailable` info diagnostic each). */
  unavailablePackages: string[];
  /** ECS allowed values of a field (`event.category` -> `['api', 'authentication', ...]`), if ECS lists any. */
  allowedValues(field: string): readonly string[] | undefined;
  explain(): SchemaExplanation;
}

export interface SchemaProvider {
  resolve(input: RuleSchemaInput): ResolvedSchema;
  /**
   * The JSON Schemas (draft-04) of a rule's `[rule]` table per rule type: the checkout's own
   * `detection_rules/etc/api_schemas/<version>/` for the rule's stack version, or the bundled copy of the
   * newest version outside a checkout.
   */
  ruleApiSchemas(input: { filePath?: string; minStackVersion?: string }): RuleApiSchemas;
  /**
   * Why each custom schema of the options that cannot be used was not read (`custom schema <path>: <why>`),
   * in the options' order; empty when all were read. Reads them (they are read once per provider).
   */
  customSchemaProblems(): string[];
}

export interface RuleApiSchemas {
  /** The api_schemas version (`9.3`, `master`...). */
  version: string;
  /** Where the schemas come from, in words. */
  source: string;
  /** Rule type (`query`, `eql`, `base`...) -> JSON Schema. */
  types: Readonly<Record<string, unknown>>;
}
