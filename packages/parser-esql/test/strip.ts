/** A copy of an AST without spans (for comparing trees of different texts). */
export function stripSpans(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripSpans);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'span' || k.endsWith('Span')) continue;
      out[k] = stripSpans(x);
    }
    return out;
  }
  return v;
}
