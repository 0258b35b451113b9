// The review checks over the whole corpus, inside its checkout: no diagnostic on any production rule
// (detection-rules' own tests pass on its rules, so a finding would be ours to explain).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '@esql-lint/core';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { CORPUS_DIR, corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { Linter } from '../src/index.js';
import { checkRuleReview } from '../src/rule-review/index.js';

describe.skipIf(!HAS_CORPUS)('review checks over the corpus', () => {
  it('the corpus is a checkout, so the checks are on there', () => {
    const file = corpusRuleFiles()[0];
    expect(new Linter({}).schemas.resolve({ language: 'kuery', filePath: file }).rulesRepoRoot).toBe(CORPUS_DIR);
  });

  it('report nothing on any production rule', () => {
    const found: string[] = [];
    let checked = 0;
    for (const file of corpusRuleFiles()) {
      const doc = parseRuleDocument(readFileSync(file, 'utf8'), file);
      if (doc.diagnostics.length || doc.metadata.maturity === 'deprecated') continue;
      checked++;
      checkRuleReview(doc, CORPUS_DIR, () => true, (d: Diagnostic) => {
        found.push(`${file.slice(CORPUS_DIR.length + 1)}: ${d.code}: ${d.message}`);
      });
    }
    expect(checked).toBeGreaterThan(2000);
    expect(found).toEqual([]);
  });
});
