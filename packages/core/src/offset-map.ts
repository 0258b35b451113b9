import type { Span } from './span.js';

/**
 * Maps offsets of an embedded text (a query) to offsets of its host text (the file), as a list of
 * segments. Inside a segment, characters map one to one; each escape sequence of the host (such as
 * `\"` or `\u00e9`) is its own segment of host length != embedded length.
 */
export interface OffsetSegment {
  /** Offset in the embedded text. */
  inner: number;
  /** Offset in the host text. */
  host: number;
  /** Length in the embedded text. */
  innerLength: number;
  /** Length in the host text. */
  hostLength: number;
}

export class OffsetMap {
  private readonly segments: OffsetSegment[];

  /** `segments` must be sorted by `inner` and cover the embedded text without gaps. */
  constructor(segments: OffsetSegment[], private readonly innerLength: number) {
    this.segments = segments;
  }

  static identity(hostStart: number, length: number): OffsetMap {
    return new OffsetMap([{ inner: 0, host: hostStart, innerLength: length, hostLength: length }], length);
  }

  private find(inner: number): OffsetSegment | undefined {
    const s = this.segments;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid].inner <= inner) lo = mid;
      else hi = mid - 1;
    }
    return s[lo];
  }

  /**
   * Host offset of an embedded offset. `side` decides where an offset that falls inside an escape
   * maps: 'start' gives the start of the escape, 'end' its end (use 'end' for the exclusive end of a range).
   */
  toHost(inner: number, side: 'start' | 'end' = 'start'): number {
    if (this.segments.length === 0) return 0;
    const clamped = Math.max(0, Math.min(inner, this.innerLength));
    // An offset at a segment boundary belongs to the next segment for starts and to the previous for ends.
    let seg = this.find(clamped)!;
    if (side === 'end' && clamped === seg.inner && clamped > 0) {
      const prev = this.find(clamped - 1)!;
      seg = prev;
    }
    const delta = clamped - seg.inner;
    if (seg.innerLength === seg.hostLength) return seg.host + delta;
    // An escape: map to its start or end as a whole.
    if (delta === 0 && side === 'start') return seg.host;
    return side === 'start' && delta < seg.innerLength ? seg.host : seg.host + seg.hostLength;
  }

  spanToHost(s: Span): Span {
    const start = this.toHost(s.start, 'start');
    const end = s.end === s.start ? start : this.toHost(s.end, 'end');
    return { start, end: Math.max(start, end) };
  }

  /** The embedded offset of a host offset, or undefined when it is outside the embedded text. */
  toInner(host: number): number | undefined {
    for (const seg of this.segments) {
      if (host >= seg.host && host <= seg.host + seg.hostLength) {
        if (seg.innerLength === seg.hostLength) return seg.inner + (host - seg.host);
        return host === seg.host ? seg.inner : seg.inner + seg.innerLength;
      }
    }
    return undefined;
  }

  get hostSpan(): Span {
    if (this.segments.length === 0) return { start: 0, end: 0 };
    const last = this.segments[this.segments.length - 1];
    return { start: this.segments[0].host, end: last.host + last.hostLength };
  }
}
