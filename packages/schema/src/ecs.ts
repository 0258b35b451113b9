import { loadEcsFlat } from './data-files.js';
import { Layer } from './layer.js';
import { isRecord } from './util.js';

export const BUNDLED_ECS_VERSION = '9.4.0';

/** A layer from an `ecs_flat` object (`@elastic/ecs` EcsFlat or detection-rules' ecs_flat.json.gz). */
export function ecsLayerFromFlat(flat: unknown, source: string): Layer {
  const fields = new Map<string, string>();
  const allowed = new Map<string, string[]>();
  if (isRecord(flat)) {
    for (const [name, def] of Object.entries(flat)) {
      if (!isRecord(def)) continue;
      const type = typeof def.type === 'string' ? def.type : 'keyword';
      fields.set(name, type === 'object' && typeof def.object_type === 'string' ? `object:${def.object_type}` : type);
      if (Array.isArray(def.multi_fields)) {
        for (const mf of def.multi_fields) {
          if (isRecord(mf) && typeof mf.name === 'string') fields.set(`${name}.${mf.name}`, String(mf.type ?? 'keyword'));
        }
      }
      if (Array.isArray(def.allowed_values)) {
        const values = def.allowed_values.map((v) => (isRecord(v) ? v.name : undefined)).filter((v): v is string => typeof v === 'string');
        if (values.length) allowed.set(name, values);
      }
    }
  }
  return new Layer(source, fields, allowed);
}

let bundled: Layer | undefined;

/** ECS from the `@elastic/ecs` package (loaded on first use). */
export function bundledEcsLayer(): Layer {
  if (!bundled) {
    bundled = ecsLayerFromFlat(loadEcsFlat(), `ecs ${BUNDLED_ECS_VERSION}`);
  }
  return bundled;
}

const topLevelCache = new WeakMap<Layer, Set<string>>();

/** First segments of the layer's names (`process`, `event`, `@timestamp`...). */
export function topLevelNames(layer: Layer): Set<string> {
  let set = topLevelCache.get(layer);
  if (!set) {
    set = new Set<string>();
    for (const name of layer.fields.keys()) set.add(name.split('.', 1)[0]);
    topLevelCache.set(layer, set);
  }
  return set;
}
