/**
 * How much of their inputs the differential tests (fast path vs reference path) take: `npm test` a share,
 * to stay within its time budget; `npm run fuzz` all of them (ESQL_LINT_FULL_DIFF=1). The share is fixed,
 * not random: the same inputs every run.
 */
export const FULL_DIFF = process.env.ESQL_LINT_FULL_DIFF === '1';

/** Every item with FULL_DIFF, else every second one. */
export function diffShare<T>(items: T[]): T[] {
  return FULL_DIFF ? items : items.filter((_, i) => i % 2 === 0);
}

/** Mutations per query: `full` with FULL_DIFF, else half of it (rounded up). */
export function mutationsPerQuery(full: number): number {
  return FULL_DIFF ? full : Math.ceil(full / 2);
}
