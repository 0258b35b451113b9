import type { DocumentState } from './documents.js';
import type { DocumentHighlight } from './navigation-types.js';
import { occurrenceAt, related } from './navigation.js';

/**
 * Every occurrence in its query of the column or field under the cursor (file spans), for the editor to
 * mark: those that create the column (EVAL x =, STATS c =, RENAME ... AS y, a GROK or DISSECT field) as
 * writes, the rest as reads. Empty where there is no name.
 */
export function documentHighlights(state: DocumentState, fileOffset: number): DocumentHighlight[] {
  const hit = occurrenceAt(state, fileOffset);
  if (!hit) return [];
  return related(hit.names, hit.occurrence).map((n) => ({ span: hit.query.query.map.spanToHost(n.span), kind: n.role === 'define' ? 'write' : 'read' }));
}
