import { fileStamp, readDerived, writeDerived } from '@esql-lint/core/platform';

/**
 * `derive(file)`'s result, kept across processes while `file` keeps its stamp (size, modification time,
 * inode; see the platform's fileStamp): start-up (issue 19) of a run inside a detection-rules checkout, whose
 * ECS, package manifest and YAML files cost tens of milliseconds to read, gunzip and parse for a few KB of
 * what the schemas need. `kind` names what is derived (and its format: change it with the derivation).
 * Only plain JSON data is kept (`isJson`); anything else is derived every time.
 */
export function derivedFromFile<T>(file: string, kind: string, derive: (file: string) => T): T {
  const stamp = fileStamp(file);
  if (stamp === undefined) return derive(file);
  const key = `esql-lint schema ${kind}\0${file}\0${stamp}`;
  const kept = readDerived(key);
  if (kept !== undefined) {
    try {
      return JSON.parse(kept) as T;
    } catch {
      /* damaged: derive again */
    }
  }
  const value = derive(file);
  if (isJson(value)) writeDerived(key, JSON.stringify(value));
  return value;
}

/** Whether `v` is plain JSON data (what JSON.parse(JSON.stringify(v)) gives back equal). */
export function isJson(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  return Object.entries(v as Record<string, unknown>).every(([k, x]) => k !== '__proto__' && x !== undefined && isJson(x, depth + 1));
}
