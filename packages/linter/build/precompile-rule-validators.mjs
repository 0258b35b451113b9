// Start-up (issue 19): an esbuild plugin for the bundles (the CLI, the language server) that replaces
// src/rule-validator-sources.ts with the ajv standalone code of each bundled rule API schema
// (@esql-lint/schema/data/rule-api-schemas.json), so checking a rule's [rule] table needs no code
// generation at run time. The code is embedded compressed and compiled only when its rule type is checked.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const require = createRequire(import.meta.url);
const SOURCES = /[\\/]rule-validator-sources\.js$/;
const AJV_CLASS = /[\\/]ajv-class\.js$/;
const LINTER_SRC = new URL('../src/', import.meta.url).pathname;

/** RULE_SCHEMA_AJV_OPTIONS of src/rule-validators.ts, in the same order (a test compares them). */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, validateSchema: false };
/** The modules generated code may require (src/rule-validators.ts provides them). */
export const RUNTIME_MODULES = ['ajv/dist/runtime/ucs2length'];

const memo = new Map();

/**
 * Generating takes seconds and tests build the bundles many times: kept in this process and cached
 * (node_modules/.cache/esql-lint) by a hash of everything the result depends on.
 */
function cached(name, make) {
  if (memo.has(name)) return memo.get(name);
  const schemasText = readFileSync(require.resolve('@esql-lint/schema/data/rule-api-schemas.json'), 'utf8');
  const version = (p) => JSON.parse(readFileSync(require.resolve(`${p}/package.json`), 'utf8')).version;
  const hash = createHash('sha256')
    .update(JSON.stringify([AJV_OPTIONS, version('ajv'), version('ajv-draft-04'), process.versions.node, readFileSync(new URL(import.meta.url))]))
    .update(schemasText)
    .digest('hex')
    .slice(0, 24);
  const file = join(dirname(require.resolve('ajv/package.json')), '..', '.cache', 'esql-lint', `rule-validators-${hash}.${name}`);
  let value;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    value = make(schemasText);
    try {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, file);
    } catch {
      /* no cache: made again next time */
    }
  }
  memo.set(name, value);
  return value;
}

/** [key, code] of each bundled rule type's validator; key as validatorKey of src/rule-validators.ts. */
export function ruleValidatorEntries() {
  return cached('json', (schemasText) => {
    const Ajv = require('ajv-draft-04').default;
    const standalone = require('ajv/dist/standalone').default;
    const out = [];
    const seen = new Set();
    for (const schema of Object.values(JSON.parse(schemasText).types)) {
      const key = JSON.stringify([AJV_OPTIONS, schema]);
      if (seen.has(key)) continue;
      seen.add(key);
      const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
      const code = standalone(ajv, ajv.compile(schema));
      for (const [, id] of code.matchAll(/require\("([^"]*)"\)/g)) {
        if (!RUNTIME_MODULES.includes(id)) throw new Error(`precompile-rule-validators: generated code requires ${id}; add it to RUNTIME_MODULES and src/rule-validators.ts`);
      }
      out.push([key, code]);
    }
    return out;
  });
}

export const precompiledRuleValidators = {
  name: 'precompiled-rule-validators',
  setup(build) {
    build.onResolve({ filter: SOURCES }, (args) => (args.importer.startsWith(LINTER_SRC) ? { path: 'rule-validator-sources', namespace: 'precompiled-rule-validators' } : undefined));
    // ajv itself evaluated only when a schema has no generated validator (a require esbuild makes lazy).
    build.onResolve({ filter: AJV_CLASS }, (args) => (args.importer.startsWith(LINTER_SRC) ? { path: 'ajv-class', namespace: 'precompiled-rule-validators' } : undefined));
    build.onLoad({ filter: /^ajv-class$/, namespace: 'precompiled-rule-validators' }, () => ({
      loader: 'js',
      resolveDir: LINTER_SRC,
      contents: "export const ajvClass = () => require('ajv-draft-04').default;\n",
    }));
    // Keys and code in one brotli blob (a fortieth of the size: the types' code is much alike), decompressed
    // on the first look-up.
    build.onLoad({ filter: /^rule-validator-sources$/, namespace: 'precompiled-rule-validators' }, () => {
      const blob = cached('br.json', () => {
        const json = JSON.stringify(ruleValidatorEntries());
        const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: json.length };
        return brotliCompressSync(json, { params }).toString('base64');
      });
      return {
        loader: 'js',
        contents: [
          // zlib loaded on first use (a start that needs no validator never loads it: issue 19, start-up).
          "import { createRequire } from 'node:module';",
          `const BLOB = ${JSON.stringify(blob)};`,
          'let code;',
          "export function ruleValidatorSource(key) { code ??= new Map(JSON.parse(createRequire(import.meta.url)('node:zlib').brotliDecompressSync(Buffer.from(BLOB, 'base64')).toString('utf8'))); return code.get(key); }",
        ].join('\n'),
      };
    });
  },
};
