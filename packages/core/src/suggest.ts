// Scratch rows of editDistance, grown as needed and reused: the distance allocates nothing per call.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two adjacent characters
 * (optimal string alignment), with an early exit above `max`. Swaps count 1: `pdi` is one typo from `pid`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rowA.length <= n) {
    rowA = new Int32Array(n * 2 + 1);
    rowB = new Int32Array(n * 2 + 1);
    rowC = new Int32Array(n * 2 + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= n; j++) {
    prev[j] = j;
    prev2[j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    const pa = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      const sub = prev[j - 1] + (ca === cb ? 0 : 1);
      if (sub < v) v = sub;
      if (j > 1 && ca === b.charCodeAt(j - 2) && pa === cb && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n];
}

/** The largest edit distance a did-you-mean accepts for a name: it grows with the name's length. */
function maxDistance(name: string): number {
  return Math.max(1, Math.min(4, Math.floor(name.length / 3)));
}

/** Best first, ties alphabetically; only candidates about as close as the best one. */
function rank(scored: Array<[number, string]>, limit: number): string[] {
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  // A far second guess is noise.
  const best = scored.length ? scored[0][0] : 0;
  return scored.filter((s) => s[0] <= best + (best >= 2 ? 1 : 0)).slice(0, limit).map((s) => s[1]);
}

/**
 * Lists this long get an index (built once per list, kept while the list lives) from their
 * INDEX_AFTER-th query on: building one costs about as much as that many plain scans, so a list
 * asked a few times (a rule with a typo or two) is scanned, and one asked often is indexed.
 */
const INDEX_THRESHOLD = 256;
const INDEX_AFTER = 24;
const indexes = new WeakMap<object, NameIndex | number>();
/** The lower-cased names of a long list scanned before its index is built (kept while the list lives). */
const lowerCased = new WeakMap<readonly string[], string[]>();

/** Character counts of the name `closestMatches` scans a long list for (all zero between calls). */
const scanHistogram = new Int32Array(65536);

/**
 * Whether the character counts of `cand` and of the name counted in `h` (of length `len`) differ by more
 * than `bound` in all (L1). `h` is left as it was.
 */
function countsDiffer(h: Int32Array, len: number, cand: string, bound: number): boolean {
  let lacking = 0;
  for (let j = 0; j < cand.length; j++) if (h[cand.charCodeAt(j)]-- <= 0) lacking++;
  for (let j = 0; j < cand.length; j++) h[cand.charCodeAt(j)]++;
  // lacking: the candidate's characters the name has not; the name's the candidate lacks: the rest.
  return lacking + (len - (cand.length - lacking)) > bound;
}

/**
 * The closest candidates to `name`, best first: those within a distance that grows with the name's
 * length, ties broken alphabetically. A long candidate array is indexed once (see `NameIndex`) and the
 * index reused for every later call with the same array, with the same answers.
 */
export function closestMatches(name: string, candidates: Iterable<string>, limit = 3): string[] {
  if (Array.isArray(candidates) && candidates.length >= INDEX_THRESHOLD) {
    const index = indexes.get(candidates) ?? 0;
    if (typeof index !== 'number') return index.closest(name, limit);
    if (index + 1 >= INDEX_AFTER) {
      const built = new NameIndex(candidates);
      indexes.set(candidates, built);
      return built.closest(name, limit);
    }
    indexes.set(candidates, index + 1);
  }
  const max = maxDistance(name);
  const lower = name.toLowerCase();
  const scored: Array<[number, string]> = [];
  if (Array.isArray(candidates) && candidates.length >= INDEX_THRESHOLD) {
    // A long list before its index: its lower-cased names are kept, and a name whose length is too far
    // off is passed over (the distance would be above `max`; the same answers, without the distance).
    let lowered = lowerCased.get(candidates);
    if (!lowered) lowerCased.set(candidates, (lowered = candidates.map((c) => c.toLowerCase())));
    // Also passed over: a name whose character counts differ from the name's by more than 2 * max (an
    // edit changes that difference by at most 2, so the distance would be above `max`).
    const h = scanHistogram;
    for (let j = 0; j < lower.length; j++) h[lower.charCodeAt(j)]++;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      const l = lowered[i];
      if (c === name || Math.abs(l.length - lower.length) > max) continue;
      if (l !== lower && countsDiffer(h, lower.length, l, 2 * max)) continue;
      const d = l === lower ? 0.5 : editDistance(lower, l, max);
      if (d <= max) scored.push([d, c]);
    }
    for (let j = 0; j < lower.length; j++) h[lower.charCodeAt(j)]--;
    return rank(scored, limit);
  }
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === lower ? 0.5 : editDistance(lower, c.toLowerCase(), max);
    if (d <= max) scored.push([d, c]);
  }
  return rank(scored, limit);
}

/**
 * A did-you-mean index over a fixed list of names, answering exactly as `closestMatches` does but
 * without computing the distance to every name. Names (lower-cased) are grouped by length, so only
 * those within `max` of the name's length are looked at; of those, a name must share enough character
 * pairs (bigrams) with the query to be within `max` edits (one edit destroys at most three pairs: a swap
 * of two neighbours), or, when that bound says nothing (short names), enough single characters (an edit
 * changes the character counts by at most two). Only the survivors get the edit distance.
 */
export class NameIndex {
  /** Distinct lower-cased names, sorted by length; ids are positions here. */
  private readonly lowers: string[];
  /** The original names of each lower-cased one. */
  private readonly originals: string[][];
  /** First id of each length (index = length; one extra entry at the end). */
  private readonly lengthStart: Int32Array;
  /** Bigram -> ids containing it (ascending, hence by length), and how often. */
  private readonly postings: Array<{ ids: number[]; counts: number[] } | undefined> = new Array(PAIRS);
  /** Answers already given (the same unknown name is often written several times). */
  private readonly memo = new Map<string, string[]>();
  private readonly score: Int32Array;
  private readonly touched: number[] = [];
  private readonly histogram = new Int32Array(65536);

  constructor(names: readonly string[]) {
    const byLower = new Map<string, string[]>();
    for (const n of names) {
      const l = n.toLowerCase();
      const list = byLower.get(l);
      if (list) list.push(n);
      else byLower.set(l, [n]);
    }
    const entries = [...byLower].sort((a, b) => a[0].length - b[0].length);
    this.lowers = entries.map((e) => e[0]);
    this.originals = entries.map((e) => e[1]);
    const maxLen = this.lowers.length ? this.lowers[this.lowers.length - 1].length : 0;
    this.lengthStart = new Int32Array(maxLen + 2);
    let id = 0;
    for (let len = 0; len <= maxLen + 1; len++) {
      while (id < this.lowers.length && this.lowers[id].length < len) id++;
      this.lengthStart[len] = id;
    }
    this.lengthStart[maxLen + 1] = this.lowers.length;
    // Each name's pairs counted in a scratch table: one posting per distinct pair.
    const counts = new Int32Array(PAIRS);
    const seen: number[] = [];
    this.lowers.forEach((l, i) => {
      for (let j = 0; j + 1 < l.length; j++) {
        const g = pairCode(l, j);
        if (counts[g]++ === 0) seen.push(g);
      }
      for (const g of seen) {
        const p = (this.postings[g] ??= { ids: [], counts: [] });
        p.ids.push(i);
        p.counts.push(counts[g]);
        counts[g] = 0;
      }
      seen.length = 0;
    });
    this.score = new Int32Array(this.lowers.length);
  }

  private firstId(len: number): number {
    if (len <= 0) return 0;
    if (len >= this.lengthStart.length) return this.lowers.length;
    return this.lengthStart[len];
  }

  closest(name: string, limit = 3): string[] {
    const key = `${limit}:${name}`;
    let answer = this.memo.get(key);
    if (!answer) {
      if (this.memo.size > 10000) this.memo.clear();
      this.memo.set(key, (answer = this.compute(name, limit)));
    }
    return [...answer];
  }

  private compute(name: string, limit: number): string[] {
    const max = maxDistance(name);
    const lower = name.toLowerCase();
    const from = this.firstId(lower.length - max);
    const to = this.firstId(lower.length + max + 1);
    const scored: Array<[number, string]> = [];
    const consider = (id: number) => {
      const cand = this.lowers[id];
      const d = cand === lower ? 0.5 : editDistance(lower, cand, max);
      if (d > max) return;
      for (const o of this.originals[id]) if (o !== name) scored.push([d, o]);
    };
    const needPairs = lower.length - 1 - 3 * max;
    if (needPairs > 0) {
      // Count shared bigrams (as multisets) of the names in the length band.
      for (const [g, c] of bigrams(lower)) {
        const p = this.postings[g];
        if (!p) continue;
        const { ids, counts } = p;
        for (let k = lowerBound(ids, from); k < ids.length && ids[k] < to; k++) {
          const id = ids[k];
          if (this.score[id] === 0) this.touched.push(id);
          this.score[id] += Math.min(c, counts[k]);
        }
      }
      for (const id of this.touched) {
        // The candidate's own bound too: it keeps at least (its pairs - 3 * max) of them.
        const need = Math.max(needPairs, this.lowers[id].length - 1 - 3 * max);
        if (this.score[id] >= need) consider(id);
        this.score[id] = 0;
      }
      this.touched.length = 0;
    } else {
      // Short names: character counts. Each edit changes their L1 difference by at most 2.
      const h = this.histogram;
      for (let j = 0; j < lower.length; j++) h[lower.charCodeAt(j)]++;
      for (let id = from; id < to; id++) {
        const cand = this.lowers[id];
        let diff = 0;
        for (let j = 0; j < cand.length; j++) {
          const c = cand.charCodeAt(j);
          if (h[c]-- <= 0) diff++;
        }
        // Restore, counting what of the name the candidate lacks.
        for (let j = 0; j < cand.length; j++) h[cand.charCodeAt(j)]++;
        diff += lower.length - (cand.length - diff);
        if (diff <= 2 * max) consider(id);
      }
      for (let j = 0; j < lower.length; j++) h[lower.charCodeAt(j)]--;
    }
    return rank(scored, limit);
  }
}

/**
 * Characters in 64 classes (letters, digits, `._-@` each their own; other characters share classes),
 * pairs of classes as numbers below PAIRS. Sharing classes can only make two names look closer, so
 * the pair-count bound stays a lower bound of the distance: no answer is lost, a few more names get
 * the exact distance.
 */
const PAIRS = 64 * 64;
const CLASS = new Uint8Array(128).map((_, c) => {
  if (c >= 97 && c <= 122) return c - 97;
  if (c >= 48 && c <= 57) return 26 + c - 48;
  const special = '._-@'.indexOf(String.fromCharCode(c));
  return special >= 0 ? 36 + special : 40 + (c % 23);
});
const classOf = (c: number) => (c < 128 ? CLASS[c] : 63);
const pairCode = (s: string, j: number) => classOf(s.charCodeAt(j)) * 64 + classOf(s.charCodeAt(j + 1));

/** The character-class pairs of a string and how often each occurs. */
function bigrams(s: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (let j = 0; j + 1 < s.length; j++) {
    const g = pairCode(s, j);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
