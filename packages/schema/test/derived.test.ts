// Data derived from a checkout's schema files, kept across processes (derived.ts, the platform's derived store):
// taken while the file keeps its stamp, derived again when it changes, never kept for a file changed in the
// last seconds or for what is not plain JSON; and a checkout resolves the same schemas with and without it.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { derivedFromFile, isJson } from '../src/derived.js';
import { createSchemaProvider } from '../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'esql-lint-derived-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let saved: string | undefined;
let store: string;
beforeEach(() => {
  saved = process.env.ESQL_LINT_CODE_CACHE;
  store = mkdtempSync(join(work, 'store-'));
  process.env.ESQL_LINT_CODE_CACHE = store;
});
afterEach(() => {
  if (saved === undefined) delete process.env.ESQL_LINT_CODE_CACHE;
  else process.env.ESQL_LINT_CODE_CACHE = saved;
});

const old = (file: string, secondsAgo = 60) => utimesSync(file, Date.now() / 1000 - secondsAgo, Date.now() / 1000 - secondsAgo);
const stored = () => readdirSync(join(store, 'derived'));

describe('derivedFromFile', () => {
  it('keeps a derivation while the file keeps its stamp, and derives again when it changes', () => {
    const file = join(work, 'a.txt');
    writeFileSync(file, 'one');
    old(file);
    let calls = 0;
    const derive = (f: string) => (calls++, { text: require('node:fs').readFileSync(f, 'utf8') as string });
    expect(derivedFromFile(file, 'k', derive)).toEqual({ text: 'one' });
    expect(derivedFromFile(file, 'k', derive)).toEqual({ text: 'one' });
    expect(calls).toBe(1);
    expect(stored()).toHaveLength(1);
    // Another kind of derivation of the same file is its own entry.
    expect(derivedFromFile(file, 'other', () => 7)).toBe(7);
    expect(stored()).toHaveLength(2);
    writeFileSync(file, 'two');
    old(file, 30);
    expect(derivedFromFile(file, 'k', derive)).toEqual({ text: 'two' });
    expect(calls).toBe(2);
  });

  it('keeps nothing for a file changed in the last seconds, a missing file, non-JSON values, or with the cache off', () => {
    const file = join(work, 'b.txt');
    writeFileSync(file, 'x');
    expect(derivedFromFile(file, 'k', () => [1])).toEqual([1]);
    expect(() => stored()).toThrow();
    expect(derivedFromFile(join(work, 'missing'), 'k', () => 'none')).toBe('none');
    old(file);
    expect(derivedFromFile(file, 'date', () => ({ d: new Date(0) }))).toEqual({ d: new Date(0) });
    expect(() => stored()).toThrow();
    process.env.ESQL_LINT_CODE_CACHE = 'off';
    expect(derivedFromFile(file, 'k', () => [2])).toEqual([2]);
  });

  it('isJson accepts plain JSON data only', () => {
    expect(isJson({ a: [1, 'b', null, true, { c: 2.5 }] })).toBe(true);
    for (const [i, v] of [undefined, NaN, Infinity, -0, new Date(), new Map(), () => 1, { a: undefined }, [1, undefined], Object.create(null)].entries()) expect(isJson(v), `case ${i}`).toBe(false);
  });
});

describe('a checkout with derived data kept', () => {
  const corpus = join(__dirname, '../../../../shared/corpus/detection-rules');
  // The corpus files are old enough to be stamped (a fresh checkout's would be derived each time for 3 s).
  const etc = join(corpus, 'detection_rules/etc');
  it.skipIf(!require('node:fs').existsSync(etc))('resolves the same schemas cold, then from kept data', () => {
    const inputs = [
      { language: 'eql', index: ['winlogbeat-*', 'logs-windows.*', 'logs-endpoint.events.process-*'], filePath: join(corpus, 'rules/windows/x.toml') },
      { language: 'kuery', index: ['logs-aws.cloudtrail-*'], integrations: ['aws'], filePath: join(corpus, 'rules/integrations/aws/x.toml') },
      { language: 'esql', index: [], minStackVersion: '8.14.0', filePath: join(corpus, 'rules/linux/x.toml') },
      // beats: a beat's root, a module's datasets named, and a module whole (beats-fields-1)
      { language: 'kuery', index: ['filebeat-*', 'auditbeat-*'], datasets: ['aws.cloudtrail'], filePath: join(corpus, 'rules/integrations/aws/x.toml') },
      { language: 'kuery', index: ['filebeat-*'], modules: ['okta'], filePath: join(corpus, 'rules/integrations/okta/x.toml') },
    ];
    const explain = () => {
      const provider = createSchemaProvider({});
      return inputs.map((i) => {
        const r = provider.resolve(i as never);
        const fields = r.fieldNames();
        return { explanation: r.explain(), fields, types: fields.map((f) => r.lookup(f)), allowed: r.allowedValues('event.category') };
      });
    };
    const cold = explain();
    expect(cold[0].fields.length).toBeGreaterThan(1000);
    expect(cold[0].explanation.ecs.source).toContain('ecs_schemas');
    expect(stored().length).toBeGreaterThanOrEqual(3);
    expect(explain()).toEqual(cold);
  });
});
