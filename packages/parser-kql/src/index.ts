export { parse, lex, type ParseOptions } from './parse.js';
export { walk, children, type Visitor } from './walk.js';
export { print } from './print.js';
export { format } from './format.js';
export { fieldReferences, valueComparisons, type ValueComparison, type ComparedValue } from './fields.js';
export { expectedAt } from './expected.js';
export type * from './ast.js';
export { syntaxTokens } from './syntax-tokens.js';
