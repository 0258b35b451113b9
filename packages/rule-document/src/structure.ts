import type { Span } from '@esql-lint/core';
import { parseTOML, type AST } from 'toml-eslint-parser';

/** A table or key of a TOML file, with exact spans (file offsets), for outlines and folding. */
export interface TomlEntry {
  kind: 'table' | 'array-table' | 'key';
  /** The dotted name as written (`rule.threat`, `query`). */
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

const span = (n: { range: [number, number] }): Span => ({ start: n.range[0], end: n.range[1] });

function keyName(key: AST.TOMLKey): string {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : JSON.stringify(k.value))).join('.');
}

function keyEntry(kv: AST.TOMLKeyValue, prefix: (string | number)[], text: string): TomlEntry {
  const v = kv.value;
  const kind = v.type === 'TOMLArray' ? 'array' : v.type === 'TOMLInlineTable' ? 'inline-table' : v.type === 'TOMLValue' && v.kind === 'string' ? 'string' : 'other';
  const valueSpan = span(v);
  const path = [...prefix, ...kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value))];
  return {
    kind: 'key',
    name: keyName(kv.key),
    path,
    span: span(kv),
    nameSpan: span(kv.key),
    value: { span: valueSpan, kind, multiline: text.slice(valueSpan.start, valueSpan.end).includes('\n') },
    children: v.type === 'TOMLInlineTable' ? v.body.map((b) => keyEntry(b, path, text)) : [],
  };
}

/**
 * The tables and keys of a TOML text, in order; undefined when the text is not valid TOML. Keys before
 * the first table are top-level entries.
 */
export function tomlStructure(text: string): TomlEntry[] | undefined {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text);
  } catch {
    return undefined;
  }
  const out: TomlEntry[] = [];
  for (const top of ast.body) {
    for (const node of top.body) {
      if (node.type === 'TOMLKeyValue') {
        out.push(keyEntry(node, [], text));
        continue;
      }
      const children = node.body.map((kv) => keyEntry(kv, node.resolvedKey, text));
      const last = children[children.length - 1];
      out.push({
        kind: node.kind === 'array' ? 'array-table' : 'table',
        name: keyName(node.key),
        path: node.resolvedKey,
        span: { start: node.range[0], end: last ? last.span.end : node.range[1] },
        nameSpan: span(node.key),
        children,
      });
    }
  }
  return out;
}
