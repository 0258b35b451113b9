export * from './document.js';
export * from './toml-string.js';
export * from './structure.js';
export * from './json-host.js';
export * from './json-string.js';
export { parseJsonTree, jsonValue, jsonAt, type JsonNode, type JsonProperty, type JsonSyntaxError } from './json-tree.js';
export * from './toml.js';
