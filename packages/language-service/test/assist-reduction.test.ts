import { describe, expect, it } from 'vitest';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import * as kql from '@esql-lint/parser-kql';
import type { ExpectedItem } from '@esql-lint/core';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { eqlAssistText } from '../src/completion-eql.js';
import { expectedInCommand } from '../src/completion-esql.js';
import { esqlPosition } from '../src/esql-position.js';
import { reduceForAssist, scanBefore, typedWord, type Tok } from '../src/scan.js';

// Completion computes the parser's expectations on a shortened text (content assist costs grow with the
// tokens before the cursor): the shortened text must expect exactly what the whole text expects.

// The whole text's content assist is what completion avoids, for its cost: a sample of queries and positions.
const MAX_TOKENS = 60;
const PER_QUERY = 2;

const andOr = (t: Tok, depth: number) => (t.kind === 'word' && /^(and|or)$/i.test(t.text)) || (depth > 0 && t.kind === 'comma');
const labels = (items: ExpectedItem[]) => [...new Set(items.map((e) => `${e.kind}:${e.label}`))].sort();

/**
 * Offsets right after a bracket that closes and at the token after it, outside strings and comments (as the
 * scanner sees the text before each offset), with the tokens before each: at most `max` per query.
 */
function afterClosedBrackets(text: string, language: 'eql' | 'kuery' | 'esql', max: number): Array<{ at: number; tokens: Tok[] }> {
  const all = scanBefore(text, text.length, language).tokens;
  const out: Array<{ at: number; tokens: Tok[] }> = [];
  for (let k = 0; k < all.length && out.length < max; k++) {
    if (all[k].kind !== 'close') continue;
    for (const at of all[k + 1] ? [all[k].end, all[k + 1].start] : [all[k].end]) {
      const scan = scanBefore(text, at, language);
      if (!scan.inert && scan.tokens.length > 0) out.push({ at, tokens: scan.tokens });
    }
  }
  return out;
}

/** Queries of at most `maxTokens` tokens, every `every`-th one. */
const sample = (language: 'eql' | 'kuery' | 'esql', every: number, maxTokens: number) =>
  corpusQueries(language).filter((_, i) => i % every === 0).filter((q) => scanBefore(q.query, q.query.length, language).tokens.length <= maxTokens);

describe('reduceForAssist', () => {
  const reduce = (text: string) => reduceForAssist(text, scanBefore(text, text.length, 'eql').tokens, 0, text.length, andOr);
  it.each([
    ['a : ("x", "y", "z") and b : (1 or 2) and c : ', ' c : '],
    ['a : ("x", ("p", "q"), "z") or (b : ("1", "2")) ', ' (b : ("1")) '],
    ['f(g("a", "b"), h(x, y), ', 'f(  '],
    ['x == 1 and not y : ("a", f(1, 2), "c") ', ' not y : ("a") '],
    ['z in (f(1, 2), 3) ', 'z in (f(1)) '],
  ])('keeps the first item of a bracket closed before the cursor: %s', (text, want) => {
    expect(reduce(text)).toBe(want);
  });
});

describe('typedWord', () => {
  it('takes a backquote inside a string or a block comment for no name', () => {
    const call = 'FROM a | EVAL x = replace(y, """[a-z]`(?!x)""", "z")';
    expect(typedWord(call, call.length, 'esql')).toEqual({ start: call.length, word: '' });
    const plain = 'FROM a | EVAL x = replace(y, "`", "z") | KEEP ab';
    expect(typedWord(plain, plain.length, 'esql').word).toBe('ab');
    const comment = 'FROM a | /* a ` here */ KEEP ab';
    expect(typedWord(comment, comment.length, 'esql').word).toBe('ab');
    const eqlText = "process where process.name : \"`\" and `proc";
    expect(typedWord(eqlText, eqlText.length, 'eql').word).toBe('`proc');
    const named = 'FROM a | KEEP `my field';
    expect(typedWord(named, named.length, 'esql').word).toBe('`my field');
    const doubled = 'FROM a | KEEP `a``b';
    expect(typedWord(doubled, doubled.length, 'esql').word).toBe('`b');
  });
});

interface Case {
  language: 'eql' | 'kuery' | 'esql';
  /** Every how many corpus queries one is taken, and the most tokens it may have. */
  every: number;
  maxTokens: number;
  least: number;
  /** What the whole text expects at `at`. */
  whole: (text: string, at: number) => ExpectedItem[];
  /** What completion computes instead (undefined: completion uses the whole text there). */
  shortened: (text: string, at: number, tokens: Tok[]) => ExpectedItem[] | undefined;
}

const CASES: Record<string, Case> = {
  EQL: {
    language: 'eql', every: 6, maxTokens: MAX_TOKENS, least: 100,
    whole: (text, at) => eql.expectedAt(text, at),
    shortened: (text, at, tokens) => {
      const short = eqlAssistText(text, tokens, at);
      return short === undefined ? undefined : eql.expectedAt(short, short.length);
    },
  },
  KQL: {
    language: 'kuery', every: 3, maxTokens: MAX_TOKENS, least: 100,
    whole: (text, at) => kql.expectedAt(text, at),
    shortened: (text, at, tokens) => {
      const short = reduceForAssist(text, tokens, 0, at, andOr);
      return kql.expectedAt(short, short.length);
    },
  },
  'ES|QL': {
    language: 'esql', every: 3, maxTokens: 300, least: 80,
    whole: (text, at) => esql.expectedAt(text, at),
    shortened: (text, at) => expectedInCommand(text, esqlPosition(text, at)),
  },
};

describe.skipIf(!HAS_CORPUS)('shortened texts for content assist expect what the whole text expects (corpus)', () => {
  it.each(Object.keys(CASES))('%s', (name) => {
    const c = CASES[name];
    const differ: string[] = [];
    let checked = 0;
    for (const q of sample(c.language, c.every, c.maxTokens)) {
      for (const { at, tokens } of afterClosedBrackets(q.query, c.language, PER_QUERY)) {
        const short = c.shortened(q.query, at, tokens);
        if (short === undefined) continue;
        checked++;
        const want = labels(c.whole(q.query, at));
        const got = labels(short);
        if (want.join() !== got.join()) differ.push(`${q.file}@${at}: ${want.join(' ')} vs ${got.join(' ')}`);
      }
    }
    expect(checked).toBeGreaterThan(c.least);
    expect(differ.slice(0, 10)).toEqual([]);
  });
});
if (!HAS_CORPUS) it.skip('assist-reduction corpus tests skipped: ' + NO_CORPUS_MESSAGE, () => {});
