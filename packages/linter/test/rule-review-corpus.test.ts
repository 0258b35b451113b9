// The review checks over the whole corpus, inside its checkout, as the linter runs them: no diagnostic on any
// production rule (detection-rules' own tests pass on its rules, so a finding would be ours to explain).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { Linter } from '../src/index.js';
import { REVIEW_CODES } from '../src/rule-review/index.js';

describe.skipIf(!HAS_CORPUS)('review checks over the corpus', () => {
  const linter = new Linter({});
  it('the corpus is a checkout, so the checks are on there', () => {
    expect(linter.schemas.resolve({ language: 'kuery', filePath: corpusRuleFiles()[0] }).rulesRepoRoot).toBe(CORPUS_DIR);
  });

  it('report nothing on any production rule', () => {
    const codes = new Set(REVIEW_CODES);
    const found: string[] = [];
    let checked = 0;
    for (const file of corpusRuleFiles()) {
      const result = linter.lintText(readFileSync(file, 'utf8'), file);
      if (result.skipped) continue;
      checked++;
      for (const d of result.diagnostics) if (codes.has(d.code)) found.push(`${file.slice(CORPUS_DIR.length + 1)}: ${d.code}: ${d.message}`);
    }
    expect(checked).toBeGreaterThan(1900);
    expect(found).toEqual([]);
  }, 300_000);
});
