// An esbuild plugin for bundles of esql-lint (issue 19, start-up): src/languages.ts's imports of the
// language modules become evaluations on first use. esbuild keeps each module of a CommonJS bundle as a
// closure evaluated once, when first imported; a `require` of a bundled ES module evaluates it at the call.
// So `import { eqlChecks } from './languages/eql.js'` used as `() => eqlChecks` becomes
// `() => require('./languages/eql.js').eqlChecks`: a run over EQL rules never evaluates the ES|QL and KQL
// parsers, their definitions and tables (~15-20 ms of a one-file run). The build fails if languages.ts no
// longer has the shape this relies on (one named import per language, used only inside functions).
import { readFileSync } from 'node:fs';

const LANGUAGES = /[\\/]packages[\\/]linter[\\/]src[\\/]languages\.ts$/;
const IMPORT = /^import \{ (\w+Checks) \} from '(\.\/languages\/[\w-]+\.js)';\n/gm;

/** languages.ts with its language imports made lazy (exported for the test). */
export function lazyLanguagesSource(text) {
  const imports = [...text.matchAll(IMPORT)];
  if (imports.length < 3) throw new Error(`lazy-languages: expected an import per language in languages.ts, found ${imports.length}`);
  let out = text;
  for (const [line, name, spec] of imports) {
    out = out.replace(line, '');
    const uses = out.match(new RegExp(`\\(\\) => ${name}\\b`, 'g'))?.length ?? 0;
    const all = out.match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
    if (uses !== 1 || all !== 1) throw new Error(`lazy-languages: ${name} must be used once, as \`() => ${name}\`, in languages.ts`);
    out = out.replace(new RegExp(`\\(\\) => ${name}\\b`), `() => require(${JSON.stringify(spec)}).${name}`);
  }
  return out;
}

export const lazyLanguages = {
  name: 'lazy-languages',
  setup(build) {
    build.onLoad({ filter: LANGUAGES }, (args) => ({ contents: lazyLanguagesSource(readFileSync(args.path, 'utf8')), loader: 'ts' }));
  },
};
