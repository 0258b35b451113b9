// LineIndex against a plain character walk, on LF-only texts (its fast path) and on mixed line ends.
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../src/index.js';

/** Line and column of every offset by walking the characters (LF, CRLF and CR end lines). */
function walk(text: string): Array<{ line: number; column: number }> {
  const out = [];
  let line = 1;
  let start = 0;
  for (let o = 0; o <= text.length; o++) {
    out.push({ line, column: o - start + 1 });
    const c = text[o];
    if (c === '\n' || (c === '\r' && text[o + 1] !== '\n')) {
      line++;
      start = o + 1;
    }
  }
  return out;
}

describe('LineIndex', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const texts = ['', '\n', 'a', 'a\n', '\n\nb', 'x\r\ny', '\r', '\r\r\n\n'];
  for (let i = 0; i < 200; i++) {
    const alphabet = i % 2 ? ['a', 'b', '\n'] : ['a', '\n', '\r', '\r\n'];
    texts.push(Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
  }
  it('places every offset as a walk of the characters does, and maps back', () => {
    for (const text of texts) {
      const li = new LineIndex(text);
      const want = walk(text);
      for (let o = 0; o <= text.length; o++) {
        expect(li.position(o), JSON.stringify(text)).toEqual(want[o]);
        // Offsets inside a CRLF pair map to the same place as the CR.
        if (!(text[o - 1] === '\r' && text[o] === '\n')) expect(li.offset(want[o])).toBe(o);
      }
      expect(li.lineCount).toBe(want[text.length].line);
    }
  });
});
