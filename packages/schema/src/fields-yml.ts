import { isRecord } from './util.js';

/**
 * Flattens an ECS-style / integration / beats `fields.yml` tree (a list of `- name: x / type: group / fields:`
 * entries) into `name -> type`, the way detection-rules does: a `group` prefixes its children with its name
 * (collapsing a lone group that repeats its parent's prefix, as beats modules do), entries without a name only
 * hold `fields`, `nested` entries with `fields` prefix them too, a missing type means `keyword`, and
 * multi-fields become `name.sub`. An `object` with an `object_type` is recorded as `object:<object_type>`.
 */
export function flattenFieldsYml(schema: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (!Array.isArray(schema)) return out;
  for (const entry of schema) {
    if (!isRecord(entry)) continue;
    const name = typeof entry.name === 'string' ? entry.name : undefined;
    const type = typeof entry.type === 'string' ? entry.type : undefined;
    const children = Array.isArray(entry.fields) ? entry.fields : Array.isArray(entry.field) ? entry.field : undefined;
    if (type === 'group' && name !== undefined) {
      let nested = `${prefix}${name}.`;
      if (schema.length === 1 && prefix && nested.startsWith(prefix + prefix)) nested = `${name}.`;
      flattenFieldsYml(children, nested, out);
    } else if (children) {
      if (name !== undefined && type === 'nested') {
        out.set(prefix + name, 'nested');
        flattenFieldsYml(children, `${prefix}${name}.`, out);
      } else if (name !== undefined && type === 'object') {
        out.set(prefix + name, 'object');
        flattenFieldsYml(children, `${prefix}${name}.`, out);
      } else flattenFieldsYml(children, prefix, out);
    } else if (name !== undefined) {
      const full = prefix + name;
      let t = type ?? 'keyword';
      if (t === 'object' && typeof entry.object_type === 'string') t = `object:${entry.object_type}`;
      out.set(full, t);
      if (Array.isArray(entry.multi_fields)) {
        for (const mf of entry.multi_fields) {
          if (isRecord(mf) && typeof mf.name === 'string') out.set(`${full}.${mf.name}`, typeof mf.type === 'string' ? mf.type : 'keyword');
        }
      }
    }
  }
  return out;
}
