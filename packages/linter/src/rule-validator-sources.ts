/**
 * Generated rule-schema validators: none when running from source. The bundles replace this module
 * (build/precompile-rule-validators.mjs) with one that returns the ajv standalone code of each bundled
 * rule API schema, by validatorKey (rule-validators.ts).
 */
export function ruleValidatorSource(_key: string): string | undefined {
  return undefined;
}
