// An esbuild plugin for bundles of esql-lint (the CLI, the language server): it swaps the schema
// package's data loader (src/data-files.ts) for embedded-data.cjs, whose requires esbuild embeds in the
// bundle and evaluates on first use, so the bundle needs no node_modules beside it.
const STAND_IN = new URL('./embedded-data.cjs', import.meta.url).pathname;
const SCHEMA_SRC = new URL('./src/', import.meta.url).pathname;

export const embedSchemaData = {
  name: 'embed-schema-data',
  setup(build) {
    build.onResolve({ filter: /[\\/]data-files\.js$/ }, (args) => (args.importer.startsWith(SCHEMA_SRC) ? { path: STAND_IN } : undefined));
  },
};
