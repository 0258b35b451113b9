import { basename } from 'node:path';
import { flattenFieldsYml } from './fields-yml.js';
import { Layer } from './layer.js';
import type { CustomSchemaSpec } from './types.js';
import { flattenObject, isRecord, readDataFile } from './util.js';

/** Custom fields keyed by index pattern or package name (`*`: every rule). */
export interface CustomSchema {
  readonly name: string;
  readonly byKey: ReadonlyMap<string, Layer>;
}

/** Builds a custom schema from `{ key: { field: type } }` (nested objects allowed) or a fields.yml list. */
export function customSchemaFromData(name: string, data: unknown): CustomSchema {
  const byKey = new Map<string, Layer>();
  if (Array.isArray(data)) {
    byKey.set('*', new Layer(`custom ${name}`, flattenFieldsYml(data)));
  } else if (isRecord(data)) {
    for (const [key, fields] of Object.entries(data)) {
      if (isRecord(fields)) byKey.set(key, new Layer(`custom ${name} ${key}`, flattenObject(fields)));
      else if (Array.isArray(fields)) byKey.set(key, new Layer(`custom ${name} ${key}`, flattenFieldsYml(fields)));
    }
  }
  return { name, byKey };
}

export function loadCustomSchema(spec: CustomSchemaSpec): CustomSchema {
  if ('path' in spec) return customSchemaFromData(basename(spec.path), readDataFile(spec.path));
  return customSchemaFromData(spec.name, spec.fields);
}
