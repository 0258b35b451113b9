export { parse, type ParseOptions } from './parse.js';
export type * from './ast.js';
