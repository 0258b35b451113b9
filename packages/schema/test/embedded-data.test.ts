// The bundles' schema data (esbuild-embed-data.mjs: JSON text parsed on first use) is exactly the data the
// package loads from source: ECS's EcsFlat, the integrations, index schemas and rule API schemas.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import * as source from '../src/data-files.js';
import { embedSchemaData } from '../esbuild-embed-data.mjs';

describe('embedded schema data', () => {
  it('is the data the package loads from source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esql-lint-embed-'));
    // The bundles' stand-in for src/data-files.ts, bundled as they bundle it.
    await build({
      entryPoints: [new URL('../embedded-data.cjs', import.meta.url).pathname], outfile: join(dir, 'out.mjs'), bundle: true, platform: 'node', format: 'esm', plugins: [embedSchemaData], logLevel: 'warning',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    const bundled = ((await import(pathToFileURL(join(dir, 'out.mjs')).href)) as { default: typeof source }).default;
    for (const name of ['loadEcsFlat', 'loadEcsLayerData', 'loadIntegrationBundle', 'loadIndexSchemas', 'loadRuleApiSchemas'] as const) {
      expect(bundled[name](), name).toStrictEqual(source[name]());
    }
  }, 120_000);
});
