/** Shared by the fast-path tests of the EQL and KQL parsers: both paths' results compared on texts. */
import { isDeepStrictEqual } from 'node:util';

export interface FastPathComparison {
  /** How many texts the fast path took (it gave up on the others). */
  fast: number;
  total: number;
  /** The first texts (at most 5) whose results differ between the two paths. */
  failures: string[];
}

export function compareFastPath(texts: Iterable<string>, takesFastPath: (text: string) => boolean, parse: (text: string) => unknown, setFastPath: (on: boolean) => void): FastPathComparison {
  const failures: string[] = [];
  let fast = 0;
  let total = 0;
  for (const text of texts) {
    total++;
    if (takesFastPath(text)) fast++;
    setFastPath(true);
    const a = parse(text);
    setFastPath(false);
    const b = parse(text);
    setFastPath(true);
    if (!isDeepStrictEqual(a, b) && failures.length < 5) failures.push(JSON.stringify(text.slice(0, 300)));
  }
  return { fast, total, failures };
}

/** Each seed, then one edit of it (a slice of itself pasted at some offset). */
export function withEdits(seeds: string[], rnd: (n: number) => number): string[] {
  const out: string[] = [];
  for (const q of seeds) {
    out.push(q);
    const at = rnd(q.length + 1);
    out.push(q.slice(0, at) + q.slice(rnd(q.length), rnd(q.length)) + q.slice(at));
  }
  return out;
}

/**
 * `n` token-level mutations of `query`, each one edit at token boundaries: a token replaced by a word of
 * `vocabulary`, deleted, duplicated, a word inserted before it, or the prefix ending at it.
 */
export function tokenMutations(query: string, tokens: Array<{ startOffset: number; image: string }>, n: number, vocabulary: readonly string[], rnd: (n: number) => number): string[] {
  const out: string[] = [];
  if (tokens.length === 0) return out;
  const word = () => vocabulary[rnd(vocabulary.length)];
  for (let m = 0; m < n; m++) {
    const t = tokens[rnd(tokens.length)];
    const start = t.startOffset;
    const end = start + t.image.length;
    const edit = rnd(5);
    if (edit === 0) out.push(`${query.slice(0, start)}${word()}${query.slice(end)}`);
    else if (edit === 1) out.push(query.slice(0, start) + query.slice(end));
    else if (edit === 2) out.push(`${query.slice(0, end)} ${t.image}${query.slice(end)}`);
    else if (edit === 3) out.push(`${query.slice(0, start)}${word()} ${query.slice(start)}`);
    else out.push(query.slice(0, end));
  }
  return out;
}
