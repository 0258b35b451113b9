import type { Span } from '@esql-lint/core';
import { parseToml, type TomlKeyValue, type TomlSection } from './toml.js';

/** A table or key of a TOML file, with exact spans (file offsets), for outlines and folding. */
export interface TomlEntry {
  kind: 'table' | 'array-table' | 'key';
  /** The dotted name (`rule.threat`, `query`); parts that are not bare keys are shown quoted. */
  name: string;
  /** The resolved path (`['rule', 'threat', 0]` for the first `[[rule.threat]]`). */
  path: (string | number)[];
  /** From the header (or key) to the end of the last key of the table (or of the value). */
  span: Span;
  /** The header's or key's name. */
  nameSpan: Span;
  /** Keys: the value's span and kind. */
  value?: { span: Span; kind: 'string' | 'array' | 'inline-table' | 'other'; multiline: boolean };
  /** Tables: their keys; keys with an inline table value: its keys. */
  children: TomlEntry[];
}

const BARE = /^[A-Za-z0-9_-]+$/;
const keyName = (keys: string[]): string => keys.map((k) => (BARE.test(k) ? k : JSON.stringify(k))).join('.');

function keyEntry(kv: TomlKeyValue, prefix: (string | number)[], text: string): TomlEntry {
  const v = kv.value;
  const kind = v.type === 'array' ? 'array' : v.type === 'inline-table' ? 'inline-table' : v.type === 'string' ? 'string' : 'other';
  const path = [...prefix, ...kv.key];
  const newline = text.indexOf('\n', v.span.start);
  return {
    kind: 'key',
    name: keyName(kv.key),
    path,
    span: { start: kv.keySpan.start, end: v.span.end },
    nameSpan: kv.keySpan,
    value: { span: v.span, kind, multiline: newline !== -1 && newline < v.span.end },
    children: v.type === 'inline-table' ? v.entries.map((e) => keyEntry(e, path, text)) : [],
  };
}

function sectionEntries(section: TomlSection, text: string): TomlEntry[] {
  const children = section.entries.map((kv) => keyEntry(kv, section.path, text));
  const header = section.header;
  if (!header) return children;
  const last = children[children.length - 1];
  return [{
    kind: header.array ? 'array-table' : 'table',
    name: keyName(header.keys),
    path: section.path,
    span: { start: header.span.start, end: last ? last.span.end : header.span.end },
    nameSpan: header.keySpan,
    children,
  }];
}

/**
 * The tables and keys of a TOML text, in order; undefined when the text is not valid TOML. Keys before
 * the first table are top-level entries. Read by the rule files' own TOML reader (linear, any size).
 */
export function tomlStructure(text: string): TomlEntry[] | undefined {
  let sections: TomlSection[];
  try {
    sections = parseToml(text).sections;
  } catch {
    return undefined;
  }
  return sections.flatMap((s) => sectionEntries(s, text));
}
