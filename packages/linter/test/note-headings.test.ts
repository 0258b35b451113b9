/**
 * noteHeadings (investigation-guide): the headings of a note outside fenced code. It finds its candidate
 * lines by searching for '#', '```' and '~~~' (issue 19); this compares it with the plain reading (every
 * line of `note.split(/\r?\n/)`, in order) on handmade notes and random line soups of the characters that
 * matter (spaces, CR, LF, fences, '#' runs, tabs).
 */
import { describe, expect, it } from 'vitest';
import { parseRuleDocument, type RuleDocument } from '@esql-lint/rule-document';
import { noteHeadings, type Heading } from '../src/rule-review/note.js';

/** The reference: each line in turn, fences toggled, headings outside them. */
function reference(note: string, raw: string, base: number): Array<Omit<Heading, 'span'> & { span: { start: number; end: number } | 'value' }> {
  const out: Array<Omit<Heading, 'span'> & { span: { start: number; end: number } | 'value' }> = [];
  let fence: string | undefined;
  let from = 0;
  for (const line of note.split(/\r?\n/)) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (!fence) fence = f[1][0];
      else if (f[1][0] === fence) fence = undefined;
      continue;
    }
    if (fence) continue;
    const h = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!h) continue;
    const at = raw.indexOf(line.trim(), from);
    if (at >= 0) from = at + line.trim().length;
    out.push({ level: h[1].length, text: (h[2] ?? '').trim(), span: at >= 0 ? { start: base + at, end: base + at + line.trim().length } : 'value' });
  }
  return out;
}

/**
 * What noteHeadings reads of a rule document (its text and the note's value span), for a note the file
 * holds verbatim after a prefix: random soups need not be valid TOML (a lone CR is not).
 */
function headingsOf(note: string) {
  const text = `note = ${note}`;
  const value = { start: 7, end: 7 + note.length };
  const doc = { text, valueSpan: () => value } as unknown as RuleDocument;
  const got = noteHeadings(doc, note).map((h) => ({ ...h, span: h.span === value ? ('value' as const) : h.span }));
  return { got, want: reference(note, text.slice(value.start, value.end), value.start) };
}

it('reads a real rule document the same way', () => {
  const note = '## Triage and analysis\n\n```\n## fenced\n```\n### Investigating x\n';
  const text = `[rule]\nnote = """\n${note}"""\n`;
  const doc = parseRuleDocument(text, 'r.toml');
  const value = doc.valueSpan(['rule', 'note'])!;
  const got = noteHeadings(doc, String(doc.rule.note));
  expect(got.map((h) => [h.level, h.text, text.slice(h.span.start, h.span.end)])).toEqual([
    [2, 'Triage and analysis', '## Triage and analysis'],
    [3, 'Investigating x', '### Investigating x'],
  ]);
  expect(got.every((h) => h.span.start >= value.start && h.span.end <= value.end)).toBe(true);
});

describe('noteHeadings', () => {
  const cases = [
    '## Triage and analysis\n\n### Investigating x\n\nText # not a heading\n',
    '# a\n ## b\n  ### c\n   #### d\n    ##### e (indented code)\n###### f\n####### g (7)\n#h\n#\n## ##\n## x ##   \n',
    '```\n## in fence\n```\n## after\n~~~\n## tilde fence\n```\n## still in\n~~~\n## out\n',
    '````\n```\n## in (a shorter fence does not close)\n````\n## out\n',
    '## crlf\r\n### two\r\n```\r\n## fenced\r\n```\r\n# end\r',
    '#\ta tab\n##\t\n  ```js\ncode # x\n  ```\n## x\r\r\n## y',
    'no headings at all, just `code` and ~tildes~ and a # sign',
    '   ~~~\n# in\n   ~~~~\n# out\n`` ```\n# not a fence line before\n',
  ];
  it('agrees with the plain line-by-line reading on handmade notes', () => {
    for (const note of cases) {
      const { got, want } = headingsOf(note);
      expect(got, JSON.stringify(note)).toEqual(want);
    }
    expect(headingsOf(cases[1]).got.map((h) => h.level)).toEqual([1, 2, 3, 4, 6, 1, 2, 2]);
    expect(headingsOf(cases[2]).got.map((h) => h.text)).toEqual(['after', 'out']);
  });

  it('agrees with it on random line soups', () => {
    const bits = ['\n', '\r', '\r\n', ' ', '  ', '#', '##', '```', '~~~', '`', '~', '\t', 'x', '# h #', '\n\n', '    #', '####'];
    let seed = 19;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), seed % n);
    let headings = 0;
    for (let k = 0; k < 3000; k++) {
      let note = '';
      for (let j = 0, n = rnd(14); j < n; j++) note += bits[rnd(bits.length)];
      if (note.includes("'''")) continue;
      const { got, want } = headingsOf(note);
      headings += want.length;
      if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, JSON.stringify(note)).toEqual(want);
    }
    expect(headings).toBeGreaterThan(500);
  });
});
