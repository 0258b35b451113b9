// An esbuild plugin for bundles of esql-lint (issue 19, start-up): three libraries are evaluated on their first
// call, not when the module that imports them is: tinyglobby (with fdir and picomatch, ~10 modules: only paths
// with glob characters are expanded), picomatch (config globs and `ignores`) and diff (the stylish report of
// `--fix-dry-run`). A run over plain paths with no config patterns evaluates none of them. Each import line
// becomes a function that `require`s the library on its call (esbuild bundles the require, evaluated then), as
// lazy-yaml.mjs does for YAML. Same behaviour; the build fails if a file no longer has its import line.
import { readFileSync } from 'node:fs';

/** Per file: the import line and what replaces it (types kept for the reader; esbuild strips them). */
export const LAZY_IMPORTS = [
  {
    file: /[\\/]packages[\\/]linter[\\/]src[\\/]files\.ts$/,
    line: "import { globSync } from 'tinyglobby';\n",
    lazy: "const globSync: typeof import('tinyglobby').globSync = (...args) => require('tinyglobby').globSync(...args);\n",
  },
  {
    file: /[\\/]packages[\\/]linter[\\/]src[\\/]patterns\.ts$/,
    line: "import picomatch from 'picomatch';\n",
    lazy: "const picomatch = ((...args: Parameters<typeof import('picomatch')>) => require('picomatch')(...args)) as typeof import('picomatch');\n",
  },
  {
    file: /[\\/]packages[\\/]cli[\\/]src[\\/]formatters[\\/]stylish\.ts$/,
    line: "import { createTwoFilesPatch } from 'diff';\n",
    lazy: "const createTwoFilesPatch: typeof import('diff').createTwoFilesPatch = (...args: Parameters<typeof import('diff').createTwoFilesPatch>) => require('diff').createTwoFilesPatch(...args);\n",
  },
];

/** `text` of the file at `path` with its import made lazy (exported for the test). */
export function lazyImportsSource(path, text) {
  const entry = LAZY_IMPORTS.find((e) => e.file.test(path));
  if (!entry) return text;
  if (text.split(entry.line).length !== 2) throw new Error(`lazy-imports: ${path} no longer has the line ${entry.line.trim()}`);
  return text.replace(entry.line, entry.lazy);
}

export const lazyImports = {
  name: 'lazy-imports',
  setup(build) {
    for (const { file } of LAZY_IMPORTS) {
      build.onLoad({ filter: file }, (args) => ({ contents: lazyImportsSource(args.path, readFileSync(args.path, 'utf8')), loader: 'ts' }));
    }
  },
};
