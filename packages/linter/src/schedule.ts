/**
 * A rule's schedule: `interval` (how often it runs: a duration such as "5m", checked in form by the rule
 * schema) and `from` (where each run's search starts: Elastic date math such as "now-6m", which Kibana's
 * rule API validates as date math and detection-rules' schema types only as a string).
 *
 * - `from` must be date math: `now` or an absolute date followed by `||`, then offsets (`-6m`, `+1h`) and
 *   roundings (`/d`), units y, M, w, d, h, H, m, s, ms (invalid-rule-value, an error: Kibana refuses it).
 * - `from` must lie before now, and reach back at least one `interval` (default 5m): each run searches
 *   [from, now], so a shorter look-back leaves gaps between runs that no run searches (rule-schedule, a
 *   warning: Kibana accepts the rule and misses the events).
 */
import { diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import type { RuleDocument } from '@esql-lint/rule-document';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  H: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 30 * 86_400_000,
  y: 365 * 86_400_000,
};
const UNITS = 'ms|[yMwdhHms]';
const OP = new RegExp(`^(?:([+-])(\\d+)(${UNITS})|/(${UNITS}))`);
const INTERVAL = /^(\d+)([smhd])$/;

/** Kibana's default schedule (the detection engine's defaults when a rule names none). */
export const DEFAULT_INTERVAL = '5m';

export interface DateMath {
  /** `now`, or the absolute date before `||`. */
  anchor: 'now' | string;
  /** The sum of the offsets, in ms (months and years approximated); roundings are ignored. */
  offsetMs: number;
}

/** Parses Elastic date math (`now-6m`, `now-1d/d`, `2026-01-01||+1M`); undefined when it is not. */
export function parseDateMath(text: string): DateMath | undefined {
  let rest: string;
  let anchor: string;
  if (text.startsWith('now')) {
    anchor = 'now';
    rest = text.slice(3);
  } else {
    const bars = text.indexOf('||');
    if (bars <= 0) return /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)) ? { anchor: text, offsetMs: 0 } : undefined;
    anchor = text.slice(0, bars);
    if (Number.isNaN(Date.parse(anchor))) return undefined;
    rest = text.slice(bars + 2);
  }
  let offsetMs = 0;
  while (rest.length) {
    const m = OP.exec(rest);
    if (!m) return undefined;
    if (m[1]) offsetMs += (m[1] === '-' ? -1 : 1) * Number(m[2]) * UNIT_MS[m[3]];
    rest = rest.slice(m[0].length);
  }
  return { anchor, offsetMs };
}

/** `5m` -> 300000; undefined when not of the interval form. */
export function intervalMs(text: string): number | undefined {
  const m = INTERVAL.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}

function words(ms: number): string {
  for (const [unit, name] of [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1000, 's']] as const) {
    if (ms % unit === 0 && ms >= unit) return `${ms / unit}${name}`;
  }
  return `${ms}ms`;
}

export function checkSchedule(document: RuleDocument, report: (d: Diagnostic) => void): void {
  const { from, interval } = document.rule;
  if (typeof from !== 'string') return;
  // The span is looked up only for a diagnostic (most schedules are fine).
  const spanOf = (): Span => document.valueSpan(['rule', 'from']) ?? document.keySpan(['rule', 'from']) ?? { start: 0, end: 0 };
  const quoted = (v: string, span: Span) => (document.text[span.start] === "'" ? `'${v}'` : JSON.stringify(v));
  const math = parseDateMath(from);
  if (!math) {
    const span = spanOf();
    report(diagnostic('invalid-rule-value', 'error', `from ${JSON.stringify(from)} is not date math: Kibana expects "now" followed by offsets such as "now-6m" (units y, M, w, d, h, m, s).`, span));
    return;
  }
  if (math.anchor !== 'now') return;
  if (math.offsetMs >= 0) {
    const span = spanOf();
    report(diagnostic('rule-schedule', 'warning', `from ${JSON.stringify(from)} is not earlier than now: each run of the rule would search no time at all. Use a look-back such as "now-6m".`, span));
    return;
  }
  const every = typeof interval === 'string' ? intervalMs(interval) : intervalMs(DEFAULT_INTERVAL);
  if (every === undefined) return; // a malformed interval is the rule schema's to report
  const lookBack = -math.offsetMs;
  if (lookBack >= every) return;
  const runs = typeof interval === 'string' ? `the rule runs every ${interval}` : `the rule runs every ${DEFAULT_INTERVAL} (Kibana's default interval)`;
  const fix = `now-${words(every)}`;
  const span = spanOf();
  report(
    diagnostic('rule-schedule', 'warning', `from ${JSON.stringify(from)} looks back ${words(lookBack)}, but ${runs}: events in the ${words(every - lookBack)} between one run's search and the next are never searched. Look back at least one interval ("${fix}"), plus a margin for late events.`, span,
      [{ title: `Change from to "${fix}"`, edits: [{ span, newText: quoted(fix, span) }] }]),
  );
}
