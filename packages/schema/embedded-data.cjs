// The bundles' stand-in for src/data-files.ts (see esbuild-embed-data.mjs): esbuild embeds these
// requires in the bundle and evaluates each on first call, so the binary needs no files beside it.
exports.loadIntegrationBundle = () => require('@esql-lint/schema/data/integrations.json');
exports.loadEcsFlat = () => require('@elastic/ecs/build/commonjs/ecs_flat.js').EcsFlat;
// The bundled ECS's layer data, computed at build time from EcsFlat (the plugin's virtual module).
exports.loadEcsLayerData = () => require('esql-lint:ecs-layer-data');
exports.loadIndexSchemas = () => require('@esql-lint/schema/data/index-schemas.json');
exports.loadRuleApiSchemas = () => require('@esql-lint/schema/data/rule-api-schemas.json');
