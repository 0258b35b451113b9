/**
 * Text edits on the TOML of a rule file for review fixes: add a string to an array value (`tags`,
 * `metadata.integration`), add a key line to a table. Spans are file offsets.
 */
import type { Fix, Span } from '@esql-lint/core';
import type { RuleDocument } from '@esql-lint/rule-document';

const quote = (s: string) => JSON.stringify(s);

/** The `[name]` header of a table (`rule`, `metadata`), or undefined. */
export function tableHeader(document: RuleDocument, name: string): Span | undefined {
  const m = new RegExp(`^[ \\t]*\\[[ \\t]*${name.replace(/\./g, '\\.')}[ \\t]*\\]`, 'm').exec(document.text);
  return m ? { start: m.index + m[0].indexOf('['), end: m.index + m[0].length } : undefined;
}

/** Where a missing key of a table is reported: its header, else the file start. */
export function headerOrStart(document: RuleDocument, name: string): Span {
  return tableHeader(document, name) ?? { start: 0, end: 0 };
}

/** Inserts `key = value` on a line of its own after a table's header. */
export function insertKeyFix(document: RuleDocument, table: string, key: string, valueText: string, title: string): Fix | undefined {
  const header = tableHeader(document, table);
  if (!header) return undefined;
  const nl = document.text.indexOf('\n', header.end);
  const at = nl < 0 ? document.text.length : nl + 1;
  const newText = `${nl < 0 ? '\n' : ''}${key} = ${valueText}\n`;
  return { title, edits: [{ span: { start: at, end: at }, newText }], safe: true };
}

/**
 * Adds strings to the array at `path` (or makes a one-string value an array, or adds the key to its table),
 * in the array's own layout: one item a line when it is written so, inline otherwise.
 */
export function addToArrayFix(document: RuleDocument, path: readonly [string, string], items: readonly string[], title: string): Fix | undefined {
  if (!items.length) return undefined;
  const span = document.valueSpan(path);
  const value = (path[0] === 'metadata' ? document.metadata : document.rule)[path[1]];
  if (!span) return insertKeyFix(document, path[0], path[1], `[${items.map(quote).join(', ')}]`, title);
  const text = document.text;
  if (typeof value === 'string') {
    return { title, edits: [{ span, newText: `[${[value, ...items].map(quote).join(', ')}]` }], safe: true };
  }
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return { title, edits: [{ span, newText: `[${items.map(quote).join(', ')}]` }], safe: true };
  const last = document.valueSpan([...path, value.length - 1]);
  if (!last) return undefined;
  const multiline = text.slice(span.start, span.end).includes('\n');
  let sep = ', ';
  if (multiline) {
    const lineStart = text.lastIndexOf('\n', last.start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, last.start))![0];
    sep = `,\n${indent}`;
  }
  return { title, edits: [{ span: { start: last.end, end: last.end }, newText: items.map((i) => `${sep}${quote(i)}`).join('') }], safe: true };
}
