/**
 * ajv (draft-04), for rule schemas the bundles carry no generated validator of. A module of its own so the
 * bundles can load ajv only then (build/precompile-rule-validators.mjs replaces this module with one that
 * requires ajv on first call): issue 19, start-up.
 */
import AjvDraft04 from 'ajv-draft-04';

// A CommonJS module: under Node's ESM interop its default export is the module object, whose `default` is the class.
export const ajvClass = (): typeof AjvDraft04.default => AjvDraft04.default;
