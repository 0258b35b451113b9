// The bundles' stand-in for src/data-files.ts (see esbuild-embed-data.mjs): esbuild embeds these
// requires in the bundle and evaluates each on first call, so the binary needs no files beside it.
exports.loadIntegrationBundle = () => require('@esql-lint/schema/data/integrations.json');
exports.loadEcsFlat = () => require('@elastic/ecs/build/commonjs/ecs_flat.js').EcsFlat;
exports.loadIndexSchemas = () => require('@esql-lint/schema/data/index-schemas.json');
exports.loadRuleApiSchemas = () => require('@esql-lint/schema/data/rule-api-schemas.json');
