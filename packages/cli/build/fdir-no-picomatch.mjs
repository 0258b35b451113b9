// An esbuild plugin for bundles of esql-lint (issue 19, start-up): fdir (tinyglobby's directory walker) no
// longer loads a second, unbundled picomatch from node_modules when its module is evaluated.
//
// fdir's ESM build does `try { pm = createRequire(import.meta.url)("picomatch") } catch {}` at its top level,
// for its own `.glob()` builder, which tinyglobby never calls (it passes its own matchers as filters). In a
// bundle `import.meta.url` is the entry's URL, so every start of the CLI resolved picomatch from wherever the
// bundle sits (the repository's node_modules, or the project that installed esql-lint) and compiled its four
// files without the code cache: ~5-10 ms of a one-file run. With this plugin fdir finds no picomatch, exactly
// as when the package is installed where none is resolvable. The build fails if fdir's code changes shape.
import { readFileSync } from 'node:fs';

const FDIR = /[\\/]node_modules[\\/]fdir[\\/]dist[\\/]index\.mjs$/;
const LOAD = `try {
	__require.resolve("picomatch");
	pm = __require("picomatch");
} catch {}`;

/** fdir's module text without its optional picomatch load (exported for the test). */
export function fdirWithoutPicomatch(text) {
  if (text.split(LOAD).length !== 2) throw new Error('fdir-no-picomatch: fdir/dist/index.mjs no longer loads picomatch as this plugin expects');
  if (text.split('__require(').length !== 2) throw new Error('fdir-no-picomatch: fdir/dist/index.mjs requires more than picomatch');
  return text.replace(LOAD, '/* esql-lint build: no optional picomatch (packages/cli/build/fdir-no-picomatch.mjs) */');
}

export const fdirNoPicomatch = {
  name: 'fdir-no-picomatch',
  setup(build) {
    build.onLoad({ filter: FDIR }, (args) => ({ contents: fdirWithoutPicomatch(readFileSync(args.path, 'utf8')), loader: 'js' }));
  },
};
