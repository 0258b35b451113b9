import { OffsetMap, type OffsetSegment } from '@esql-lint/core';
import type { DecodedString } from './toml-string.js';

const SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Decodes the JSON string literal at `[start, end)` of `text` (quotes included) with an offset map: one
 * segment per run of verbatim characters and one per escape (`\n`, `\"`, `\\`, `\uXXXX`; a surrogate
 * pair written as two `\u` escapes is two segments of one UTF-16 unit each). Undefined when malformed.
 */
export function decodeJsonString(text: string, start: number, end: number): DecodedString | undefined {
  if (text[start] !== '"' || text[end - 1] !== '"' || end - start < 2) return undefined;
  const stop = end - 1;
  const segments: OffsetSegment[] = [];
  let value = '';
  let i = start + 1;
  let runStart = i;
  let runInner = 0;
  const flush = (at: number) => {
    if (at > runStart) segments.push({ inner: runInner, host: runStart, innerLength: at - runStart, hostLength: at - runStart });
  };
  while (i < stop) {
    const c = text[i];
    if (c !== '\\') {
      if (c === '"' || c.charCodeAt(0) < 0x20) return undefined;
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    let produced: string;
    let len: number;
    if (next !== undefined && next in SIMPLE) {
      produced = SIMPLE[next];
      len = 2;
    } else if (next === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      produced = String.fromCharCode(parseInt(hex, 16));
      len = 6;
    } else return undefined;
    flush(i);
    segments.push({ inner: value.length, host: i, innerLength: produced.length, hostLength: len });
    value += produced;
    i += len;
    runStart = i;
    runInner = value.length;
  }
  flush(stop);
  if (segments.length === 0) segments.push({ inner: 0, host: start + 1, innerLength: 0, hostLength: 0 });
  return { value, map: new OffsetMap(segments, value.length) };
}

/** Text to put inside a JSON string literal so that it decodes to `value` (quotes, backslashes, controls escaped). */
export function encodeJsonString(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}
