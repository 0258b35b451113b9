import type { Diagnostic } from './diagnostic.js';

/** At most this many diagnostics of one code are kept per query; the rest become one summary. */
export const MAX_DIAGNOSTICS_PER_CODE = 100;

const SUMMARY = /^(\d+) more \S+ problems? in this query not shown/;

/** The diagnostic standing for `count` diagnostics of `code` left out, located at `span`. */
export function summaryDiagnostic(code: string, severity: Diagnostic['severity'], count: number, span: Diagnostic['span'], limit = MAX_DIAGNOSTICS_PER_CODE): Diagnostic {
  return {
    code,
    severity,
    message: `${count} more ${code} problem${count === 1 ? '' : 's'} in this query not shown (only the first ${limit} of each kind are reported)`,
    span: { start: span.start, end: span.end },
  };
}

/** How many diagnostics a diagnostic stands for: a summary its count, any other one. */
function weight(d: Diagnostic): number {
  const m = SUMMARY.exec(d.message);
  return m ? Number(m[1]) : 1;
}

/**
 * Keeps the first `limit` diagnostics of each code (in span order) and replaces the others of that
 * code by one summary saying how many were left out, located at the first one left out. Summaries
 * already in the list (a parser caps its own output) count for what they stand for. Linear in the
 * number of diagnostics (plus the sort); the input list is not modified.
 */
export function capDiagnostics(list: readonly Diagnostic[], limit = MAX_DIAGNOSTICS_PER_CODE): Diagnostic[] {
  if (list.length <= limit) return [...list];
  const counts = new Map<string, number>();
  for (const d of list) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
  if (![...counts.values()].some((n) => n > limit)) return [...list];
  const sorted = [...list].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const kept = new Map<string, number>();
  const omitted = new Map<string, { count: number; first: Diagnostic }>();
  const out: Diagnostic[] = [];
  for (const d of sorted) {
    if (counts.get(d.code)! <= limit) {
      out.push(d);
      continue;
    }
    const w = weight(d);
    const n = kept.get(d.code) ?? 0;
    if (w === 1 && n < limit) {
      kept.set(d.code, n + 1);
      out.push(d);
      continue;
    }
    const o = omitted.get(d.code);
    if (o) o.count += w;
    else omitted.set(d.code, { count: w, first: d });
  }
  for (const [code, { count, first }] of omitted) out.push(summaryDiagnostic(code, first.severity, count, first.span, limit));
  return out.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}
