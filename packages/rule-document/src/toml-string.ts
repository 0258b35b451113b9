import { OffsetMap, type OffsetSegment } from '@esql-lint/core';

/** The value of a TOML string literal and the map from each value offset back to the file. */
export interface DecodedString {
  value: string;
  map: OffsetMap;
}

const VERBATIM_BASIC = /[^\r\\]+/y;
const VERBATIM_LITERAL = /[^\r]+/y;

const SIMPLE_ESCAPES: Record<string, string> = {
  b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\',
};

/**
 * Decodes the TOML string literal that occupies `[start, end)` of `text` (quotes included), building an
 * offset map with one segment per run of verbatim characters and one per escape (or CRLF, which TOML
 * parsers read as one newline). Returns undefined when the literal is malformed: callers only decode
 * literals that the TOML parser has already accepted.
 */
export function decodeTomlString(text: string, start: number, end: number): DecodedString | undefined {
  let quote: string;
  if (text.startsWith('"""', start)) quote = '"""';
  else if (text.startsWith("'''", start)) quote = "'''";
  else if (text[start] === '"') quote = '"';
  else if (text[start] === "'") quote = "'";
  else return undefined;
  const literal = quote[0] === "'";
  const multiline = quote.length === 3;
  let i = start + quote.length;
  const stop = end - quote.length;
  if (stop < i) return undefined;
  // A newline right after the opening delimiter of a multi-line string is trimmed.
  if (multiline) {
    if (text[i] === '\n') i++;
    else if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
  }

  // Nearly every query: no escape and no carriage return, so the value is the body as it stands (searched
  // by indexOf in the body alone).
  const whole = text.slice(i, stop);
  if (!whole.includes('\r') && (literal || !whole.includes('\\'))) {
    return { value: whole, map: new OffsetMap([{ inner: 0, host: i, innerLength: whole.length, hostLength: whole.length }], whole.length) };
  }

  const segments: OffsetSegment[] = [];
  let value = '';
  let runStart = i; // host offset of the current verbatim run
  let runInner = 0;

  const flush = (at: number) => {
    if (at > runStart) segments.push({ inner: runInner, host: runStart, innerLength: at - runStart, hostLength: at - runStart });
  };
  const special = (hostStart: number, hostEnd: number, produced: string) => {
    flush(hostStart);
    segments.push({ inner: value.length, host: hostStart, innerLength: produced.length, hostLength: hostEnd - hostStart });
    value += produced;
    runStart = hostEnd;
    runInner = value.length;
  };

  // Verbatim runs are appended whole: only CR and (in basic strings) backslash need attention. The
  // search runs in the literal's body, so it never reads past the literal.
  const body = text.slice(0, stop);
  const verbatim = literal ? VERBATIM_LITERAL : VERBATIM_BASIC;
  while (i < stop) {
    verbatim.lastIndex = i;
    if (verbatim.test(body)) {
      value += body.slice(i, verbatim.lastIndex);
      i = verbatim.lastIndex;
      continue;
    }
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      special(i, i + 2, '\n');
      i += 2;
      continue;
    }
    if (c !== '\\' || literal) {
      value += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
      special(i, i + 2, SIMPLE_ESCAPES[next]);
      i += 2;
      continue;
    }
    if (next === 'u' || next === 'U' || next === 'x') {
      const len = next === 'u' ? 4 : next === 'U' ? 8 : 2;
      const hex = text.slice(i + 2, i + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
      special(i, i + 2 + len, String.fromCodePoint(parseInt(hex, 16)));
      i += 2 + len;
      continue;
    }
    if (multiline) {
      // Line-ending backslash: skip whitespace and newlines up to the next other character.
      let j = i + 1;
      while (j < stop && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n')) {
        while (j < stop && /[ \t\r\n]/.test(text[j])) j++;
        special(i, j, '');
        i = j;
        continue;
      }
    }
    return undefined;
  }
  flush(stop);
  // Drop empty segments produced by line-ending backslashes; they carry no inner offsets.
  const kept = segments.filter((s) => s.innerLength > 0);
  if (kept.length === 0) kept.push({ inner: 0, host: i - (i - stop), innerLength: 0, hostLength: 0 });
  return { value, map: new OffsetMap(kept, value.length) };
}

/**
 * Encodes text to be inserted inside the TOML string literal that starts at `literalStart` of `text`,
 * so that the decoded value gets exactly `value`. Undefined when a literal string cannot hold it.
 */
export function encodeForLiteral(text: string, literalStart: number, value: string): string | undefined {
  if (text.startsWith("'''", literalStart)) return value.includes("'''") ? undefined : value;
  if (text[literalStart] === "'") return /['\r\n]/.test(value) ? undefined : value;
  const multiline = text.startsWith('"""', literalStart);
  let out = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t');
  if (!multiline) out = out.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
  return out;
}
