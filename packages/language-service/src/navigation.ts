import type { Span } from '@esql-lint/core';
import type * as eql from '@esql-lint/parser-eql';
import type * as esql from '@esql-lint/parser-esql';
import type * as kql from '@esql-lint/parser-kql';
import { queryAt, type DocumentState, type QueryState } from './documents.js';
import { eqlNames, esqlNames, kqlNames, type NameOccurrence } from './names.js';

const cache = new WeakMap<QueryState, NameOccurrence[]>();

/** The name occurrences of a query (computed once per version of the document). */
export function queryNames(state: QueryState): NameOccurrence[] {
  let names = cache.get(state);
  if (!names) {
    const { language } = state.query;
    names = language === 'esql' ? esqlNames(state.ast as esql.Query, state.schema())
      : language === 'eql' ? eqlNames(state.ast as eql.Query)
        : language === 'kuery' ? kqlNames(state.ast as kql.Query) : [];
    cache.set(state, names);
  }
  return names;
}

/** The occurrence under the cursor (a file offset), with its query. */
export function occurrenceAt(state: DocumentState, fileOffset: number): { query: QueryState; occurrence: NameOccurrence; names: NameOccurrence[] } | undefined {
  const at = queryAt(state, fileOffset);
  if (!at) return undefined;
  const names = queryNames(at.state);
  const occurrence = names.find((n) => n.span.start <= at.offset && at.offset <= n.span.end);
  return occurrence ? { query: at.state, occurrence, names } : undefined;
}

/** The occurrences that refer to the same column or field as `o` (itself included). */
export function related(names: NameOccurrence[], o: NameOccurrence): NameOccurrence[] {
  return names.filter((n) => n.binding === o.binding || (o.group !== undefined && n.group === o.group));
}

/**
 * Go to definition: where the column under the cursor is created (EVAL, STATS, RENAME, GROK/DISSECT,
 * ENRICH WITH, ROW, COMPLETION, CHANGE_POINT, METADATA) or the LOOKUP JOIN index that brings it; nothing
 * for fields of the schema. File spans.
 */
export function definition(state: DocumentState, fileOffset: number): Span[] {
  const hit = occurrenceAt(state, fileOffset);
  if (!hit?.occurrence.definition) return [];
  return [hit.query.query.map.spanToHost(hit.occurrence.definition)];
}

/** Every occurrence of the column or field under the cursor, in file spans (definitions when asked). */
export function references(state: DocumentState, fileOffset: number, includeDeclaration = true): Span[] {
  const hit = occurrenceAt(state, fileOffset);
  if (!hit) return [];
  return related(hit.names, hit.occurrence)
    .filter((n) => includeDeclaration || n.role !== 'define')
    .map((n) => hit.query.query.map.spanToHost(n.span));
}
