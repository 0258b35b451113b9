/**
 * `*` wildcard patterns (index patterns, KQL and ES|QL field patterns, schema names such as `a.*.b`):
 * `*` matches any run of characters, every other character itself.
 *
 * Matched without a regular expression: a RegExp such as `^a.*b.*c$` backtracks, and a pattern with many
 * stars (`user.*****…*name`, typed or generated) took minutes against one name. Here the text must start
 * with the part before the first star and end with the part after the last, and each part between is
 * found at its leftmost place after the previous one (leftmost is always safe when `*` is the only
 * operator). Worst case pattern length × text length, with no backtracking.
 */
export interface WildcardPattern {
  /** The pattern as written. */
  readonly source: string;
  test(text: string): boolean;
}

const cache = new Map<string, WildcardPattern>();

/** The matcher of one pattern; compiled once per pattern (the same index patterns come with every rule). */
export function wildcardPattern(pattern: string): WildcardPattern {
  let m = cache.get(pattern);
  if (!m) {
    m = compile(pattern);
    if (cache.size >= 10_000) cache.clear();
    cache.set(pattern, m);
  }
  return m;
}

function compile(source: string): WildcardPattern {
  if (!source.includes('*')) return { source, test: (text) => text === source };
  const parts = source.split('*');
  const head = parts[0];
  const tail = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const fixed = head.length + tail.length;
  if (middle.length === 0) {
    return { source, test: (text) => text.length >= fixed && text.startsWith(head) && text.endsWith(tail) };
  }
  return {
    source,
    test(text) {
      if (text.length < fixed || !text.startsWith(head) || !text.endsWith(tail)) return false;
      const end = text.length - tail.length;
      let at = head.length;
      for (const part of middle) {
        const found = text.indexOf(part, at);
        if (found === -1 || found + part.length > end) return false;
        at = found + part.length;
      }
      return true;
    },
  };
}
