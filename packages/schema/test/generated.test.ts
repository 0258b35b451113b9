import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLE_PATH, coverageMarkdown, DEFAULT_SOURCE, generate, README_PATH } from '../scripts/generate-integrations.mjs';
import { DEFAULT_ETC, generateIndexSchemas, INDEX_BUNDLE_PATH, RULE_SCHEMAS_PATH } from '../scripts/generate-index-schemas.mjs';

const HAS_SOURCES = existsSync(DEFAULT_SOURCE);
if (!HAS_SOURCES) console.warn(`${DEFAULT_SOURCE} not found: generated-bundle check skipped`);

describe.skipIf(!HAS_SOURCES)('committed integrations bundle', () => {
  // Generated lazily: a skipped describe still runs its body when tests are collected.
  let cached: ReturnType<typeof generate> | undefined;
  const fresh = {
    get text() {
      return (cached ??= generate(DEFAULT_SOURCE)).text;
    },
    get bundle() {
      return (cached ??= generate(DEFAULT_SOURCE)).bundle;
    },
  };
  it('equals a fresh generation from ../shared/schema-sources', () => {
    expect(readFileSync(BUNDLE_PATH, 'utf8') === fresh.text, 'data/integrations.json is stale: run `npm run generate -w @esql-lint/schema`').toBe(true);
  });
  it('is deterministic', () => {
    expect(generate(DEFAULT_SOURCE).text).toBe(fresh.text);
  });
  it('has its coverage list in the README', () => {
    expect(readFileSync(README_PATH, 'utf8')).toContain(coverageMarkdown(fresh.bundle));
  });
});

const HAS_ETC = existsSync(DEFAULT_ETC);
if (!HAS_ETC) console.warn(`${DEFAULT_ETC} not found: generated index-schemas check skipped`);

describe.skipIf(!HAS_ETC)('committed index schemas (data/index-schemas.json)', () => {
  it('equals a fresh generation from ../shared/corpus/detection-rules/detection_rules/etc and sources/', () => {
    const { text: fresh, ruleSchemasText } = generateIndexSchemas(DEFAULT_ETC);
    expect(readFileSync(INDEX_BUNDLE_PATH, 'utf8') === fresh, 'data/index-schemas.json is stale: run `npm run generate -w @esql-lint/schema`').toBe(true);
    expect(readFileSync(RULE_SCHEMAS_PATH, 'utf8') === ruleSchemasText, 'data/rule-api-schemas.json is stale: run `npm run generate -w @esql-lint/schema`').toBe(true);
    expect(generateIndexSchemas(DEFAULT_ETC).text).toBe(fresh);
  });
});
