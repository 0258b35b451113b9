/**
 * Start-up only (issue 19): validators of Kibana's rule API schemas that the bundles carry already
 * generated (ajv standalone code, made at build time by build/precompile-rule-validators.mjs), so a
 * process that checks one rule does not spend ~150 ms in ajv's code generation. A schema is looked up by
 * its exact JSON text and the ajv options: a checkout's api_schemas file identical to the bundled copy
 * hits too; any other schema, and every schema when running from source, is compiled at run time as before.
 */
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import type { ValidateFunction } from 'ajv-draft-04';
import { ruleValidatorSource } from './rule-validator-sources.js';

/** The options the linter compiles rule schemas with (the build generates code with the same ones). */
export const RULE_SCHEMA_AJV_OPTIONS = { allErrors: true, strict: false, verbose: true, validateSchema: false } as const;

/** The key of a schema among the generated validators: the options and the schema, as JSON. */
export const validatorKey = (schema: unknown): string => JSON.stringify([RULE_SCHEMA_AJV_OPTIONS, schema]);

// What generated code may require: ajv's runtime helpers (the build fails on any other).
const RUNTIME: Record<string, unknown> = {
  'ajv/dist/runtime/ucs2length': (ucs2length as unknown as { default?: unknown }).default ?? ucs2length,
};

/** A validator from ajv standalone code (CommonJS: `module.exports = validate`). */
export function instantiateValidator(code: string): ValidateFunction {
  const module: { exports: unknown } = { exports: {} };
  const require = (id: string) => {
    if (!(id in RUNTIME)) throw new Error(`generated rule validator requires unknown module ${id}`);
    return { default: RUNTIME[id] };
  };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return module.exports as ValidateFunction;
}

/** The generated validator of `schema`, when the bundle carries one. */
export function precompiledValidator(schema: unknown): ValidateFunction | undefined {
  const code = ruleValidatorSource(validatorKey(schema));
  return code === undefined ? undefined : instantiateValidator(code);
}
