import { readTextFile } from '@esql-lint/core/platform';
import { parse as parseYaml } from 'yaml';

/** A JSON file that does not parse: the engine's reason, with the line and column of its offset. */
class JsonFileError extends SyntaxError {}

/** Reads a JSON file, gunzipping `.gz` files. */
export function readJsonFile(path: string): unknown {
  const text = readTextFile(path, path.endsWith('.gz'));
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    // V8 names the offset ("... in JSON at position 27", or "... is not valid JSON" for a bad token).
    const at = /at position (\d+)/.exec(e.message);
    const reason = e.message.replace(/,? *"(?:[^"\\]|\\.)*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/, '');
    if (!at) throw new JsonFileError(`not valid JSON (${reason})`);
    const offset = Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    throw new JsonFileError(`not valid JSON at line ${line}, column ${column} (${reason})`);
  }
}

/**
 * Why a schema file could not be read, in words: the file's own error (JSON or YAML syntax with its line and
 * column, a read error), or that its fields nest too deeply to be read (the readers recurse per level).
 */
export function dataFileProblem(e: unknown): string {
  if (e instanceof Error && /^Maximum call stack size exceeded/.test(e.message)) return 'its fields are nested too deeply to read (thousands of levels)';
  return e instanceof Error ? e.message : String(e);
}

/** Reads a JSON or YAML file (by extension; `.gz` allowed). */
export function readDataFile(path: string): unknown {
  const plain = path.replace(/\.gz$/, '');
  if (/\.ya?ml$/i.test(plain)) {
    return parseYaml(readTextFile(path, path.endsWith('.gz')));
  }
  return readJsonFile(path);
}

export { isFile, isDirectory as isDir } from '@esql-lint/core/platform';

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses `9.4`, `9.4.0`, `v8.18.3`, `9.6.0-beta.1` into [major, minor, patch] (missing parts 0), or undefined. */
export function parseVersion(v: string | undefined | null): [number, number, number] | undefined {
  if (!v) return undefined;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(String(v).trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0, 0];
  const y = parseVersion(b) ?? [0, 0, 0];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** Flattens a nested `{ a: { b: 'keyword' } }` object into `{ 'a.b': 'keyword' }` (string leaves only). */
export function flattenObject(obj: Record<string, unknown>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (isRecord(v)) flattenObject(v, name, out);
    else if (typeof v === 'string') out.set(name, v);
  }
  return out;
}

/** Index pattern without its cross-cluster-search prefix (`cluster:logs-*` -> `logs-*`). */
export function stripCcs(index: string): string {
  const s = index.replace('::', ':');
  const i = s.indexOf(':');
  return i >= 0 ? s.slice(i + 1) : s;
}
