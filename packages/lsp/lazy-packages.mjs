// An esbuild plugin for the language server's bundles (issue 19, start-up): each language's parser, the
// ES|QL definitions and the linter's ES|QL analysis are evaluated when first used, not when the server
// starts. The language service and the linter import them at the top of their modules (`import * as esql`,
// `import { parse }`); in the bundle, such an import from another package gets a small CommonJS stand-in
// instead, whose exports are getters that evaluate the real module (`require`, which esbuild bundles as a
// module evaluated on the call) on the first read of any of them. A module that reads an export at its own
// top level still evaluates the real module then: same behaviour, only not deferred (the bundle test
// checks which modules an EQL rule evaluates). Same module instances either way: the stand-in forwards to
// the one real module, whose own files import each other as before.
import { build } from 'esbuild';
import { dirname, sep } from 'node:path';

/** The imports that get a stand-in: the parsers, esql-definitions (and its subpaths). */
const PACKAGES = /^(?:@esql-lint\/parser-(?:esql|eql|kql)|@elastic\/esql-definitions(?:\/[\w-]+)?)$/;
/** The linter index's re-export of its ES|QL analysis (`export * from './esql/index.js'`). */
const LINTER_INDEX = `${sep}packages${sep}linter${sep}src${sep}index.ts`;
const LINTER_ESQL = './esql/index.js';

/** The names a module exports (esbuild's metafile of a bundle of it alone). */
async function exportNames(path, { conditions, plugins }) {
  const r = await build({ entryPoints: [path], bundle: true, write: false, metafile: true, format: 'esm', platform: 'node', conditions, plugins, logLevel: 'silent', outdir: '/lazy-packages-out' });
  const out = Object.values(r.metafile.outputs).find((o) => o.entryPoint);
  return out.exports;
}

/** The stand-in's source: getters for `names` that evaluate `real` on first read. */
export function standInSource(real, names) {
  if (names.includes('__esModule')) throw new Error(`lazy-packages: ${real} exports __esModule`);
  return [
    `// Stand-in of ${real}, evaluated on the first read of an export (packages/lsp/lazy-packages.mjs).`,
    'let real;',
    `const load = () => real ??= require(${JSON.stringify(real)});`,
    'Object.defineProperty(exports, "__esModule", { value: true });',
    `for (const name of ${JSON.stringify(names)}) Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
    '',
  ].join('\n');
}

export const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    const options = { conditions: b.initialOptions.conditions ?? [], plugins: (b.initialOptions.plugins ?? []).filter((p) => p.name !== 'lazy-packages') };
    const names = new Map();
    b.onResolve({ filter: /^(?:@esql-lint\/parser-|@elastic\/esql-definitions|\.\/esql\/index\.js$)/ }, async (args) => {
      if (args.pluginData?.lazyReal || args.namespace === 'lazy-package') return undefined;
      const linterEsql = args.path === LINTER_ESQL && args.importer.endsWith(LINTER_INDEX);
      if (!linterEsql && !PACKAGES.test(args.path)) return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: { lazyReal: true } });
      if (real.errors.length) return { errors: real.errors };
      // Imports inside the package itself (none today) take the real module.
      if (!linterEsql && real.path.includes(`${sep}packages${sep}${args.path.split('/')[1]}${sep}`) && args.importer.includes(`${sep}packages${sep}${args.path.split('/')[1]}${sep}`)) return undefined;
      // A .cjs name: esbuild takes a .mjs file for an ES module whatever its text.
      return { path: `${real.path}.stand-in.cjs`, namespace: 'lazy-package', pluginData: { real: real.path } };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, async (args) => {
      const real = args.path.slice(0, -'.stand-in.cjs'.length);
      if (!names.has(real)) names.set(real, await exportNames(real, options));
      return { contents: standInSource(real, names.get(real)), loader: 'js', resolveDir: dirname(real) };
    });
    // The stand-in's require of the real module: the file itself.
    b.onResolve({ filter: /.*/, namespace: 'lazy-package' }, (args) => ({ path: args.path, pluginData: { lazyReal: true } }));
  },
};
