import type { Fix, TextEdit } from '@esql-lint/core';
import type { FileResult } from './result.js';

/**
 * The safe fixes of a file's diagnostics that can be applied together: edits in file offsets,
 * non-overlapping (a fix that overlaps one already taken is left for the next round), sorted from the
 * end of the file. `applied` counts the fixes taken.
 */
export function chooseSafeEdits(result: FileResult, accept: (fix: Fix) => boolean = () => true): { edits: TextEdit[]; applied: number } {
  const fixes: Fix[] = [];
  for (const d of result.diagnostics) {
    const fix = d.fixes?.find((f) => f.safe);
    if (fix && accept(fix)) fixes.push(fix);
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
  return { edits: taken, applied };
}

/**
 * Applies the safe fixes of a file's diagnostics to its text, from the end so offsets stay valid.
 * Returns the new text and how many fixes were applied. (`--fix` applies them to the file's bytes.)
 */
export function applySafeFixes(text: string, result: FileResult): { text: string; applied: number } {
  const { edits, applied } = chooseSafeEdits(result);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return { text: out, applied };
}
