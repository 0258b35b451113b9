import { basename } from '@esql-lint/core/platform';
import { flattenFieldsYml } from './fields-yml.js';
import { Layer } from './layer.js';
import { type MappingKind, mappingKind, readFieldCaps, readMapping } from './mapping.js';
import type { CustomSchemaSpec } from './types.js';
import { flattenObject, isRecord, readDataFile } from './util.js';

/** Custom fields keyed by index pattern or package name (`*`: every rule). */
export interface CustomSchema {
  readonly name: string;
  readonly byKey: ReadonlyMap<string, Layer>;
  /**
   * The schema is the truth for the indices it names (an Elasticsearch mapping or field capabilities response,
   * or a project file with `"_meta": { "ecs": false }`): a rule whose every index pattern it covers is checked
   * against it alone, without ECS and the integration packages layered on top.
   */
  readonly exclusive: boolean;
  /** What the file was read as. */
  readonly format: 'fields' | 'fields.yml' | MappingKind;
}

/**
 * Builds a custom schema from `{ key: { field: type } }` (nested objects allowed; `_meta: { ecs: false }` makes it
 * exclusive), a fields.yml list, an Elasticsearch mapping (`GET <index>/_mapping`) or a field capabilities
 * response (`GET <index>/_field_caps?fields=*`), recognised by shape. `ecs` (from the configuration) overrides
 * whether ECS and the packages are layered on top of a mapping.
 */
export function customSchemaFromData(name: string, data: unknown, ecs?: boolean): CustomSchema {
  const byKey = new Map<string, Layer>();
  const kind = mappingKind(data);
  if (kind) {
    const read = kind === 'mapping' ? readMapping(data as Record<string, unknown>) : readFieldCaps(data as Record<string, unknown>);
    for (const [key, fields] of read) byKey.set(key, new Layer(`custom ${name} ${key}`, fields));
    return { name, byKey, exclusive: ecs !== true, format: kind };
  }
  if (Array.isArray(data)) {
    byKey.set('*', new Layer(`custom ${name}`, flattenFieldsYml(data)));
    return { name, byKey, exclusive: false, format: 'fields.yml' };
  }
  let exclusive = false;
  if (isRecord(data)) {
    for (const [key, fields] of Object.entries(data)) {
      if (key === '_meta') {
        if (isRecord(fields) && fields.ecs === false) exclusive = true;
        continue;
      }
      if (isRecord(fields)) byKey.set(key, new Layer(`custom ${name} ${key}`, flattenObject(fields)));
      else if (Array.isArray(fields)) byKey.set(key, new Layer(`custom ${name} ${key}`, flattenFieldsYml(fields)));
    }
  }
  return { name, byKey, exclusive: ecs === undefined ? exclusive : !ecs, format: 'fields' };
}

export function loadCustomSchema(spec: CustomSchemaSpec): CustomSchema {
  if ('path' in spec) return customSchemaFromData(basename(spec.path), readDataFile(spec.path), spec.ecs);
  return customSchemaFromData(spec.name, spec.fields, spec.ecs);
}
