// An esbuild plugin for bundles of esql-lint (issue 19, start-up): the YAML library is evaluated when a YAML
// file is first read, not when the schema package's util.ts is. Inside a detection-rules checkout the schemas
// keep what they derive from its YAML files (packages/schema/src/derived.ts), so most runs read none; the
// library's ~60 modules cost a start ~3-5 ms of evaluation all the same. `import { parse as parseYaml } from
// 'yaml'` becomes a function that `require`s the library on its call (esbuild bundles the require, evaluated
// then). Same behaviour; the build fails if util.ts no longer imports YAML this way.
import { readFileSync } from 'node:fs';

const UTIL = /[\\/]packages[\\/]schema[\\/]src[\\/]util\.ts$/;
const IMPORT = "import { parse as parseYaml } from 'yaml';\n";

/** util.ts with its YAML import made lazy (exported for the test). */
export function lazyYamlSource(text) {
  if (text.split(IMPORT).length !== 2) throw new Error(`lazy-yaml: packages/schema/src/util.ts no longer has the line ${IMPORT.trim()}`);
  return text.replace(IMPORT, "const parseYaml: typeof import('yaml').parse = (...args: Parameters<typeof import('yaml').parse>) => require('yaml').parse(...args);\n");
}

export const lazyYaml = {
  name: 'lazy-yaml',
  setup(build) {
    build.onLoad({ filter: UTIL }, (args) => ({ contents: lazyYamlSource(readFileSync(args.path, 'utf8')), loader: 'ts' }));
  },
};
