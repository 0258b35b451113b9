import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Linter } from '../src/index.js';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';

const linter = new Linter();

/**
 * Real mistakes of the corpus that the linter rightly reports (file suffix, code, reported text).
 * investigation_fields naming columns that no query creates: Kibana silently shows nothing for them.
 */
const KNOWN_CORPUS_MISTAKES = new Set([
  'aws_bedrock_multiple_attempts_to_use_denied_models_by_user.toml unknown-investigation-field "total_denials"',
  'aws_bedrock_multiple_validation_exception_errors_by_single_user.toml unknown-investigation-field "target_time_window"',
  'aws_bedrock_multiple_validation_exception_errors_by_single_user.toml unknown-investigation-field "total_denials"',
]);

function productionRules() {
  return corpusQueries('esql').filter((q) => !q.deprecated);
}

describe.skipIf(!HAS_CORPUS)('ES|QL analysis on the detection-rules corpus', () => {
  it('reports nothing on production ES|QL rules (beyond info, the bundled schemas\' known gaps and known mistakes)', () => {
    const rules = productionRules();
    expect(rules.length).toBeGreaterThan(150);
    const problems: string[] = [];
    const known: string[] = [];
    for (const q of rules) {
      const text = readFileSync(q.file, 'utf8');
      for (const d of linter.lintText(text, q.file).diagnostics) {
        // unverified-field: the field is missing from an integration schema known to be incomplete (a schema gap, not a query mistake).
        if (d.severity === 'info' || d.code === 'unverified-field') continue;
        const key = `${q.file.split('/').pop()} ${d.code} ${JSON.stringify(text.slice(d.span.start, d.span.end).replace(/^"|"$/g, ''))}`;
        if (KNOWN_CORPUS_MISTAKES.has(key)) known.push(key);
        else problems.push(`${key} (line ${d.range.start.line}): ${d.message}`);
      }
    }
    expect(problems).toEqual([]);
    expect(new Set(known)).toEqual(KNOWN_CORPUS_MISTAKES);
  });
});

if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);
