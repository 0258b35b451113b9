import { isUtf8 } from 'node:buffer';

/**
 * A file's bytes decoded for linting, with the way back: `toByte` maps a text offset to the byte offset
 * it came from, so that fixes computed on the text are written into the bytes and every byte outside
 * the edited ranges stays as it was (invalid UTF-8, the BOM, line endings).
 */
export interface DecodedSource {
  /** The text the linter sees (without the byte order mark). */
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** The file starts with a byte order mark (kept by fixes). */
  bom: boolean;
  /** Text offsets of U+FFFD characters that stand for invalid UTF-8 bytes (sorted, usually empty). */
  invalid: number[];
  /** The byte offset of a text offset (0..text.length). */
  toByte(offset: number): number;
  /** The bytes of a text to be inserted, in the file's encoding. */
  encode(text: string): Buffer;
}

/** Why a file's bytes cannot be read as text faithfully. */
export class UndecodableError extends Error {}

/**
 * Decodes a rule file: UTF-8 (a BOM accepted, invalid sequences read as U+FFFD and remembered), or
 * UTF-16 when a BOM says so. Throws `UndecodableError` for what cannot be read faithfully (UTF-32, a
 * UTF-16 file with an odd length or unpaired surrogates).
 */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 4 && ((buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) || (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff))) {
    throw new UndecodableError('the file is UTF-32 encoded (its byte order mark says so); save it as UTF-8');
  }
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return decodeUtf16(buf, buf[0] === 0xff ? 'utf-16le' : 'utf-16be');
  }
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  const start = bom ? 3 : 0;
  const encode = (t: string) => Buffer.from(t, 'utf8');
  if (isUtf8(body)) {
    const text = body.toString('utf8');
    return { text, encoding: 'utf-8', bom, invalid: [], encode, toByte: utf8Offsets(text, start) };
  }
  return decodeInvalidUtf8(body, start, bom);
}

/** Byte offsets of text offsets of valid UTF-8, computed incrementally (fixes ask in any order, rarely). */
function utf8Offsets(text: string, start: number): (offset: number) => number {
  return (offset) => start + Buffer.byteLength(text.slice(0, Math.max(0, Math.min(offset, text.length))), 'utf8');
}

/**
 * UTF-8 with invalid sequences: each maximal invalid subpart becomes one U+FFFD (as TextDecoder does),
 * and every UTF-16 unit of the text remembers the byte it starts at.
 */
function decodeInvalidUtf8(b: Buffer, start: number, bom: boolean): DecodedSource {
  const units: number[] = [];
  const at: number[] = [];
  const invalid: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let len = 0;
    let cp = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (c < 0x80) { units.push(c); at.push(i); i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) { len = 2; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { len = 3; cp = c & 0x0f; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
    else if (c >= 0xf0 && c <= 0xf4) { len = 4; cp = c & 0x07; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
    let j = i + 1;
    if (len) {
      for (; j < i + len; j++) {
        const d = b[j];
        if (d === undefined || d < lo || d > hi) break;
        cp = (cp << 6) | (d & 0x3f);
        lo = 0x80;
        hi = 0xbf;
      }
    }
    if (len && j === i + len) {
      if (cp >= 0x10000) {
        const v = cp - 0x10000;
        units.push(0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
        at.push(i, i);
      } else {
        units.push(cp);
        at.push(i);
      }
      i = j;
    } else {
      invalid.push(units.length);
      units.push(0xfffd);
      at.push(i);
      i = len ? j : i + 1;
    }
  }
  at.push(b.length);
  let text = '';
  for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
  return {
    text, encoding: 'utf-8', bom, invalid,
    encode: (t) => Buffer.from(t, 'utf8'),
    toByte: (offset) => start + at[Math.max(0, Math.min(offset, units.length))],
  };
}

function decodeUtf16(buf: Buffer, encoding: 'utf-16le' | 'utf-16be'): DecodedSource {
  if (buf.length % 2 !== 0) throw new UndecodableError(`the file says it is ${encoding.toUpperCase()} (byte order mark) but has an odd number of bytes`);
  const body = Buffer.from(buf.subarray(2));
  if (encoding === 'utf-16be') body.swap16();
  const text = body.toString('utf16le');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
    }
    if (c >= 0xd800 && c <= 0xdfff) throw new UndecodableError(`the file is ${encoding.toUpperCase()} with an unpaired surrogate at character ${i + 1}`);
  }
  return {
    text, encoding, bom: true, invalid: [],
    toByte: (offset) => 2 + 2 * Math.max(0, Math.min(offset, text.length)),
    encode: (t) => {
      const out = Buffer.from(t, 'utf16le');
      return encoding === 'utf-16be' ? out.swap16() : out;
    },
  };
}

/** A text edit in text offsets of a decoded source. */
export interface SourceEdit {
  span: { start: number; end: number };
  newText: string;
}

/**
 * Applies non-overlapping edits to the bytes a source was decoded from. Bytes outside the edited
 * ranges are copied as they are. Returns undefined when an edit would replace bytes that are not valid
 * UTF-8 (those cannot be rewritten faithfully).
 */
export function applyEditsToBytes(bytes: Uint8Array, source: DecodedSource, edits: readonly SourceEdit[]): Buffer | undefined {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  const parts: Buffer[] = [];
  let pos = 0;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const e of sorted) {
    if (source.invalid.some((o) => o >= e.span.start && o < e.span.end)) return undefined;
    const from = source.toByte(e.span.start);
    const to = source.toByte(e.span.end);
    if (from < pos) return undefined;
    parts.push(buf.subarray(pos, from), source.encode(e.newText));
    pos = to;
  }
  parts.push(buf.subarray(pos));
  return Buffer.concat(parts);
}
