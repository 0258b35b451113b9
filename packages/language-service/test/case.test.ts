/**
 * keywordCase's one-pass scan (issue 19: no string made per word or per stripped text) against the
 * definition it replaces: strings and comments taken out with a regular expression, then the words counted.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keywordCase, type KeywordCase } from '../src/case.js';

function reference(text: string, keywords: ReadonlySet<string>, fallback: KeywordCase): KeywordCase {
  let upper = 0;
  let lower = 0;
  const stripped = text.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  for (const m of stripped.matchAll(/[A-Za-z_]+/g)) {
    const w = m[0];
    if (!keywords.has(w.toUpperCase())) continue;
    if (w === w.toUpperCase()) upper++;
    else if (w === w.toLowerCase()) lower++;
  }
  if (upper === 0 && lower === 0) return fallback;
  return lower > upper ? 'lower' : 'upper';
}

const SETS: Array<[ReadonlySet<string>, KeywordCase]> = [
  [new Set(['AND', 'OR', 'NOT']), 'lower'],
  [new Set(['FROM', 'WHERE', 'EVAL', 'STATS', 'BY', 'IS_NULL', 'SORT', 'LOG10', 'NOT']), 'upper'],
  [new Set(['WHERE', 'SEQUENCE', 'BY', 'AND', 'OR', 'NOT', 'ANY', '_']), 'lower'],
];

/** A small deterministic generator (no randomness between runs). */
function* texts(count: number): Generator<string> {
  const pieces = ['and', 'AND', 'And', 'or', 'OR', 'not', 'Not', 'where', 'WHERE', 'from', 'FROM', 'is_null', 'IS_NULL', '_', 'x', 'sort',
    '"', '"""', '`', '/', '*', '//', '/*', '*/', '\\', '\\"', '\n', '\r', '\u2028', ' ', '|', '(', ')', 'é', 'by', 'BY', 'log10', 'any'];
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let k = 0; k < count; k++) {
    let s = '';
    const len = rand(30);
    for (let i = 0; i < len; i++) s += pieces[rand(pieces.length)] + (rand(3) === 0 ? ' ' : '');
    yield s;
  }
}

describe('keywordCase', () => {
  it('counts as the strip-and-match definition does, on generated texts with strings, comments and escapes', () => {
    let differences = 0;
    const examples: string[] = [];
    for (const text of texts(20000)) {
      for (const [set, fallback] of SETS) {
        if (keywordCase(text, set, fallback) !== reference(text, set, fallback)) {
          differences++;
          if (examples.length < 5) examples.push(JSON.stringify(text));
        }
      }
    }
    expect(examples).toEqual([]);
    expect(differences).toBe(0);
  });

  it('decides by the words outside strings and comments', () => {
    const set = SETS[1][0];
    expect(keywordCase('from a | where "WHERE WHERE" and b', set)).toBe('lower');
    expect(keywordCase('from a // WHERE WHERE WHERE\n| where b', set)).toBe('lower');
    expect(keywordCase('FROM a /* where where where */ | WHERE b', set)).toBe('upper');
    expect(keywordCase('from a | WHERE b | SORT c', set)).toBe('upper');
    expect(keywordCase('nothing here', set, 'lower')).toBe('lower');
    // An unterminated string: its words count (the pattern does not match it).
    expect(keywordCase('"from where\nFROM', set)).toBe('lower');
  });

  const root = '../shared/corpus/detection-rules/rules';
  it.skipIf(!existsSync(root))('counts as the definition does on the corpus rule files', () => {
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.toml'));
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const [set, fallback] of SETS) expect(keywordCase(text, set, fallback), f).toBe(reference(text, set, fallback));
    }
  });
});
