import type { Fix, TextEdit } from '@esql-lint/core';
import type { FileResult } from './result.js';

/**
 * Applies the safe fixes of a file's diagnostics to its text: edits in file offsets, non-overlapping
 * (a fix that overlaps one already taken is left for the next run), applied from the end so offsets
 * stay valid. Returns the new text and how many fixes were applied.
 */
export function applySafeFixes(text: string, result: FileResult): { text: string; applied: number } {
  const fixes: Fix[] = [];
  for (const d of result.diagnostics) {
    const fix = d.fixes?.find((f) => f.safe);
    if (fix) fixes.push(fix);
  }
  const taken: TextEdit[] = [];
  let applied = 0;
  const overlaps = (a: TextEdit, b: TextEdit) =>
    a.span.start < b.span.end && b.span.start < a.span.end || (a.span.start === b.span.start && (a.span.start === a.span.end || b.span.start === b.span.end));
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...fix.edits);
    applied++;
  }
  taken.sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of taken) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return { text: out, applied };
}
