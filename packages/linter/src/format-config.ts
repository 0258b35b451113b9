import type { FormatOptions, KeywordCase } from '@esql-lint/core';

const KEYWORD_CASES: KeywordCase[] = ['preserve', 'upper', 'lower'];

/** Validates the `"format"` object of a config file; `fail` reports a problem (and throws). */
export function parseFormatConfig(value: unknown, fail: (message: string) => never): FormatOptions {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('"format" must be an object');
  const out: FormatOptions = {};
  for (const [key, v] of Object.entries(value as object)) {
    if (key === 'keywordCase') {
      if (!KEYWORD_CASES.includes(v as KeywordCase)) fail(`"format.keywordCase" must be "preserve", "upper" or "lower", not ${JSON.stringify(v)}`);
      out.keywordCase = v as KeywordCase;
    } else if (key === 'lineWidth') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 20 || v > 1000) fail(`"format.lineWidth" must be an integer from 20 to 1000, not ${JSON.stringify(v)}`);
      out.lineWidth = v as number;
    } else fail(`unknown key "format.${key}" (known keys: keywordCase, lineWidth)`);
  }
  return out;
}
