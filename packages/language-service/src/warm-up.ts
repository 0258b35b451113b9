/**
 * Warm-up: the first completion in a process paid ~100 ms of one-time work (loading ECS's field
 * documentation, building the parser's grammar for its expectations, compiling the ranking), 110-146 ms
 * against 5-6 ms for the next one (2026-12-02). The server runs this in the pause after a document's first
 * diagnostics, so that the user's first completion does not wait for it. Once per query language.
 */
import type { DocumentState } from './documents.js';
import { completions } from './completion.js';

/** A dotted name, as field references in all three languages are written most of the time. */
const DOTTED = /[A-Za-z_@][\w@]*\.[\w@.]*\w/;

/**
 * Completions at the end of the query, where rules grow. The scan of the text before the cursor and the
 * passes over its tokens run over the whole query there: on the largest corpus rule (47 KB, ~5,000 tokens)
 * the first completions a user asked at its end took 12-28 ms in process (code not yet optimised by V8)
 * against 1.2-1.8 ms from the fourth on; after three here, the first took 1.8-1.9 ms (2026-12-02).
 */
const END_RUNS = 3;

/**
 * One completion, result dropped, in the first query of a language not fully warmed yet (`done`: steps
 * taken per language, updated): first inside its first dotted name (a field position, where field
 * documentation is looked up), then END_RUNS times at its end. One completion per call, so that a caller
 * between requests blocks for one completion's work at most (the first of a language is the longest: ~100 ms
 * of one-time work). Returns the language it warmed, or undefined when the document has none left to warm.
 */
export function warmUp(state: DocumentState, max: number, done: Map<string, number>): string | undefined {
  for (const query of state.document.queries) {
    const m = DOTTED.exec(query.text);
    const positions = [...(m ? [m.index + m[0].length - 1] : []), ...Array<number>(END_RUNS).fill(query.text.trimEnd().length)];
    const step = done.get(query.language) ?? 0;
    if (step >= positions.length) continue;
    done.set(query.language, step + 1);
    completions(state, query.map.toHost(positions[step]), max);
    return query.language;
  }
  return undefined;
}
