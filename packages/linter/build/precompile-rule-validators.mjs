// Start-up (issue 19): an esbuild plugin for the bundles (the CLI, the language server) that replaces
// src/rule-validator-sources.ts with the ajv standalone code of each bundled rule API schema
// (@esql-lint/schema/data/rule-api-schemas.json), so checking a rule's [rule] table needs no code
// generation at run time. The code is embedded as strings and compiled only when its rule type is checked.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const SOURCES = /[\\/]rule-validator-sources\.js$/;
const LINTER_SRC = new URL('../src/', import.meta.url).pathname;

/** RULE_SCHEMA_AJV_OPTIONS of src/rule-validators.ts, in the same order (a test compares them). */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, validateSchema: false };
/** The modules generated code may require (src/rule-validators.ts provides them). */
export const RUNTIME_MODULES = ['ajv/dist/runtime/ucs2length'];

let entries;

/** [key, code] of each bundled rule type's validator; key as validatorKey of src/rule-validators.ts. */
export function ruleValidatorEntries() {
  if (entries) return entries;
  const schemasText = readFileSync(require.resolve('@esql-lint/schema/data/rule-api-schemas.json'), 'utf8');
  // Generating takes seconds and tests build the bundles many times: cached (node_modules/.cache) by
  // everything the code depends on.
  const version = (p) => JSON.parse(readFileSync(require.resolve(`${p}/package.json`), 'utf8')).version;
  const hash = createHash('sha256')
    .update(JSON.stringify([AJV_OPTIONS, version('ajv'), version('ajv-draft-04'), readFileSync(new URL(import.meta.url))]))
    .update(schemasText)
    .digest('hex')
    .slice(0, 24);
  const cacheFile = join(dirname(require.resolve('ajv/package.json')), '..', '.cache', 'esql-lint', `rule-validators-${hash}.json`);
  try {
    return (entries = JSON.parse(readFileSync(cacheFile, 'utf8')));
  } catch {
    /* not generated yet */
  }
  const Ajv = require('ajv-draft-04').default;
  const standalone = require('ajv/dist/standalone').default;
  const bundled = JSON.parse(schemasText);
  const out = [];
  const seen = new Set();
  for (const schema of Object.values(bundled.types)) {
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
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(out));
    renameSync(tmp, cacheFile);
  } catch {
    /* no cache: generated again next time */
  }
  return (entries = out);
}

export const precompiledRuleValidators = {
  name: 'precompiled-rule-validators',
  setup(build) {
    build.onResolve({ filter: SOURCES }, (args) => (args.importer.startsWith(LINTER_SRC) ? { path: 'rule-validator-sources', namespace: 'precompiled-rule-validators' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'precompiled-rule-validators' }, () => ({
      loader: 'js',
      contents: `const ENTRIES = ${JSON.stringify(ruleValidatorEntries())};\nexport function ruleValidatorSources() { return new Map(ENTRIES); }\n`,
    }));
  },
};
