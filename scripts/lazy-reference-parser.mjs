// An esbuild plugin for the CLI's and the language server's bundles (issue 19, start-up): a clean EQL query
// (scan.ts and fast.ts over lexer.ts's token types, made without Chevrotain) evaluates no Chevrotain and no
// lodash-es. Chevrotain (its parser, lexer and token modules, ~250 modules with lodash-es) is evaluated when the
// reference parser is first needed: a query with an error or a construct the fast path does not take, or
// expectedAt.
//
// 1. The import of getParser in parser-eql's parse.ts and expected.ts becomes a function that requires
//    parser.ts on its call: esbuild wraps parser.ts and what only it imports (Chevrotain) in lazily evaluated
//    modules (`__esm`).
// 2. scan.ts takes './chevrotain.js' (its default lexer error messages only) from Chevrotain's
//    lexer_errors_public.js, a module without imports, not from Chevrotain's entry, which imports everything.
//
// Same behaviour; the build fails if a file no longer has its import line or imports another name.
// Not for scripts/bundle-chevrotain.mjs (a parser's own ES module entry): there the `__esm` wrappers cost more
// than the evaluation they defer (s8-lazy: callgrind, import + one clean EQL parse 629.5 M -> 636.9 M instructions).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PARSER_USERS = /[\\/]packages[\\/]parser-eql[\\/]src[\\/](?:parse|expected)\.ts$/;
const SCAN_USERS = /[\\/]packages[\\/]parser-eql[\\/]src[\\/]scan\.ts$/;

const IMPORT_LINE = "import { getParser } from './parser.js';\n";
const LAZY_LINE = "const getParser: typeof import('./parser.js').getParser = () => require('./parser.js').getParser();\n";

/** `text` of parse.ts or expected.ts with its import of the parser made lazy (exported for the test). */
export function lazyReferenceParserSource(path, text) {
  if (!PARSER_USERS.test(path)) return text;
  if (text.split(IMPORT_LINE).length !== 2) throw new Error(`lazy-reference-parser: ${path} no longer has the line ${IMPORT_LINE.trim()}`);
  if (/from '\.\/parser\.js'/.test(text.replace(IMPORT_LINE, ''))) throw new Error(`lazy-reference-parser: ${path} imports more of parser.ts`);
  return text.replace(IMPORT_LINE, LAZY_LINE);
}

/** What scan.ts may take from Chevrotain: the names of lexer_errors_public.js. */
const SCAN_NAMES = ['defaultLexerErrorProvider'];

export const lazyReferenceParser = {
  name: 'lazy-reference-parser',
  setup(build) {
    build.onLoad({ filter: PARSER_USERS }, (args) => ({ contents: lazyReferenceParserSource(args.path, readFileSync(args.path, 'utf8')), loader: 'ts' }));
    build.onResolve({ filter: /^\.\/chevrotain\.js$/ }, (args) => {
      if (!SCAN_USERS.test(args.importer)) return undefined;
      const names = [...readFileSync(args.importer, 'utf8').matchAll(/import \{([^}]*)\} from '\.\/chevrotain\.js'/g)]
        .flatMap((m) => m[1].split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type ')));
      const unknown = names.filter((n) => !SCAN_NAMES.includes(n));
      if (unknown.length) throw new Error(`lazy-reference-parser: ${args.importer} imports ${unknown.join(', ')} from Chevrotain, not a name of its lexer_errors_public.js`);
      const api = createRequire(join(args.resolveDir, 'x.js')).resolve('chevrotain');
      return { path: join(dirname(api), 'scan', 'lexer_errors_public.js') };
    });
  },
};
