export * from './document.js';
export * from './toml-string.js';
export * from './structure.js';
