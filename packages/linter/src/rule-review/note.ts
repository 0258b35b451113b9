/**
 * `investigation-guide`: the investigation guide in `note`, as detection-rules' tests and its note
 * validation require it:
 * - an Elastic rule of high or critical severity (not a building block) has a "## Triage and analysis" section;
 * - a "### Investigating" heading names the rule ("### Investigating <rule name>");
 * - a note with an investigation guide ("Investigating") comes with the tag "Resources: Investigation Guide";
 * - a Setup section in the note is a level-2 heading written "## Setup", and then `setup` is not also set;
 * - no level-2 heading of the note is about "config".
 */
import { diagnostic, type Span } from '@esql-lint/core';
import type { RuleDocument } from '@esql-lint/rule-document';
import { addToArrayFix, headerOrStart } from './edits.js';
import { str, tagsOf, tagsSpan, type ReviewContext } from './context.js';
import { TAG } from './facts.js';

export interface Heading {
  level: number;
  text: string;
  /** The heading line, in file offsets (the whole note value when it cannot be found in the file text). */
  span: Span;
}

/**
 * The first character of a line after at most three spaces (-1 when the line is only those spaces): only
 * lines starting with '`', '~' or '#' there can be fences or headings, and the patterns run on those alone.
 */
function leadChar(note: string, start: number, end: number): number {
  for (let i = start; i < end && i < start + 4; i++) {
    const c = note.charCodeAt(i);
    if (c !== 32) return c;
  }
  return -1;
}

/**
 * The start of the line holding offset `i` when `i` is that line's first character after at most three
 * spaces; -1 otherwise.
 */
function leadLineStart(note: string, i: number): number {
  let k = i;
  while (k > 0 && i - k < 3 && note.charCodeAt(k - 1) === 32) k--;
  return k === 0 || note.charCodeAt(k - 1) === 10 ? k : -1;
}

/**
 * What a line must start with (after at most three spaces) to be a fence or a heading: a fence opens
 * with three backticks or tildes, a heading with '#'. Lines that start otherwise match neither pattern.
 */
const MARKS = ['#', '```', '~~~'] as const;

/** The ATX headings of a note outside fenced code, with their ranges in the file. */
export function noteHeadings(document: RuleDocument, note: string): Heading[] {
  const value = document.valueSpan(['rule', 'note']) ?? { start: 0, end: 0 };
  const raw = document.text.slice(value.start, value.end);
  const out: Heading[] = [];
  let fence: string | undefined;
  let from = 0;
  // The lines of `note.split(/\r?\n/)` that start with '#', '```' or '~~~' after at most three spaces
  // (the others are neither fences nor headings), in order: the next occurrence of each mark is found
  // by indexOf (a notes pass scanned 7.7 MB of corpus notes; a regex for line starts was ~10x slower),
  // and an occurrence counts when it leads its line.
  const next = MARKS.map((m) => note.indexOf(m));
  for (;;) {
    let k = -1;
    for (let j = 0; j < next.length; j++) if (next[j] !== -1 && (k === -1 || next[j] < next[k])) k = j;
    if (k === -1) break;
    const pos = next[k];
    const start = leadLineStart(note, pos);
    if (start === -1) {
      next[k] = note.indexOf(MARKS[k], pos + 1);
      continue;
    }
    let end = note.indexOf('\n', pos);
    if (end === -1) end = note.length;
    // The next line starts after this one's '\n'.
    for (let j = 0; j < next.length; j++) if (next[j] !== -1 && next[j] < end) next[j] = note.indexOf(MARKS[j], end);
    if (end > start && note.charCodeAt(end - 1) === 13 && end < note.length) end--;
    const lead = leadChar(note, start, end);
    if (lead === 96 || lead === 126 || (lead === 35 && !fence)) {
      const line = note.slice(start, end);
      const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (f) {
        if (!fence) fence = f[1][0];
        else if (f[1][0] === fence) fence = undefined;
      } else if (!fence) {
        const h = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
        if (h) {
          const at = raw.indexOf(line.trim(), from);
          const span = at >= 0 ? { start: value.start + at, end: value.start + at + line.trim().length } : value;
          if (at >= 0) from = at + line.trim().length;
          out.push({ level: h[1].length, text: (h[2] ?? '').trim(), span });
        }
      }
    }
  }
  return out;
}

/**
 * `note.toLowerCase().includes('## triage and analysis')` without a lower-cased copy of the note: an
 * ignore-case pattern (without the u flag) matches only ASCII letters of either case, and of the other
 * characters only U+0130 lower-cases to one of this text's letters, as 'i' followed by U+0307, which the
 * text never has after an 'i' (checked over every code point).
 */
const TRIAGE = /## triage and analysis/i;

/**
 * Whether a "### Investigating" heading, blanks, then the rule's name appear in the note, letters in any
 * case (/### Investigating\s+<name>/i, without compiling the name: a name of some 40,000 characters made
 * "Regular expression too large").
 */
function headingNames(note: string, name: string): boolean {
  const lower = note.toLowerCase();
  const wanted = name.toLowerCase();
  const heading = '### investigating';
  for (let at = lower.indexOf(heading); at >= 0; at = lower.indexOf(heading, at + 1)) {
    let i = at + heading.length;
    while (i < lower.length && /\s/.test(lower[i])) i++;
    if (i > at + heading.length && lower.startsWith(wanted, i)) return true;
  }
  return false;
}

export function checkInvestigationGuide({ document, report }: ReviewContext): void {
  const { rule } = document;
  const note = str(rule.note);
  const name = str(rule.name);
  const bad = (message: string, span: Span, fix?: ReturnType<typeof addToArrayFix>) => report(diagnostic('investigation-guide', 'error', message, span, fix ? [fix] : undefined));
  const authors = Array.isArray(rule.author) ? rule.author.filter((a): a is string => typeof a === 'string') : [];
  const elastic = authors.some((a) => a.toLowerCase() === 'elastic');
  const severity = str(rule.severity);
  if (elastic && !rule.building_block_type && (severity === 'high' || severity === 'critical') && !(note !== undefined && TRIAGE.test(note))) {
    bad(`An Elastic rule of ${severity} severity needs an investigation guide in "note" with a "## Triage and analysis" section.`,
      document.valueSpan(['rule', 'note']) ?? headerOrStart(document, 'rule'));
  }
  if (!note) return;
  const headings = noteHeadings(document, note);
  if (name && note.includes('### Investigating')) {
    // The common case, the heading written exactly, without compiling a pattern per rule (issue 19).
    const named = note.includes(`### Investigating ${name}`) || headingNames(note, name);
    if (!named) {
      const h = headings.find((x) => x.level === 3 && x.text.startsWith('Investigating'));
      bad(`The "### Investigating" heading of the investigation guide names the rule: "### Investigating ${name}".`, h?.span ?? document.valueSpan(['rule', 'note'])!);
    }
  }
  if (/Investigating/.test(note) && !tagsOf(document).includes(TAG.investigationGuide)) {
    bad(`The note has an investigation guide, so the tags need "${TAG.investigationGuide}".`, tagsSpan(document),
      addToArrayFix(document, ['rule', 'tags'], [TAG.investigationGuide], `Add the tag "${TAG.investigationGuide}"`));
  }
  const setup = str(rule.setup);
  for (const h of headings) {
    if (h.text.toLowerCase() === 'setup') {
      if (h.level !== 2) bad(`The Setup section of the note is a level-2 heading ("## Setup"), not level ${h.level}.`, h.span);
      else if (h.text !== 'Setup') bad(`The Setup heading is written "## Setup", not "## ${h.text}".`, h.span, { title: 'Change to "## Setup"', edits: [{ span: h.span, newText: '## Setup' }], safe: true });
      if (setup && setup !== 'None') bad('The setup instructions are both in the note (a "## Setup" section) and in "setup": keep them in "setup" only.', h.span);
    } else if (h.level === 2 && h.text.toLowerCase().includes('config')) {
      bad(`A level-2 heading of the note is about configuration ("${h.text}"): set-up steps belong in "setup".`, h.span);
    }
  }
}
