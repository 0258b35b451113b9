import { wildcardPattern, type WildcardPattern } from '@esql-lint/core';

/** Types whose sub-keys are accepted whatever they are. */
export function isOpenType(type: string): boolean {
  return type === 'flattened' || type === 'object' || type === 'nested' || type.startsWith('object:');
}

/**
 * A set of field names with their types, from one source (`ecs 9.4.0`, `aws.cloudtrail`, `non-ecs logs-*`...).
 * `fields` may be a function that gives them on first use: a data stream's fields are parsed when a lookup first
 * reaches its layer (a rule with `integration = ["endpoint"]` selects all 16 endpoint streams, ~115 KB of JSON,
 * and its fields are usually all found in the layers before them; issue 19, start-up). The wildcard names
 * (`patterns`) are found on first use too: a lookup needs them only for a name no layer has.
 */
export class Layer {
  private map: ReadonlyMap<string, string> | undefined;
  private load: (() => ReadonlyMap<string, string>) | undefined;
  private wildcards: Array<{ name: string; type: string; re: WildcardPattern }> | undefined;

  constructor(
    readonly source: string,
    fields: ReadonlyMap<string, string> | (() => ReadonlyMap<string, string>),
    readonly allowedValues?: ReadonlyMap<string, readonly string[]>,
  ) {
    if (typeof fields === 'function') this.load = fields;
    else this.map = fields;
  }

  get fields(): ReadonlyMap<string, string> {
    if (this.map === undefined) {
      this.map = this.load!();
      this.load = undefined;
    }
    return this.map;
  }

  /** The names with a `*`, in field order. */
  get patterns(): ReadonlyArray<{ name: string; type: string; re: WildcardPattern }> {
    if (this.wildcards === undefined) {
      this.wildcards = [];
      for (const [name, type] of this.fields) {
        if (name.includes('*')) this.wildcards.push({ name, type, re: wildcardPattern(name) });
      }
    }
    return this.wildcards;
  }
}
