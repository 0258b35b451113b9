import { createRequire } from 'node:module';

/**
 * The data the schema package ships or depends on, loaded on first use (never at import time).
 * The CLI bundle replaces this module with one that embeds the same data (packages/cli/build.mjs),
 * so the bundled binary needs no files beside it.
 */
export function loadIntegrationBundle(): unknown {
  return createRequire(import.meta.url)('@esql-lint/schema/data/integrations.json');
}

export function loadEcsFlat(): unknown {
  return (createRequire(import.meta.url)('@elastic/ecs/build/commonjs/ecs_flat.js') as { EcsFlat: unknown }).EcsFlat;
}
