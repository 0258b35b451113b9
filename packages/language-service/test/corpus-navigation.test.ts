import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLanguageService, type TextEdit } from '../src/index.js';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

// Every production ES|QL rule of the corpus: each column the query creates renamed, the rule lints the same.
describe.skipIf(!HAS_CORPUS)('navigation over the corpus ES|QL rules', () => {
  const service = createLanguageService();
  const rules = corpusQueries('esql').filter((q) => !q.deprecated);

  it('renaming a created column keeps the diagnostics; references of it include its definition', () => {
    let renamed = 0;
    // Every other rule (the lint of each takes a while on two cores).
    for (const { file } of rules.filter((_, i) => i % 2 === 0)) {
      const text = readFileSync(file, 'utf8');
      const codes = (t: string) => service.diagnostics(file, t).diagnostics.map((d) => `${d.code}`).sort();
      const before = codes(text);
      const queryStart = text.indexOf("'''", text.search(/^query\s*=/m));
      // The first column created by an EVAL or STATS assignment.
      const m = /(?:eval|stats)\s+(Esql\.[\w.]+)\s*=/i.exec(text.slice(queryStart));
      if (!m) continue;
      const offset = queryStart + m.index + m[0].indexOf(m[1]) + 1;
      const refs = service.references(file, text, offset);
      expect(refs.length, file).toBeGreaterThanOrEqual(1);
      expect(service.definition(file, text, offset).length, file).toBe(1);
      const result = service.rename(file, text, offset, `${m[1]}_renamed`);
      expect(result, file).toHaveProperty('edits');
      const after = apply(text, (result as { edits: TextEdit[] }).edits);
      expect(codes(after), file).toEqual(before);
      renamed++;
    }
    expect(renamed).toBeGreaterThan(50);
  });

  it('outline, folding and selection answer on every rule', () => {
    for (const { file } of rules) {
      const text = readFileSync(file, 'utf8');
      const [rule] = service.documentSymbols(file, text);
      expect(rule?.kind, file).toBe('rule');
      expect(service.foldingRanges(file, text).length, file).toBeGreaterThan(0);
      const [sel] = service.selectionRanges(file, text, [text.search(/^query/m) + text.slice(text.search(/^query/m)).search(/from /i)]);
      expect(sel.length, file).toBeGreaterThan(3);
    }
  });
});
if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);
