/**
 * The CLI bundle's data section (packages/cli/build/data-section.mjs, issue 19, start-up): the large JSON texts
 * live after the code in the bundle file; the loader (scripts/code-cache.mjs) compiles only the code and serves
 * a text on request. The data a bundle built so gives is the data the packages load from source, cold and warm;
 * a bundle whose code was edited (the bundle tests' recording copies) still finds its data.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { functionDefinitions } from '@elastic/esql-definitions/functions';
import { operatorDefinitions } from '@elastic/esql-definitions/operators';
import { functionDocs } from '@elastic/esql-definitions/function-docs';
import * as source from '../packages/schema/src/data-files.js';
import { embedSchemaDataWith } from '../packages/schema/esbuild-embed-data.mjs';
import { dataSection } from '../packages/cli/build/data-section.mjs';
// @ts-expect-error: a plain .mjs script
import { prepareBundle } from '../scripts/cached-bundle.mjs';

const ROOT = join(__dirname, '..');
const LOADER = join(ROOT, 'scripts/code-cache.mjs');
const work = mkdtempSync(join(tmpdir(), 'esql-lint-data-section-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const NAMES = ['loadEcsFlat', 'loadEcsLayerData', 'loadIntegrationBundle', 'loadIndexSchemas', 'loadRuleApiSchemas'] as const;
const ENTRY = `const data = require(${JSON.stringify(join(ROOT, 'packages/schema/embedded-data.cjs'))});
const { functionDefinitions } = require('@elastic/esql-definitions/functions');
const { operatorDefinitions } = require('@elastic/esql-definitions/operators');
const { functionDocs } = require('@elastic/esql-definitions/function-docs');
exports.all = () => JSON.stringify({ ${NAMES.map((n) => `${n}: data.${n}()`).join(', ')}, functionDefinitions, operatorDefinitions, functionDocs });
`;

/** Loads `file` through the loader in a new process; its data as JSON and whether the code cache was taken. */
function load(file: string, cache: string): { all: string; warm: boolean } {
  const script = `import { loadBundle } from ${JSON.stringify(LOADER)};
const b = loadBundle(${JSON.stringify(file)}, 'file:///d.mjs'); const all = b.exports.all(); b.saveCodeCache();
process.stdout.write(JSON.stringify({ all, warm: b.warm }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ESQL_LINT_CODE_CACHE: cache }, maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('the data section of a bundle', () => {
  it('gives the data the packages load from source, from texts after the code that the loader does not compile', async () => {
    const section = dataSection();
    const out = await build({
      stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'entry.cjs', loader: 'js' },
      bundle: true, write: false, platform: 'node', format: 'cjs', conditions: ['source'], logLevel: 'warning',
      plugins: [embedSchemaDataWith({ text: section.text }), section.plugin],
    });
    const { code, data } = section.finish(out.outputFiles[0].text);
    // The large texts left the code: EcsFlat alone is over 1 MB of JSON.
    expect(data.length).toBeGreaterThan(2_000_000);
    expect(code.length).toBeLessThan(200_000);
    expect(code).toContain('__esqlLintData(');
    const prepared = prepareBundle('data', code, data);
    const file = join(work, prepared.file);
    writeFileSync(file, prepared.text);
    expect(readFileSync(file).findIndex((b) => b > 0x7f)).toBe(-1);

    const expected = JSON.stringify({ ...Object.fromEntries(NAMES.map((n) => [n, source[n]()])), functionDefinitions, operatorDefinitions, functionDocs });
    const cache = join(work, 'cache');
    const cold = load(file, cache);
    expect(cold.warm).toBe(false);
    expect(cold.all === expected).toBe(true);
    const warm = load(file, cache);
    expect(warm.warm).toBe(true);
    expect(warm.all === expected).toBe(true);

    // The code edited (longer, as the bundle tests' copies that record evaluations): the data is found all the same.
    const edited = join(work, 'edited.cjs');
    writeFileSync(edited, prepared.text.replace('"use strict";', '"use strict"; /* a longer code part */'));
    expect(statSync(edited).size).toBeGreaterThan(statSync(file).size);
    expect(load(edited, 'off').all === expected).toBe(true);
  }, 120_000);
});
