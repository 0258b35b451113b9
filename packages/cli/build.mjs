// Bundles the CLI into one self-contained file that starts fast: every workspace package from its
// sources, the schema data embedded (loaded on first use), no runtime dependency.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const here = (p) => new URL(p, import.meta.url).pathname;

/** Swaps the schema package's data loader for one that embeds the data. */
const embedData = {
  name: 'embed-schema-data',
  setup(b) {
    b.onResolve({ filter: /[\\/]data-files\.js$/ }, (args) =>
      args.importer.includes(`${'packages'}/schema/src`) ? { path: here('./src/embedded-data.cjs') } : undefined,
    );
  },
};

await build({
  entryPoints: [here('./src/bin.ts')],
  outfile: here('./dist/esql-lint.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  plugins: [embedData],
  sourcemap: false,
  legalComments: 'none',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { __ESQL_LINT_VERSION__: JSON.stringify(JSON.parse(readFileSync(here('./package.json'), 'utf8')).version) },
  logLevel: 'warning',
});
