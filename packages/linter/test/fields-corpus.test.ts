/**
 * Issue 6's acceptance on the real corpus: no unknown-field / type-mismatch error on production rules;
 * renaming one field of a rule to a name that exists nowhere gives exactly one unknown-field at that
 * range; applying the fix of a typo gives a rule that lints as clean as the original.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import { parseRuleDocument } from '@esql-lint/rule-document';
import type { FieldReference } from '@esql-lint/core';
import { corpusQueries, HAS_CORPUS } from '../../../test/support/corpus.js';
import { linter } from './support.js';

const SELECTOR_FIELDS = new Set(['event.dataset', 'data_stream.dataset', 'event.module']);

function production(language: string) {
  return corpusQueries(language).filter((q) => !q.deprecated && q.metadata.maturity === 'production');
}

function errors(text: string, file: string) {
  return linter.lintText(text, file).diagnostics.filter((d) => d.severity === 'error');
}

/** The references of a rule's query that a rename must be reported for, in file offsets. */
function candidates(text: string, file: string, language: string): Array<{ ref: FieldReference; start: number; end: number }> {
  const doc = parseRuleDocument(text, file);
  const q = doc.queries[0];
  const refs: FieldReference[] =
    language === 'kuery'
      ? kql.fieldReferences(kql.parse(q.text).ast)
      : language === 'eql'
        ? eql.fieldReferences(eql.parse(q.text).ast)
        : esql.fieldReferences(esql.parse(q.text).ast).filter((r) => r.role === 'read' && !r.name.startsWith('Esql'));
  return refs
    .filter((r) => !r.wildcard && !r.optional && !SELECTOR_FIELDS.has(r.name) && q.text.slice(r.span.start, r.span.end) === r.name)
    .map((ref) => ({ ref, ...q.map.spanToHost(ref.span) }));
}

describe.skipIf(!HAS_CORPUS)('field checks over the corpus', () => {
  it('reports no unknown-field or type-mismatch error on any production KQL or EQL rule', () => {
    const problems: string[] = [];
    for (const language of ['kuery', 'eql']) {
      for (const q of production(language)) {
        for (const d of errors(readFileSync(q.file, 'utf8'), q.file)) problems.push(`${q.file}:${d.range.start.line}: ${d.code} ${d.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  for (const language of ['kuery', 'eql']) {
    it(`${language}: renaming a field of each rule to a name that exists nowhere gives exactly one unknown-field there`, () => {
      let tested = 0;
      const failures: string[] = [];
      for (const q of production(language)) {
        const text = readFileSync(q.file, 'utf8');
        const cands = candidates(text, q.file, language);
        if (cands.length === 0) continue;
        // A deterministic spread: a different reference position for each rule.
        const c = cands[tested % cands.length];
        const renamed = `${c.ref.name[0]}zzq${c.ref.name.slice(1)}`;
        const changed = text.slice(0, c.start) + renamed + text.slice(c.end);
        const found = errors(changed, q.file);
        const ok = found.length === 1 && found[0].code === 'unknown-field' && found[0].span.start === c.start && found[0].span.end === c.start + renamed.length;
        if (!ok) failures.push(`${q.file}: ${c.ref.name} -> ${found.map((d) => `${d.code}@${d.span.start}-${d.span.end} ${d.message}`).join(' | ') || 'nothing'} (expected at ${c.start})`);
        tested++;
      }
      expect(failures.slice(0, 10)).toEqual([]);
      expect(tested).toBeGreaterThan(language === 'kuery' ? 400 : 700);
    });
  }

  it('the fix of an unknown-field typo, applied, gives a rule that lints as clean as before', () => {
    let tested = 0;
    const failures: string[] = [];
    for (const language of ['kuery', 'eql', 'esql']) {
      for (const q of production(language).filter((_, i) => language === 'esql' || i % 3 === 0)) {
        const text = readFileSync(q.file, 'utf8');
        const cands = candidates(text, q.file, language);
        if (cands.length === 0) continue;
        const c = cands[tested % cands.length];
        // Swap two letters of the last segment: a typo an author makes.
        const name = c.ref.name;
        const i = name.lastIndexOf('.') + 1;
        if (name.length - i < 3 || !/^[a-z]{2}$/i.test(name.slice(i, i + 2))) continue;
        const typo = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
        if (typo === name) continue;
        const broken = text.slice(0, c.start) + typo + text.slice(c.end);
        const d = errors(broken, q.file).find((x) => x.code === 'unknown-field');
        if (!d) continue; // the swapped name happens to exist
        tested++;
        const edit = d.fixes?.[0]?.edits[0];
        if (!edit) {
          failures.push(`${q.file}: no fix for ${typo}`);
          continue;
        }
        const fixed = broken.slice(0, edit.span.start) + edit.newText + broken.slice(edit.span.end);
        const left = errors(fixed, q.file);
        if (left.length) failures.push(`${q.file}: ${typo} -> ${edit.newText} leaves ${left.map((x) => x.message).join(' | ')}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(tested).toBeGreaterThan(400);
  });
});
