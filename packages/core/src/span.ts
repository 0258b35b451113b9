/** A half-open range `[start, end)` of UTF-16 code unit offsets into some text. */
export interface Span {
  start: number;
  end: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function contains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset <= outer.end;
}

export function sliceSpan(text: string, s: Span): string {
  return text.slice(s.start, s.end);
}
