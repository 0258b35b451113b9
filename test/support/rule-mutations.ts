/**
 * Corpus mutation tests: break a real rule file in exactly one way and assert that the linter reports exactly
 * one new diagnostic, of the expected code, at the expected range, and nothing else new.
 *
 *   const m = mutate(text, { replace: ['rule', 'severity'], with: '"extreme"' });
 *   expect(newDiagnostics(linter, file, text, m)).toEqual([{ code: 'invalid-rule-value', span: m.expected }]);
 *
 * Every mutation is one text edit; `expected` is the range, in the mutated text, where the diagnostic
 * belongs (the new value, the new key, the inserted key or value, the edited part of the query, or the
 * table header for a deleted key). Key paths are those of RuleDocument.keySpan/valueSpan
 * (`['rule', 'threat', 0, 'tactic', 'id']`). A mutation that does not apply to a file (the key is absent,
 * the query has no match) gives undefined, so a corpus loop skips that file.
 */
import { parseRuleDocument, type RuleDocument } from '@esql-lint/rule-document';
import type { Span } from '@esql-lint/core';

export type KeyPath = ReadonlyArray<string | number>;

export type Mutation =
  /** Replace the value at a key path with TOML text (`'"extreme"'`, `'147'`); expected: the new value. */
  | { replace: KeyPath; with: string | ((old: string) => string) }
  /** Rename the last key of a path (`severity` to `severtiy`); expected: the new key. */
  | { rename: KeyPath; to: string }
  /**
   * Insert `key = value` on a line of its own after the line where the value of `after` ends, or after the
   * header of `table` (`['rule']`, `['metadata']`); expected: the key, or the value with `expect: 'value'`.
   */
  | { insert: string; value: string; table?: readonly string[]; after?: KeyPath; expect?: 'key' | 'value' }
  /** Delete the line(s) of a key and its value; expected: the header of its table (where a missing key is reported). */
  | { delete: KeyPath }
  /** Edit the first match in the rule's query (query offsets); expected: the replacement, in file offsets. */
  | { query: RegExp | string; to: string | ((match: string) => string); queryKey?: 'query' | 'threat_query' };

export interface Mutated {
  /** The mutated file text. */
  text: string;
  /** The one edit made, in offsets of the original text. */
  edit: { span: Span; newText: string };
  /** Where the diagnostic belongs, in offsets of the mutated text. */
  expected: Span;
}

const textOf = (text: string, s: Span) => text.slice(s.start, s.end);

/** Applies one mutation to a rule file's text; undefined when it does not apply to this file. */
export function mutate(text: string, mutation: Mutation, path = 'rule.toml'): Mutated | undefined {
  const doc = parseRuleDocument(text, path);
  if (doc.diagnostics.length) return undefined;
  const edit = editFor(doc, mutation);
  if (!edit) return undefined;
  const { span, newText, expectedIn } = edit;
  const mutated = text.slice(0, span.start) + newText + text.slice(span.end);
  return { text: mutated, edit: { span, newText }, expected: { start: span.start + expectedIn.start, end: span.start + expectedIn.end } };
}

/** The edit of a mutation, and the expected range relative to the start of the edit (or absolute for deletes). */
function editFor(doc: RuleDocument, m: Mutation): { span: Span; newText: string; expectedIn: Span } | undefined {
  const text = doc.text;
  if ('replace' in m) {
    const span = doc.valueSpan(m.replace);
    if (!span) return undefined;
    const newText = typeof m.with === 'function' ? m.with(textOf(text, span)) : m.with;
    if (newText === textOf(text, span)) return undefined;
    return { span, newText, expectedIn: { start: 0, end: newText.length } };
  }
  if ('rename' in m) {
    const span = doc.keySpan(m.rename);
    if (!span) return undefined;
    // A dotted key (`a.b = 1`) spans all its parts: rename the last one only.
    const old = textOf(text, span);
    const last = String(m.rename[m.rename.length - 1]);
    const at = old.lastIndexOf(last);
    const s = at >= 0 ? { start: span.start + at, end: span.start + at + last.length } : span;
    return { span: s, newText: m.to, expectedIn: { start: 0, end: m.to.length } };
  }
  if ('insert' in m) {
    let lineEnd: number | undefined;
    if (m.after) {
      const v = doc.valueSpan(m.after);
      if (!v) return undefined;
      lineEnd = text.indexOf('\n', v.end);
    } else {
      const header = tableHeader(text, m.table ?? ['rule']);
      if (!header) return undefined;
      lineEnd = text.indexOf('\n', header.end);
    }
    if (lineEnd < 0) return undefined;
    const at = lineEnd + 1;
    const line = `${m.insert} = ${m.value}\n`;
    const expectedIn = m.expect === 'value' ? { start: m.insert.length + 3, end: m.insert.length + 3 + m.value.length } : { start: 0, end: m.insert.length };
    return { span: { start: at, end: at }, newText: line, expectedIn };
  }
  if ('delete' in m) {
    const key = doc.keySpan(m.delete);
    const value = doc.valueSpan(m.delete);
    if (!key || !value) return undefined;
    const start = text.lastIndexOf('\n', key.start - 1) + 1;
    const nl = text.indexOf('\n', value.end);
    const end = nl < 0 ? text.length : nl + 1;
    const table = m.delete.slice(0, -1).filter((p): p is string => typeof p === 'string');
    const header = tableHeader(text, table.length ? table : ['rule']);
    if (!header) return undefined;
    // The header comes before the deleted line, so its range does not move.
    if (header.start >= start) return undefined;
    return { span: { start, end }, newText: '', expectedIn: { start: header.start - start, end: header.end - start } };
  }
  const query = doc.queries.find((q) => q.key === (m.queryKey ?? 'query'));
  if (!query) return undefined;
  let found: { index: number; text: string } | undefined;
  if (typeof m.query === 'string') {
    const i = query.text.indexOf(m.query);
    if (i >= 0) found = { index: i, text: m.query };
  } else {
    const r = new RegExp(m.query.source, m.query.flags.replace('g', ''));
    const x = r.exec(query.text);
    if (x) found = { index: x.index, text: x[0] };
  }
  if (!found) return undefined;
  const newText = typeof m.to === 'function' ? m.to(found.text) : m.to;
  // Literal strings (''') hold the query as it is; a basic string's escapes would change the lengths.
  const span = query.map.spanToHost({ start: found.index, end: found.index + found.text.length });
  const basic = text[query.literalSpan.start] === '"';
  if (textOf(text, span) !== found.text || (basic && /[\\"]/.test(newText)) || /'''/.test(newText)) return undefined;
  return { span, newText, expectedIn: { start: 0, end: newText.length } };
}

/** The `[a.b]` (or `[[a.b]]`) header of a table, the first one of that name. */
function tableHeader(text: string, table: readonly string[]): Span | undefined {
  const name = table.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[ \\t]*\\.[ \\t]*');
  const m = new RegExp(`^[ \\t]*(\\[\\[?)[ \\t]*${name}[ \\t]*\\]\\]?`, 'm').exec(text);
  return m ? { start: m.index + m[0].indexOf('['), end: m.index + m[0].length } : undefined;
}

/**
 * Moves a span of the original text to the mutated text: ranges before the edit stay, ranges after it shift,
 * ranges around it (a whole query, a table) grow or shrink with it; ranges that overlap it in part have no
 * counterpart (undefined).
 */
export function shiftSpan(span: Span, edit: Mutated['edit']): Span | undefined {
  const delta = edit.newText.length - (edit.span.end - edit.span.start);
  if (span.end <= edit.span.start) return span;
  if (span.start >= edit.span.end) return { start: span.start + delta, end: span.end + delta };
  if (span.start <= edit.span.start && span.end >= edit.span.end) return { start: span.start, end: span.end + delta };
  return undefined;
}

export interface SpanDiagnostic {
  code: string;
  span: Span;
}

/** Anything that lints a text as a file (a Linter). */
export interface TextLinter {
  lintText(text: string, path: string): { diagnostics: ReadonlyArray<{ code: string; span: Span; severity: string }> };
}

/**
 * The diagnostics (errors and warnings) of the mutated text that the original did not have, as `{ code,
 * span }`: an original diagnostic counts as kept when the mutated text has one of the same code at its
 * shifted range. `codes` limits both sides to some codes.
 */
export function newDiagnostics(linter: TextLinter, path: string, original: string, m: Mutated, codes?: ReadonlySet<string>): SpanDiagnostic[] {
  const keep = (d: { code: string; severity: string }) => d.severity !== 'info' && (!codes || codes.has(d.code));
  const beforeKeys = new Set<string>();
  for (const d of linter.lintText(original, path).diagnostics.filter(keep)) {
    const s = shiftSpan(d.span, m.edit);
    if (s) beforeKeys.add(`${d.code}|${s.start}|${s.end}`);
  }
  return linter
    .lintText(m.text, path)
    .diagnostics.filter(keep)
    .filter((d) => !beforeKeys.has(`${d.code}|${d.span.start}|${d.span.end}`))
    .map((d) => ({ code: d.code, span: { start: d.span.start, end: d.span.end } }));
}

/** Every `step`-th item of a list (a cheap, stable sample of the corpus). */
export function everyNth<T>(items: readonly T[], step: number, offset = 0): T[] {
  return items.filter((_, i) => i % step === offset % step);
}
