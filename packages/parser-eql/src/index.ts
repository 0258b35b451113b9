export { parse, type ParseOptions } from './parse.js';
export { print, printExpression } from './print.js';
export { walk, childrenOf, type Visitor } from './walk.js';
export { fieldReferences, eventCategories, type EventCategoryReference } from './fields.js';
export { expectedAt } from './expected.js';
export { EQL_FUNCTIONS, lookupFunction, type FunctionInfo } from './functions.js';
export { EQL_CODES, type EqlCode } from './codes.js';
export type * from './ast.js';
export { syntaxTokens } from './syntax-tokens.js';
