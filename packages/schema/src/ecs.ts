import { loadEcsLayerData } from './data-files.js';
import type { EcsLayerData } from './ecs-layer-data.js';
import { Layer } from './layer.js';

export const BUNDLED_ECS_VERSION = '9.4.0';

/**
 * A layer from ECS layer data: ecsLayerDataFromFlat's of an `ecs_flat` object (detection-rules'
 * ecs_flat.json.gz, @elastic/ecs's EcsFlat, whose data the bundles embed).
 */
export function ecsLayerFromData(data: EcsLayerData, source: string): Layer {
  // Later entries win, as a Map's set does: the same names, types and values as a walk of the flat file.
  return new Layer(source, new Map(data.fields), new Map(data.allowed));
}

let bundled: Layer | undefined;

/** ECS from the `@elastic/ecs` package (loaded on first use). */
export function bundledEcsLayer(): Layer {
  if (!bundled) {
    bundled = ecsLayerFromData(loadEcsLayerData(), `ecs ${BUNDLED_ECS_VERSION}`);
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
