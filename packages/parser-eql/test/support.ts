import type { Query } from '../src/index.js';

/** The AST without positions: what must survive a print/parse round trip. */
export function withoutSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSpans);
  if (x && typeof x === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'span' && k !== 'nameSpan') o[k] = withoutSpans(v);
    return o;
  }
  return x;
}

/** Offsets spread evenly over a text (at most `n`, always including the end). */
export function cutPoints(text: string, n: number): number[] {
  const out = new Set<number>();
  for (let i = 1; i <= n; i++) out.add(Math.floor((text.length * i) / n));
  return [...out];
}

export function isQuery(x: unknown): x is Query {
  return !!x && typeof x === 'object' && (x as Query).type === 'Query';
}
