import { wildcardRegExp } from './util.js';

/** Types whose sub-keys are accepted whatever they are. */
export function isOpenType(type: string): boolean {
  return type === 'flattened' || type === 'object' || type === 'nested' || type.startsWith('object:');
}

/** A set of field names with their types, from one source (`ecs 9.4.0`, `aws.cloudtrail`, `non-ecs logs-*`...). */
export class Layer {
  readonly patterns: Array<{ name: string; type: string; re: RegExp }> = [];

  constructor(
    readonly source: string,
    readonly fields: ReadonlyMap<string, string>,
    readonly allowedValues?: ReadonlyMap<string, readonly string[]>,
  ) {
    for (const [name, type] of fields) {
      if (name.includes('*')) this.patterns.push({ name, type, re: wildcardRegExp(name) });
    }
  }
}
