import { describe, expect, it } from 'vitest';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { eventCategories, fieldReferences, parse, walk } from '../src/index.js';

describe.skipIf(!HAS_CORPUS)('EQL corpus: every query parses with no diagnostic', () => {
  const queries = corpusQueries('eql');

  it('has the EQL queries of the corpus', () => {
    expect(queries.length).toBeGreaterThan(1000);
  });

  it('parses every query with zero diagnostics and a complete AST', () => {
    const failures: string[] = [];
    for (const q of queries) {
      const { ast, diagnostics } = parse(q.query);
      if (diagnostics.length) failures.push(`${q.file}: ${diagnostics.map((d) => d.message).join('; ')}`);
      let errorNodes = 0;
      walk(ast, { enter: (n) => void (n.type === 'Error' && errorNodes++) });
      if (!ast.body || errorNodes) failures.push(`${q.file}: incomplete AST`);
      if (eventCategories(ast).length === 0) failures.push(`${q.file}: no event category`);
      for (const f of fieldReferences(ast)) {
        const written = q.query.slice(f.span.start, f.span.end);
        // The span covers the name as written (backquotes included, no '?').
        if (written.replace(/`/g, '') !== f.name.replace(/`/g, '')) failures.push(`${q.file}: field span ${written} != ${f.name}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('finds the sequences, samples, missing events and runs the corpus uses', () => {
    const kinds: Record<string, number> = {};
    for (const q of queries) {
      walk(parse(q.query).ast, {
        enter(n) {
          if (n.type === 'SequenceQuery' || n.type === 'SampleQuery' || n.type === 'RunsOption') kinds[n.type] = (kinds[n.type] ?? 0) + 1;
          if (n.type === 'EventTerm' && n.missing) kinds.missing = (kinds.missing ?? 0) + 1;
        },
      });
    }
    expect(kinds.SequenceQuery).toBeGreaterThan(100);
    expect(kinds.SampleQuery).toBeGreaterThan(0);
    expect(kinds.RunsOption).toBeGreaterThan(0);
    expect(kinds.missing).toBeGreaterThan(0);
  });
});
if (!HAS_CORPUS) it.skip('corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
