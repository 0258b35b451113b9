// Bundles the CLI into one self-contained file that starts fast: every workspace package from its
// sources, the schema data embedded (loaded on first use), no runtime dependency.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { embedSchemaData } from '../schema/esbuild-embed-data.mjs';

const here = (p) => new URL(p, import.meta.url).pathname;

await build({
  entryPoints: [here('./src/bin.ts')],
  // Tests that run the binary under faults build their own copy (ESQL_LINT_CLI_OUTFILE), so no test reads
  // a bundle another test is rewriting.
  outfile: process.env.ESQL_LINT_CLI_OUTFILE || here('./dist/esql-lint.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  plugins: [embedSchemaData],
  sourcemap: false,
  legalComments: 'none',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  define: { __ESQL_LINT_VERSION__: JSON.stringify(JSON.parse(readFileSync(here('./package.json'), 'utf8')).version) },
  logLevel: 'warning',
});
