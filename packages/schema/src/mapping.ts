import { isRecord } from './util.js';

/**
 * Elasticsearch's own descriptions of an index's fields, as users get them from their cluster:
 * - `GET <index>/_mapping`: `{ "<index>": { "mappings": { "properties": …, "runtime": … } } }`
 *   (also a bare `{ "mappings": … }` or `{ "properties": … }`, as in a template or a PUT mapping body);
 * - `GET <index>/_field_caps?fields=*`: `{ "indices": [...], "fields": { "<name>": { "<type>": { "type": … } } } }`.
 * Each is read into field name -> Elasticsearch type per index, as Elasticsearch resolves them: objects prefix their
 * properties, multi-fields are `name.sub`, aliases take their target's type, runtime fields are fields, `flattened`
 * accepts any sub-key, `nested` and `object` without properties accept any sub-key.
 */
export type MappingKind = 'mapping' | 'field-caps';

const FIELD_CAPS_META_TYPES = new Set(['_id', '_index', '_source', '_version', '_seq_no', '_ignored', '_routing', '_feature', '_data_stream_timestamp', '_doc_count', '_field_names', '_nested_path', '_tier', '_ignored_source']);

export function mappingKind(data: unknown): MappingKind | undefined {
  if (!isRecord(data)) return undefined;
  if (isRecord(data.fields) && (Array.isArray(data.indices) || typeof data.indices === 'string')) return 'field-caps';
  if (isRecord(data.mappings) || isRecord(data.properties)) return 'mapping';
  const values = Object.values(data);
  if (values.length && values.every((v) => isRecord(v) && isRecord(v.mappings))) return 'mapping';
  return undefined;
}

/** Index name (or `*` for a bare mapping body) -> field name -> type. */
export function readMapping(data: Record<string, unknown>): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  if (isRecord(data.mappings) || isRecord(data.properties)) {
    out.set('*', mappingFields(isRecord(data.mappings) ? data.mappings : data));
    return out;
  }
  for (const [index, def] of Object.entries(data)) {
    if (isRecord(def) && isRecord(def.mappings)) out.set(index, mappingFields(def.mappings));
  }
  return out;
}

function mappingFields(mappings: Record<string, unknown>): Map<string, string> {
  // A 6.x typed mapping: { "_doc": { "properties": … } }
  let m = mappings;
  if (!isRecord(m.properties) && !isRecord(m.runtime)) {
    const inner = Object.values(m).find((v) => isRecord(v) && isRecord(v.properties));
    if (isRecord(inner)) m = inner;
  }
  const out = new Map<string, string>();
  const aliases: Array<[string, string]> = [];
  if (isRecord(m.properties)) properties(m.properties, '', out, aliases);
  if (isRecord(m.runtime)) {
    for (const [name, def] of Object.entries(m.runtime)) {
      if (!isRecord(def) || typeof def.type !== 'string') continue;
      if (def.type === 'composite' && isRecord(def.fields)) {
        for (const [sub, sd] of Object.entries(def.fields)) if (isRecord(sd) && typeof sd.type === 'string') out.set(`${name}.${sub}`, sd.type);
      } else out.set(name, def.type);
    }
  }
  for (const [name, target] of aliases) out.set(name, out.get(target) ?? 'keyword');
  return out;
}

function properties(props: Record<string, unknown>, prefix: string, out: Map<string, string>, aliases: Array<[string, string]>): void {
  for (const [key, def] of Object.entries(props)) {
    if (!isRecord(def)) continue;
    const name = prefix + key;
    const type = typeof def.type === 'string' ? def.type : 'object';
    if (type === 'alias' && typeof def.path === 'string') {
      aliases.push([name, def.path]);
      continue;
    }
    if (isRecord(def.properties)) {
      // An object or nested field with known properties: only those exist (the mapping is the truth).
      properties(def.properties, `${name}.`, out, aliases);
      continue;
    }
    out.set(name, type);
    if (isRecord(def.fields)) {
      for (const [sub, sd] of Object.entries(def.fields)) if (isRecord(sd)) out.set(`${name}.${sub}`, typeof sd.type === 'string' ? sd.type : 'keyword');
    }
  }
}

/**
 * A field capabilities response: one entry per index, each field with the type it has there. A field mapped
 * with different types in different indices (a conflict) gets its type per index, as listed in each type's
 * `indices`; a type entry without `indices` holds for every index that has no other.
 */
export function readFieldCaps(data: Record<string, unknown>): Map<string, Map<string, string>> {
  const indices = Array.isArray(data.indices) ? data.indices.filter((i): i is string => typeof i === 'string') : typeof data.indices === 'string' ? [data.indices] : [];
  const keys = indices.length ? indices : ['*'];
  const out = new Map<string, Map<string, string>>(keys.map((k) => [k, new Map()]));
  for (const [name, types] of Object.entries(data.fields as Record<string, unknown>)) {
    if (!isRecord(types) || FIELD_CAPS_META_TYPES.has(name)) continue;
    const entries = Object.entries(types).filter(([, d]) => isRecord(d)) as Array<[string, Record<string, unknown>]>;
    const general = entries.find(([, d]) => !Array.isArray(d.indices));
    for (const key of keys) {
      const own = entries.find(([, d]) => Array.isArray(d.indices) && (d.indices as unknown[]).includes(key));
      const [type] = own ?? general ?? [];
      if (!type || type === 'unmapped') continue;
      out.get(key)!.set(name, type);
    }
  }
  // Objects that have sub-fields listed are containers, not open fields.
  for (const fields of out.values()) {
    for (const [name, type] of fields) {
      if ((type === 'object' || type === 'nested') && [...fields.keys()].some((f) => f.startsWith(`${name}.`))) {
        fields.delete(name);
      }
    }
  }
  return out;
}

const NUMERIC_WIDTH = ['byte', 'short', 'integer', 'long', 'half_float', 'float', 'scaled_float', 'double'];

/** The project's JSON schema form of a mapping or field capabilities response (`esql-lint schema import`). */
export interface ImportedSchema {
  schema: Record<string, unknown>;
  /** Fields whose type differs between the indices merged under one pattern, and what was kept. */
  conflicts: Array<{ field: string; types: string[]; kept: string }>;
  indices: string[];
  fields: number;
}

/**
 * Converts a mapping or field capabilities response into the project's JSON form. With `index`, every index
 * of the response is merged under that pattern (a field mapped differently across indices keeps the widest
 * numeric type, `keyword` among keyword-like types, else the most common type, and is reported in `conflicts`);
 * without it, each concrete index keeps its own fields (a rule's index pattern that matches the name applies them).
 */
export function importMapping(data: unknown, options: { index?: string; source?: string; ecs?: boolean } = {}): ImportedSchema {
  const kind = mappingKind(data);
  if (!kind) throw new Error('not an Elasticsearch mapping (GET <index>/_mapping) or field capabilities response (GET <index>/_field_caps?fields=*)');
  const read = kind === 'mapping' ? readMapping(data as Record<string, unknown>) : readFieldCaps(data as Record<string, unknown>);
  const meta = { source: options.source ?? kind, format: kind, ecs: options.ecs ?? false };
  const conflicts: ImportedSchema['conflicts'] = [];
  const out: Record<string, unknown> = { _meta: meta };
  const sortedFields = (m: Map<string, string>) => Object.fromEntries([...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  let fields = 0;
  if (options.index) {
    const types = new Map<string, string[]>();
    for (const m of read.values()) for (const [f, t] of m) types.set(f, [...(types.get(f) ?? []), t]);
    const merged = new Map<string, string>();
    for (const [f, ts] of types) {
      const distinct = [...new Set(ts)].sort();
      let kept = distinct[0];
      if (distinct.length > 1) {
        if (distinct.every((t) => NUMERIC_WIDTH.includes(t))) kept = distinct.reduce((a, b) => (NUMERIC_WIDTH.indexOf(a) >= NUMERIC_WIDTH.indexOf(b) ? a : b));
        else if (distinct.every((t) => ['keyword', 'constant_keyword', 'wildcard'].includes(t))) kept = 'keyword';
        else kept = distinct.reduce((a, b) => (ts.filter((t) => t === a).length >= ts.filter((t) => t === b).length ? a : b));
        conflicts.push({ field: f, types: distinct, kept });
      }
      merged.set(f, kept);
    }
    out[options.index] = sortedFields(merged);
    fields = merged.size;
  } else {
    for (const [index, m] of [...read].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      out[index] = sortedFields(m);
      fields += m.size;
    }
  }
  conflicts.sort((a, b) => (a.field < b.field ? -1 : 1));
  return { schema: out, conflicts, indices: [...read.keys()], fields };
}
