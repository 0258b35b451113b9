/**
 * What a schema layer takes from an ECS flat file (`ecs_flat.json`, @elastic/ecs's EcsFlat): each field's type
 * (multi-fields included), and the allowed values where ECS lists them. Plain JSON data, so bundles can embed
 * the bundled ECS's extract (~90 KB) instead of parsing the whole EcsFlat (~1.3 MB) at start-up
 * (esbuild-embed-data.mjs runs this very function at build time).
 */
export interface EcsLayerData {
  fields: Array<[name: string, type: string]>;
  allowed: Array<[name: string, values: string[]]>;
}

// A leaf module (no imports): the bundles' build compiles and runs it alone.
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function ecsLayerDataFromFlat(flat: unknown): EcsLayerData {
  const fields: EcsLayerData['fields'] = [];
  const allowed: EcsLayerData['allowed'] = [];
  if (isRecord(flat)) {
    for (const [name, def] of Object.entries(flat)) {
      if (!isRecord(def)) continue;
      const type = typeof def.type === 'string' ? def.type : 'keyword';
      fields.push([name, type === 'object' && typeof def.object_type === 'string' ? `object:${def.object_type}` : type]);
      if (Array.isArray(def.multi_fields)) {
        for (const mf of def.multi_fields) {
          if (isRecord(mf) && typeof mf.name === 'string') fields.push([`${name}.${mf.name}`, String(mf.type ?? 'keyword')]);
        }
      }
      if (Array.isArray(def.allowed_values)) {
        const values = def.allowed_values.map((v) => (isRecord(v) ? v.name : undefined)).filter((v): v is string => typeof v === 'string');
        if (values.length) allowed.push([name, values]);
      }
    }
  }
  return { fields, allowed };
}
