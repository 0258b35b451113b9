// For each review check, real corpus rules (inside their checkout) broken in that one way give exactly that
// diagnostic, at that key or value, and nothing else new (test/support/rule-mutations).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRuleDocument, stringList, type RuleDocument } from '@esql-lint/rule-document';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { everyNth, mutate, newDiagnostics, type Mutated } from '../../../test/support/rule-mutations.js';
import { Linter } from '../src/index.js';
import { ML_PACKAGES, TAGS_BY_INDEX } from '../src/rule-review/facts.js';

const linter = new Linter({});

interface Rule { file: string; text: string; doc: RuleDocument }
let rules: Rule[] | undefined;
function corpus(): Rule[] {
  return (rules ??= corpusRuleFiles().map((file) => {
    const text = readFileSync(file, 'utf8');
    return { file, text, doc: parseRuleDocument(text, file) };
  }).filter((r) => !r.doc.diagnostics.length && r.doc.metadata.maturity !== 'deprecated'));
}

/** One edit of our own making: replace `span` of the text, the diagnostic expected at `expected` within the new text. */
function edit(text: string, start: number, end: number, newText: string, expected: [number, number] = [0, newText.length]): Mutated {
  return { text: text.slice(0, start) + newText + text.slice(end), edit: { span: { start, end }, newText }, expected: { start: start + expected[0], end: start + expected[1] } };
}

/** Removes one item from the `tags` array (the item and its separator). */
function dropTag(r: Rule, tag: string): Mutated | undefined {
  const tags = stringList(r.doc.rule.tags);
  const i = tags.indexOf(tag);
  if (i < 0) return undefined;
  const all = r.doc.valueSpan(['rule', 'tags'])!;
  const item = r.doc.valueSpan(['rule', 'tags', i])!;
  // From the end of the previous item (or the bracket) to the end of this one.
  const start = i > 0 ? r.doc.valueSpan(['rule', 'tags', i - 1])!.end : all.start + 1;
  let end = item.end;
  if (i === 0) { const m = /^\s*,?/.exec(r.text.slice(end))!; end += m[0].length; }
  const newTags = r.text.slice(all.start, start) + r.text.slice(end, all.end);
  return edit(r.text, all.start, all.end, newTags);
}

const isQueryRule = (r: Rule) => stringList(r.doc.rule.index).length > 0 && ['kuery', 'eql'].includes(String(r.doc.rule.language)) && ['query', 'eql', 'new_terms', 'threshold'].includes(String(r.doc.rule.type));
const primary = (r: Rule) => (r.doc.rule.threat as Array<{ tactic?: { name?: string } }> | undefined)?.[0]?.tactic?.name;
const inBbr = (r: Rule) => r.file.includes('/rules_building_block/');

type Case = [string, string, (r: Rule) => Mutated | undefined, number];
const CASES: Case[] = [
  ['index-integration', 'an integration without its index pattern', (r) => {
    const ints = r.doc.metadata.integration;
    if (!isQueryRule(r) || !Array.isArray(ints) || !ints.length || stringList(ints).some((i) => ML_PACKAGES.has(i)) || stringList(r.doc.rule.index).some((p) => p.includes('okt'))) return undefined;
    const m = mutate(r.text, { replace: ['metadata', 'integration', ints.length - 1], with: (old) => `${old}, "okta"` }, r.file);
    return m && { ...m, expected: { start: m.expected.end - 6, end: m.expected.end } };
  }, 40],
  ['index-integration', 'an index pattern of an integration metadata does not name', (r) => {
    const index = stringList(r.doc.rule.index);
    // (Rules of the machine learning packages are exempt: detection-rules skips them.)
    const ints = stringList(r.doc.metadata.integration);
    if (!isQueryRule(r) || ints.includes('zoom') || ints.some((i) => ML_PACKAGES.has(i))) return undefined;
    const m = mutate(r.text, { replace: ['rule', 'index', index.length - 1], with: (old) => `${old}, "logs-zoom.webhook-*"` }, r.file);
    return m && { ...m, expected: { start: m.expected.end - '"logs-zoom.webhook-*"'.length, end: m.expected.end } };
  }, 40],
  ['index-integration', 'a compared dataset of another package than metadata.integration names', (r) => {
    const ints = stringList(r.doc.metadata.integration);
    if (!isQueryRule(r) || ints.length !== 1 || ints[0] !== 'aws') return undefined;
    const m = mutate(r.text, { query: /\baws\.cloudtrail\b/, to: 'okta.system' }, r.file);
    // Reported on metadata.integration, which comes before the query (so its range is the same).
    return m && { ...m, expected: r.doc.valueSpan(['metadata', 'integration'])! };
  }, 20],
  ['data-source-tags', 'a tag an index pattern requires, removed', (r) => {
    const need = stringList(r.doc.rule.index).flatMap((p) => TAGS_BY_INDEX[p] ?? []);
    return need.length ? dropTag(r, need[0]) : undefined;
  }, 40],
  ['tactic-tag', 'the primary tactic tag, removed', (r) => {
    const t = primary(r);
    if (!t || r.doc.rule.type === 'machine_learning' || stringList(r.doc.rule.tags).includes('Continuous Monitoring')) return undefined;
    return dropTag(r, `Tactic: ${t}`);
  }, 40],
  ['attack-technique', 'a technique replaced by one ATT&CK revoked (with its own name and reference)', (r) => {
    const threats = r.doc.rule.threat as Array<{ technique?: Array<{ subtechnique?: unknown }> }> | undefined;
    const t = threats?.[0]?.technique;
    if (!t?.length || t[0].subtechnique) return undefined;
    const id = r.doc.valueSpan(['rule', 'threat', 0, 'technique', 0, 'id']);
    const ref = r.doc.valueSpan(['rule', 'threat', 0, 'technique', 0, 'reference']);
    if (!id || !ref || ref.start < id.start || r.text.slice(id.end, ref.start).split('\n').length !== 3) return undefined;
    return edit(r.text, id.start, ref.end, '"T1086"\nname = "PowerShell"\nreference = "https://attack.mitre.org/techniques/T1086/"', [0, 7]);
  }, 40],
  ['building-block', 'building_block_type removed from a building block', (r) => (inBbr(r) ? mutate(r.text, { delete: ['rule', 'building_block_type'] }, r.file) : undefined), 20],
  ['building-block', 'building_block_type added to a rule outside rules_building_block/', (r) =>
    (!inBbr(r) && r.doc.rule.building_block_type === undefined ? mutate(r.text, { insert: 'building_block_type', value: '"default"', table: ['rule'] }, r.file) : undefined), 40],
  ['building-block', 'the BBR tag removed', (r) => (inBbr(r) ? dropTag(r, 'Rule Type: BBR') : undefined), 20],
  ['investigation-guide', 'the Triage and analysis section renamed', (r) => {
    const note = r.doc.valueSpan(['rule', 'note']);
    const { severity, author, building_block_type } = r.doc.rule;
    if (!note || !['high', 'critical'].includes(String(severity)) || !stringList(author).includes('Elastic') || building_block_type) return undefined;
    const raw = r.text.slice(note.start, note.end);
    const at = raw.indexOf('## Triage and analysis');
    if (at < 0 || raw.toLowerCase().indexOf('## triage and analysis', at + 1) >= 0) return undefined;
    const m = edit(r.text, note.start + at, note.start + at + '## Triage and analysis'.length, '## Triage');
    return { ...m, expected: { start: note.start, end: note.end - '## Triage and analysis'.length + '## Triage'.length } };
  }, 40],
  ['investigation-guide', 'the Investigating heading without the rule name', (r) => {
    const note = r.doc.valueSpan(['rule', 'note']);
    const name = String(r.doc.rule.name);
    if (!note) return undefined;
    const heading = `### Investigating ${name}`;
    const at = r.text.indexOf(heading, note.start);
    if (at < 0 || at > note.end) return undefined;
    return edit(r.text, at, at + heading.length, '### Investigating The Alert');
  }, 40],
  ['missing-setup', 'setup removed from a machine learning rule', (r) =>
    (r.doc.rule.type === 'machine_learning' && r.doc.rule.setup ? mutate(r.text, { delete: ['rule', 'setup'] }, r.file) : undefined), 20],
];

describe.skipIf(!HAS_CORPUS)('review checks: mutations of corpus rules', () => {
  it.each(CASES)('%s: %s', (code, _what, make, wanted) => {
    const all = corpus().map((r) => ({ r, m: make(r) })).filter((x): x is { r: Rule; m: Mutated } => x.m !== undefined);
    // A stable sample of about `wanted` rules of those the mutation applies to.
    const sample = everyNth(all, Math.max(1, Math.floor(all.length / wanted)));
    expect(sample.length).toBeGreaterThanOrEqual(Math.min(wanted, 10));
    for (const { r, m } of sample) {
      expect(newDiagnostics(linter, r.file, r.text, m), `${r.file}\n${m.text.slice(m.expected.start, m.expected.end)}`).toEqual([{ code, span: m.expected }]);
    }
  }, 300_000);
});
