import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import { parseRuleDocument } from '@esql-lint/rule-document';
import type { FieldReference } from '@esql-lint/core';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { createLanguageService } from '../src/index.js';

const SAMPLE_EVERY = 12;
const REFS_PER_QUERY = 4;

function references(language: string, text: string): FieldReference[] {
  if (language === 'kuery') return kql.fieldReferences(kql.parse(text).ast);
  if (language === 'eql') return eql.fieldReferences(eql.parse(text).ast);
  return esql.fieldReferences(esql.parse(text).ast).filter((r) => r.role === 'read');
}

describe.skipIf(!HAS_CORPUS)('completion on corpus rules', () => {
  it.each(['kuery', 'eql', 'esql'])('%s: a field known to the schema is offered once its first character is typed', (language) => {
    const service = createLanguageService({ noConfig: true });
    const queries = corpusQueries(language).filter((q) => !q.deprecated).filter((_, i) => i % SAMPLE_EVERY === 0);
    let checked = 0;
    const missing: string[] = [];
    for (const q of queries) {
      const text = readFileSync(q.file, 'utf8');
      const query = parseRuleDocument(text, q.file).queries[0];
      if (!query) continue;
      const reported = service.diagnostics(q.file, text).diagnostics;
      const refs = references(language, query.text).filter((r) => !r.wildcard && !r.optional && query.text.slice(r.span.start, r.span.end) === r.name);
      for (const ref of refs.slice(0, REFS_PER_QUERY)) {
        const span = query.map.spanToHost(ref.span);
        // Only names the linter accepts (known to the schema, or created by the query).
        if (reported.some((d) => d.span.start < span.end && span.start < d.span.end)) continue;
        const hover = service.hover(q.file, text, span.start + 1)?.contents ?? '';
        if (!/From |creates/.test(hover)) continue;
        const offset = query.map.toHost(ref.span.start + 1);
        const labels = service.completions(q.file, text, offset).items.map((i) => i.label);
        checked++;
        if (!labels.includes(ref.name)) missing.push(`${q.file.replace(/.*detection-rules\//, '')}: ${ref.name} (${labels.length} items)`);
      }
    }
    expect(checked).toBeGreaterThan(language === 'esql' ? 15 : 60);
    expect(missing).toEqual([]);
  });
});
if (!HAS_CORPUS) it.skip('corpus completion tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
