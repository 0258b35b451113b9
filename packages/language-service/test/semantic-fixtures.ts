/** Reads the semantic token fixtures (fixtures/semantic-tokens/README.md says their format). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, 'fixtures/semantic-tokens');

export interface ExpectedToken {
  start: number;
  end: number;
  /** `type` or `type.modifier.modifier` (modifiers in legend order). */
  token: string;
  text: string;
}

export interface MarkedFixture {
  name: string;
  text: string;
  tokens: ExpectedToken[];
}

const MODIFIER_ORDER = ['declaration', 'readonly', 'defaultLibrary', 'unknown'];

/** `type.m1.m2` with the modifiers in legend order, so that lists compare equal. */
export function tokenName(type: string, modifiers: string[]): string {
  return [type, ...[...modifiers].sort((a, b) => MODIFIER_ORDER.indexOf(a) - MODIFIER_ORDER.indexOf(b))].join('.');
}

/** Removes the `«text|type.mods»` markers of a fixture; returns the text and the marked tokens. */
export function unmark(marked: string): { text: string; tokens: ExpectedToken[] } {
  let text = '';
  const tokens: ExpectedToken[] = [];
  const re = /«([^»]*)»/g;
  let last = 0;
  for (let m = re.exec(marked); m; m = re.exec(marked)) {
    text += marked.slice(last, m.index);
    const bar = m[1].lastIndexOf('|');
    const tokenText = m[1].slice(0, bar);
    const [type, ...mods] = m[1].slice(bar + 1).split('.');
    tokens.push({ start: text.length, end: text.length + tokenText.length, token: tokenName(type, mods), text: tokenText });
    text += tokenText;
    last = m.index + m[0].length;
  }
  return { text: text + marked.slice(last), tokens };
}

export function markedFixtures(): MarkedFixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.includes('.marked.'))
    .sort()
    .map((name) => ({ name, ...unmark(readFileSync(join(FIXTURES, name), 'utf8')) }));
}

export interface CorpusExpectation {
  /** 1-based file line. */
  line: number;
  text: string;
  occurrence: number;
  token: string;
}

export function corpusExpectations(): Array<{ file: string; expectations: CorpusExpectation[] }> {
  const out: Array<{ file: string; expectations: CorpusExpectation[] }> = [];
  for (const raw of readFileSync(join(FIXTURES, 'corpus.tokens'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const file = /^corpus:\s*(\S+)$/.exec(line);
    if (file) {
      out.push({ file: file[1], expectations: [] });
      continue;
    }
    const m = /^(\d+)\s+(\S+?)(?:#(\d+))?\s+(\S+)$/.exec(line);
    if (!m || !out.length) throw new Error(`corpus.tokens: cannot read ${JSON.stringify(line)}`);
    const [type, ...mods] = m[4].split('.');
    out[out.length - 1].expectations.push({ line: Number(m[1]), text: m[2], occurrence: Number(m[3] ?? 1), token: tokenName(type, mods) });
  }
  return out;
}

/** The file offsets of an expectation: the n-th occurrence of its text on its line. */
export function locate(text: string, e: CorpusExpectation): { start: number; end: number } {
  let lineStart = 0;
  for (let l = 1; l < e.line; l++) lineStart = text.indexOf('\n', lineStart) + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  let at = -1;
  for (let n = 0; n < e.occurrence; n++) at = lineText.indexOf(e.text, at + 1);
  if (at < 0) throw new Error(`line ${e.line} has no ${JSON.stringify(e.text)} (#${e.occurrence})`);
  return { start: lineStart + at, end: lineStart + at + e.text.length };
}
