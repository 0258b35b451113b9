// The CLI bundle's stand-in for packages/schema/src/data-files.ts: esbuild embeds these
// requires in the bundle and evaluates each on first call, so the binary needs no files beside it.
exports.loadIntegrationBundle = () => require('@esql-lint/schema/data/integrations.json');
exports.loadEcsFlat = () => require('@elastic/ecs/build/commonjs/ecs_flat.js').EcsFlat;
