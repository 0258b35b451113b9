/** The semantic token legend (plain data: the language server answers `initialize` with it before loading the rest). */

/** Token types: LSP's standard ones, so that every theme and every LSP editor colours them. */
export const SEMANTIC_TOKEN_TYPES = [
  'keyword', 'operator', 'string', 'number', 'comment', 'parameter', 'property', 'variable', 'function', 'type',
  'enumMember', 'namespace',
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

/**
 * Modifiers: standard ones, plus `unknown` (a field in none of the rule's schemas; declared by the server
 * and the extension). A schema field is `property` + `defaultLibrary`; a METADATA field also `readonly`;
 * a column the ES|QL query creates is a `variable` (+ `declaration` where it is created); a built-in
 * function is `function` + `defaultLibrary`.
 */
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary', 'unknown'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];
