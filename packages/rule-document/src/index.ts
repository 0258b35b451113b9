export * from './document.js';
export * from './toml-string.js';
