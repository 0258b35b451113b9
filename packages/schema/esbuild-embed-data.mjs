// An esbuild plugin for bundles of esql-lint (the CLI, the language server): it swaps the schema
// package's data loader (src/data-files.ts) for embedded-data.cjs, whose requires esbuild embeds in the
// bundle and evaluates on first use, so the bundle needs no node_modules beside it.
// Start-up (issue 19): the data is embedded as JSON text in a string, `JSON.parse`d on first use, not as
// JavaScript object literals (which V8 pre-parses at load and parses again at first use: ~2x the cost).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const STAND_IN = new URL('./embedded-data.cjs', import.meta.url).pathname;
const SCHEMA_SRC = new URL('./src/', import.meta.url).pathname;
const DATA_JSON = /[\\/]packages[\\/]schema[\\/]data[\\/][^\\/]+\.json$/;
const ECS_FLAT = /[\\/]@elastic[\\/]ecs[\\/]build[\\/]commonjs[\\/]ecs_flat\.js$/;

/** A JavaScript string literal of `text` (single-quoted: JSON has few single quotes to escape). */
const literal = (text) => `'${text.replace(/[\\'\n\r\u2028\u2029]/g, (c) => (c === '\\' || c === "'" ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))}'`;

/** CommonJS whose export is `value` (plain JSON data), parsed on evaluation; `text`: a JSON text as an expression. */
const jsonModule = (value, key, text = literal) => ({ loader: 'js', contents: `${key ? `exports.${key}` : 'module.exports'} = JSON.parse(${text(JSON.stringify(value))});\n` });

const INTEGRATIONS_JSON = /[\\/]packages[\\/]schema[\\/]data[\\/]integrations\.json$/;
const INDEX_SCHEMAS_JSON = /[\\/]packages[\\/]schema[\\/]data[\\/]index-schemas\.json$/;

/**
 * CommonJS whose export is `data` (a plain JSON object) with each top-level value parsed on first read, from a
 * function of its own (as the integrations' fields below): index-schemas.json, whose non-ECS, endgame and endpoint
 * parts only rules outside a checkout read (issue 19, start-up). Same data, keys in the same order.
 */
function lazyKeysModule(data, text = literal) {
  const parts = Object.keys(data).map((k) => `  [${literal(k)}, () => ${text(JSON.stringify(data[k]))}]`);
  return {
    loader: 'js',
    contents: `const data = {};
for (const [key, text] of [\n${parts.join(',\n')}\n]) {
  Object.defineProperty(data, key, {
    enumerable: true, configurable: true,
    get() {
      const value = JSON.parse(text());
      Object.defineProperty(data, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
}
module.exports = data;
`,
  };
}

/**
 * The integrations bundle (~480 KB, nearly all of it the streams' fields), with each stream's `fields` parsed
 * on first read: a run parses the packages' list and streams (~9 KB) and the fields of the streams its rules
 * select, not every package's (issue 19, start-up). Same data: a getter that replaces itself with the value.
 * Each stream's JSON text is returned by a function of its own: V8 compiles it when the stream is first read, so
 * the code cache a run writes (scripts/code-cache.mjs) holds the texts that run read, not ~470 KB of string
 * constants that every later start would deserialize.
 */
function integrationsModule(data, text = literal) {
  const fields = [];
  const heads = { ...data, packages: {} };
  for (const [name, pkg] of Object.entries(data.packages)) {
    const streams = {};
    for (const [stream, def] of Object.entries(pkg.streams)) {
      const { fields: f, ...rest } = def;
      // The index of this stream's fields in the list, in the key order of the original (kept on parse).
      streams[stream] = { ...rest, fields: fields.push(JSON.stringify(f)) - 1 };
    }
    heads.packages[name] = { ...pkg, streams };
  }
  return {
    loader: 'js',
    contents: `const FIELDS = [\n${fields.map((f) => `() => ${text(f)}`).join(',\n')}\n];
const data = JSON.parse(${literal(JSON.stringify(heads))});
for (const pkg of Object.values(data.packages)) {
  for (const stream of Object.values(pkg.streams)) {
    const i = stream.fields;
    Object.defineProperty(stream, 'fields', {
      enumerable: true, configurable: true,
      get() {
        const value = JSON.parse(FIELDS[i]());
        Object.defineProperty(this, 'fields', { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
    });
  }
}
module.exports = data;
`,
  };
}

let layerData;
/** src/ecs-layer-data.ts (compiled here from the source, never a stale build) applied to @elastic/ecs's EcsFlat. */
async function ecsLayerData() {
  if (!layerData) {
    const { build } = await import('esbuild');
    const out = await build({ entryPoints: [new URL('./src/ecs-layer-data.ts', import.meta.url).pathname], bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'warning' });
    const { ecsLayerDataFromFlat } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
    layerData = ecsLayerDataFromFlat(createRequire(import.meta.url)('@elastic/ecs/build/commonjs/ecs_flat.js').EcsFlat);
  }
  return layerData;
}

/**
 * The plugin; `text` (optional) turns a JSON text into the JavaScript expression that yields it (by default a string
 * literal; the CLI's bundle reads the large ones from its data section, packages/cli/build/data-section.mjs).
 */
export function embedSchemaDataWith({ text = literal } = {}) {
  return {
    name: 'embed-schema-data',
    setup(build) {
      build.onResolve({ filter: /[\\/]data-files\.js$/ }, (args) => (args.importer.startsWith(SCHEMA_SRC) ? { path: STAND_IN } : undefined));
      build.onLoad({ filter: DATA_JSON }, (args) => {
        const data = JSON.parse(readFileSync(args.path, 'utf8'));
        return INTEGRATIONS_JSON.test(args.path) ? integrationsModule(data, text) : INDEX_SCHEMAS_JSON.test(args.path) ? lazyKeysModule(data, text) : jsonModule(data, undefined, text);
      });
      // @elastic/ecs's EcsFlat: a module of one object literal (plain JSON data: a test checks the round trip).
      build.onLoad({ filter: ECS_FLAT }, (args) => jsonModule(createRequire(import.meta.url)(args.path).EcsFlat, 'EcsFlat', text));
      // The bundled ECS's layer data (src/ecs-layer-data.ts run on EcsFlat here): ~90 KB of JSON to parse at
      // start-up instead of the 1.3 MB EcsFlat, which only hovers need.
      build.onResolve({ filter: /^esql-lint:ecs-layer-data$/ }, () => ({ path: 'ecs-layer-data', namespace: 'esql-lint-data' }));
      build.onLoad({ filter: /.*/, namespace: 'esql-lint-data' }, async () => jsonModule(await ecsLayerData(), undefined, text));
    },
  };
}

export const embedSchemaData = embedSchemaDataWith();
