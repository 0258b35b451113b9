// The CLI bundle's data section (issue 19, start-up). A new process read the whole bundle, ~6 MB, before running
// anything: on this 2-core VM ~2.5-3 ms per MB (the read and the one-byte string V8 compiles), and half of it
// was data most runs never touch: ECS's EcsFlat (1.4 MB as JSON text, hovers only), the ES|QL function and
// operator definitions and function docs (1.4 MB of object literals; ES|QL rules and the editor features), the
// integrations' per-stream fields (~470 KB, a run reads the streams its rules select). The build moves every
// such JSON text of at least MIN_BYTES out of the code into the bundle file's data section, after the code
// (scripts/code-cache.mjs DATA_TRAILER): the loader reads only the code, and the code reads one text, by offset,
// when it first needs it (`__esqlLintData(offset, length)`, from the loader). Same values: each text is the
// JSON of the data, parsed where the literal was parsed before (ES|QL definitions: JSON.parse instead of
// evaluating their object literals; the build checks the JSON round trip).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { pathToFileURL } from 'node:url';
import { asciiOnly } from '../../../scripts/cached-bundle.mjs';

/** Shorter texts stay string literals in the code (a read costs more than they do). */
const MIN_BYTES = 2048;
const REF = /__esqlLintDataRef\("([0-9a-f]{64})"\)/g;
/** @elastic/esql-definitions' generated tables: plain data, exported by name. */
const ESQL_DEFINITIONS = /[\\/]@elastic[\\/]esql-definitions[\\/]lib[\\/]generated[\\/](?:functions|operators|function_docs)[\\/]index\.m?js$/;

/**
 * A data section for one build: `text(json)` is the JavaScript expression that yields a JSON text (for
 * embedSchemaDataWith), `plugin` serves the ES|QL definitions as JSON data, and `finish(code)` gives the code
 * with the texts' references resolved and the section (both ASCII), for prepareBundle.
 */
export function dataSection() {
  const texts = new Map();
  const text = (json) => {
    if (json.length < MIN_BYTES) return JSON.stringify(json);
    // Outside its strings JSON is ASCII; inside them a \uXXXX escape is the same character.
    const ascii = asciiOnly(json);
    const hash = createHash('sha256').update(ascii).digest('hex');
    texts.set(hash, ascii);
    return `__esqlLintDataRef("${hash}")`;
  };
  const plugin = {
    name: 'esql-definitions-data',
    setup(build) {
      build.onLoad({ filter: ESQL_DEFINITIONS }, async (args) => {
        const module = args.path.endsWith('.mjs') ? await import(pathToFileURL(args.path).href) : createRequire(import.meta.url)(args.path);
        const lines = Object.entries(module).map(([name, value]) => {
          const json = JSON.stringify(value);
          if (!isDeepStrictEqual(JSON.parse(json), value)) throw new Error(`esql-definitions-data: ${args.path} ${name} is not plain JSON data`);
          return `export const ${name} = JSON.parse(${text(json)});\n`;
        });
        return { contents: lines.join(''), loader: 'js' };
      });
    },
  };
  /** `code` with each reference replaced by `__esqlLintData(offset, length)`, and the section (each text once). */
  const finish = (code) => {
    let data = '';
    const at = new Map();
    const out = code.replace(REF, (_, hash) => {
      const t = texts.get(hash);
      if (t === undefined) throw new Error(`data-section: no text for ${hash}`);
      if (!at.has(hash)) {
        at.set(hash, data.length);
        data += t;
      }
      return `__esqlLintData(${at.get(hash)}, ${t.length})`;
    });
    return { code: out, data };
  };
  return { text, plugin, finish };
}
