export * from './span.js';
export * from './line-index.js';
export * from './offset-map.js';
export * from './diagnostic.js';
export * from './suggest.js';
export * from './syntax-token.js';
export * from './layout.js';
