import type { Span } from '@esql-lint/core';
import { tomlStructure, type TomlEntry } from '@esql-lint/rule-document';
import { enclosingSpans } from './ast-nodes.js';
import { queryAt, type DocumentState } from './documents.js';

const inside = (s: Span, o: number) => s.start <= o && o <= s.end;

/** TOML spans around the offset, outermost first: table, key/value, value, inline table keys. */
function tomlSpans(entries: TomlEntry[], offset: number, out: Span[]): void {
  for (const e of entries) {
    if (!inside(e.span, offset)) continue;
    out.push(e.span);
    if (e.value && inside(e.value.span, offset)) out.push(e.value.span);
    tomlSpans(e.children, offset, out);
    return;
  }
}

/**
 * Expand selection: for each offset, the spans around it from the innermost (the AST node of a query,
 * the TOML value) to the whole file, each strictly larger than the one before (file offsets).
 */
export function selectionRanges(state: DocumentState, offsets: number[]): Span[][] {
  const entries = state.document.kind === 'query' ? [] : tomlStructure(state.text) ?? [];
  return offsets.map((offset) => {
    const outer: Span[] = [{ start: 0, end: state.text.length }];
    tomlSpans(entries, offset, outer);
    const at = queryAt(state, offset);
    // Inside an escape of the string (between `\` and `"`) the query's spans would not hold the offset.
    if (at && at.state.query.map.toHost(at.offset) === offset) {
      const map = at.state.query.map;
      for (const s of enclosingSpans(at.state.query.language, at.state.ast, at.offset)) outer.push(map.spanToHost(s));
    }
    // Innermost first, each one larger than the previous.
    const out: Span[] = [];
    for (const s of outer.reverse()) {
      const prev = out[out.length - 1];
      if (prev && (s.start > prev.start || s.end < prev.end || (s.start === prev.start && s.end === prev.end))) continue;
      out.push(s);
    }
    return out;
  });
}
