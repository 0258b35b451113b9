import { createRequire } from 'node:module';
import { ecsLayerDataFromFlat, type EcsLayerData } from './ecs-layer-data.js';

/**
 * The data the schema package ships or depends on, loaded on first use (never at import time).
 * Bundles replace this module with one that embeds the same data (esbuild-embed-data.mjs),
 * so a bundled binary needs no files beside it.
 */
export function loadIntegrationBundle(): unknown {
  return createRequire(import.meta.url)('@esql-lint/schema/data/integrations.json');
}

export function loadEcsFlat(): unknown {
  return (createRequire(import.meta.url)('@elastic/ecs/build/commonjs/ecs_flat.js') as { EcsFlat: unknown }).EcsFlat;
}

/** The bundled ECS's layer data (bundles embed it, computed at build time by the same function). */
export function loadEcsLayerData(): EcsLayerData {
  return ecsLayerDataFromFlat(loadEcsFlat());
}

export function loadIndexSchemas(): unknown {
  return createRequire(import.meta.url)('@esql-lint/schema/data/index-schemas.json');
}

export function loadRuleApiSchemas(): unknown {
  return createRequire(import.meta.url)('@esql-lint/schema/data/rule-api-schemas.json');
}
