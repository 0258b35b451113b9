/** EQL string literals: decoding (with Elasticsearch's rules) and encoding for the printer. */
import type { Span } from '@esql-lint/core';

export interface StringProblem {
  message: string;
  span: Span;
}

export interface DecodedString {
  value: string;
  raw: boolean;
  problems: StringProblem[];
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\' };

/** Decodes the text of a string token starting at `offset` in the query. */
export function decodeString(token: string, offset: number): DecodedString {
  const problems: StringProblem[] = [];
  const whole = { start: offset, end: offset + token.length };
  if (token.startsWith('"""')) {
    const closed = token.length >= 6 && token.endsWith('"""');
    if (!closed) {
      problems.push({ message: 'Unterminated raw string: add the closing \'"""\' (raw strings cannot span lines)', span: whole });
      return { value: token.slice(3), raw: true, problems };
    }
    return { value: token.slice(3, -3), raw: true, problems };
  }
  if (token.startsWith('?')) {
    problems.push({
      message: `Elasticsearch EQL does not support ?${token[1]}...${token[1]} strings: use a raw string """...""" (or a double-quoted string with escapes)`,
      span: whole,
    });
    return { value: token.slice(2, -1), raw: true, problems };
  }
  const quote = token[0];
  const closed = token.length >= 2 && token.endsWith(quote) && !isEscapedAt(token, token.length - 1);
  if (quote === "'") {
    problems.push({
      message: "Elasticsearch EQL does not support single-quoted strings: use double quotes (\"...\")",
      span: whole,
    });
  }
  if (!closed) {
    problems.push({ message: `Unterminated string: add the closing ${quote === '"' ? "'\"'" : `"'"`} (strings cannot span lines)`, span: whole });
  }
  const body = token.slice(1, closed ? -1 : undefined);
  let i = body.indexOf('\\');
  if (i < 0) return { value: body, raw: false, problems };
  // The text between escapes is taken a run at a time: `i` is at a backslash, `from` where the run starts.
  let value = '';
  let from = 0;
  while (i >= 0) {
    value += body.slice(from, i);
    const start = offset + 1 + i;
    const next = body[i + 1];
    if (next === undefined) {
      from = body.length;
      break;
    }
    if (next in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[next];
      i += 2;
    } else if (next === 'u') {
      const m = /^\{([0-9A-Fa-f]*)\}/.exec(body.slice(i + 2));
      if (!m) {
        problems.push({ message: 'Invalid unicode escape: write \\u{XXXX} with 2 to 8 hex digits', span: { start, end: start + 2 } });
        i += 2;
      } else {
        const hex = m[1];
        const span = { start, end: start + 2 + m[0].length };
        i += 2 + m[0].length;
        const code = parseInt(hex, 16);
        if (hex.length < 2 || hex.length > 8) problems.push({ message: `Unicode escape \\u{${hex}} must have 2 to 8 hex digits, it has ${hex.length}`, span });
        else if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) problems.push({ message: `Invalid unicode code point \\u{${hex}}`, span });
        else value += String.fromCodePoint(code);
      }
    } else {
      problems.push({
        message: `Unknown escape sequence '\\${next}' in a string: write '\\\\' for a backslash, or use a raw string """..."""`,
        span: { start, end: start + 2 },
      });
      value += next;
      i += 2;
    }
    from = i;
    i = body.indexOf('\\', i);
  }
  value += body.slice(from);
  return { value, raw: false, problems };
}

function isEscapedAt(token: string, index: number): boolean {
  let n = 0;
  for (let i = index - 1; i > 0 && token[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Source text for a string value: raw when it was raw and still can be, double-quoted with escapes otherwise. */
export function encodeString(value: string, raw: boolean): string {
  if (raw && !value.includes('"""') && !/[\r\n]/.test(value)) return `"""${value}"""`;
  let out = '"';
  for (const ch of value) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      default:
        out += ch;
    }
  }
  return out + '"';
}
