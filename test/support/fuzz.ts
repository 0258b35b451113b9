/** Shared by the fuzz tests: a deterministic PRNG and the basic edits of a text. */

/** A small deterministic PRNG (mulberry32): the same cases for the same seed. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One edit of `text` at `a`: a deletion, an insertion of one of `pieces`, a truncation or a duplicated slice. */
export function editAt(text: string, a: number, r: () => number, pieces: readonly string[]): string {
  switch (Math.floor(r() * 5)) {
    case 0:
      return text.slice(0, a) + text.slice(a + 1 + Math.floor(r() * 30));
    case 1:
    case 2:
      return text.slice(0, a) + pieces[Math.floor(r() * pieces.length)] + text.slice(a);
    case 3:
      return text.slice(0, a);
    default: {
      const b = Math.min(text.length, a + 1 + Math.floor(r() * 60));
      return text.slice(0, b) + text.slice(a, b).repeat(1 + Math.floor(r() * 30)) + text.slice(b);
    }
  }
}
