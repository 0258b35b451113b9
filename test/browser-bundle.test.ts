// The library's browser build: core, the parsers, the schema bundle, the linter and the language service
// bundled for browsers (esbuild, platform `browser`: the `browser` export conditions pick the linter's
// browser entry and core's in-memory platform) import no Node built-in, and the linter's browser entry
// exports only what its Node entry exports.
import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a JavaScript module without declarations
import { embedSchemaData } from '../packages/schema/esbuild-embed-data.mjs';
import * as browserEntry from '../packages/linter/src/browser.js';
import * as nodeEntry from '../packages/linter/src/index.js';

const BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})(/.*)?$`);

/** Records every import of a Node built-in, with the file that imports it, and keeps it out of the bundle. */
function nodeBuiltins(found: string[]): Plugin {
  return {
    name: 'no-node-builtins',
    setup(b) {
      b.onResolve({ filter: BUILTIN }, (args) => {
        found.push(`${args.importer} imports ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
}

describe('browser bundle', () => {
  it('the language service, linter, schema bundle, parsers and core import no Node built-in', async () => {
    const found: string[] = [];
    const result = await build({
      stdin: { contents: "export * from '@esql-lint/language-service'; export * from '@esql-lint/linter'; export * from '@esql-lint/core';", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      conditions: ['source'],
      plugins: [embedSchemaData, nodeBuiltins(found)],
      metafile: true,
      logLevel: 'silent',
    });
    expect(found).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    // The Node-only modules stay out; the data and the packages are in.
    for (const nodeOnly of ['files.ts', 'run.ts', 'cache.ts', 'ignore.ts', 'file-io.ts', 'source-file.ts', 'platform-node.ts']) {
      expect(inputs.some((f) => f.endsWith(`/${nodeOnly}`)), nodeOnly).toBe(false);
    }
    for (const needed of ['packages/language-service/src/service.ts', 'packages/linter/src/linter-pool.ts', 'packages/core/src/platform-browser.ts', 'packages/schema/data/integrations.json']) {
      expect(inputs, needed).toContain(needed);
    }
    expect(inputs.some((f) => f.includes('@elastic/ecs'))).toBe(true);
  });

  it("the linter's browser entry exports a subset of its Node entry, the same values", () => {
    const node = nodeEntry as Record<string, unknown>;
    for (const [name, value] of Object.entries(browserEntry)) expect(node[name], name).toBe(value);
    // What the language service needs is there.
    for (const name of ['Linter', 'LinterPool', 'ConfigError', 'languageSupport', 'resolveSchema', 'formatDocument', 'analyzeEsql']) {
      expect(name in browserEntry, name).toBe(true);
    }
  });
});
