import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as T from '../packages/parser-kql/src/lexer.js';
import { lex, parse, setFastPath } from '../packages/parser-kql/src/parse.js';
import { REFERENCE_NESTING, getParser } from '../packages/parser-kql/src/parser.js';
import { withoutStackTraces } from '../packages/core/src/index.js';
import * as S from '../packages/parser-kql/src/scan.js';
import { ADVERSARIAL } from './support/adversarial.mjs';
import { corpusQueries } from './support/corpus.js';
import { mutationsPerQuery } from './support/diff-share.js';
import { tokenMutations } from './support/fast-path.js';

// Differential test of the KQL fast path (packages/parser-kql/src/fast.ts, a hand-written parser over the
// compact scan) against the main path (the Chevrotain grammar, parser.ts + build.ts): on the corpus and
// on token-level mutations of every corpus query (tokens swapped for others of the language, deleted,
// duplicated, inserted; prefixes), both must give the same AST (spans included) and diagnostics, with and
// without leading wildcards. The compact scan must agree with `scan` on whether a text lexes cleanly, and
// on its tokens.

let seed = 19;
const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), seed % n);

const VOCABULARY = [
  'or', 'and', 'not', 'OR', 'AND', 'Not', 'not not', 'or or', ':', ' : ', '<', '<=', '>', '>=', '(', ')', '{', '}', ':{', ':(', '"x"', '""',
  '"a\\"b"', '"a\\\\"', '"\\u0041"', '"\\q"', '"open', '*', 'a*', '*a', '\\*', '\\(', '\\:', '\\', '\\u0041', '\\uZZ', '\\or', '\\and', '\\not',
  '\\n', 'x', '1', 'process.name', 'host.*', 'two words', 'cannot be', 'a or b', 'a and', '\u00a0', '\t', '\n', '\u2003', '\u0130', 'K',
];

const mutations = (query: string, n: number) => tokenMutations(query, S.scan(query).tokens, n, VOCABULARY, rnd);

/** Both paths on each text: the texts (at most 5) whose results differ, and how many had no diagnostic. */
function compare(texts: string[], options = {}): { failures: string[]; clean: number } {
  const failures: string[] = [];
  let clean = 0;
  try {
    for (const text of texts) {
      setFastPath(true);
      const fast = parse(text, options);
      setFastPath(false);
      const reference = parse(text, options);
      if (!isDeepStrictEqual(fast, reference) && failures.length < 5) failures.push(JSON.stringify(text.slice(0, 300)));
      if (reference.diagnostics.length === 0) clean++;
    }
  } finally {
    setFastPath(true);
  }
  return { failures, clean };
}

const KINDS = Object.entries(S).filter(([name]) => name.startsWith('K_')) as Array<[string, number]>;

describe('KQL fast path vs the main path (differential)', () => {
  const seeds = corpusQueries('kuery').map((q) => q.query);

  it('numbers token kinds as lexer.ts orders its token types', () => {
    for (const [name, kind] of KINDS) {
      const type = name.slice(2).toLowerCase();
      if (name === 'K_END') expect(kind).toBe(0);
      else expect(T.allTokens[kind].name.toLowerCase().replace('string', '').replace('literal', '')).toBe(type);
    }
    expect(T.allTokens[S.K_QUOTED]).toBe(T.QuotedString);
    expect(T.allTokens[S.K_UNQUOTED]).toBe(T.UnquotedLiteral);
  });

  it('the compact scan agrees with scan: clean exactly when parse reports nothing lexical, with the same tokens', () => {
    seed = 19;
    const texts = [...seeds, ...seeds.flatMap((q) => mutations(q, 3)), ...VOCABULARY, '', '  ', 'a or', ' or b', 'a  and  b'];
    const failures: string[] = [];
    for (const text of texts) {
      for (const noWildcards of [false, true]) {
        const l = S.scan(text);
        const clean = S.scanCompact(text, noWildcards);
        const bad = (t: (typeof l.tokens)[number]) =>
          t.tokenType === T.UnterminatedString || t.tokenType === T.BadEscape || (noWildcards && t.tokenType === T.UnquotedLiteral && (t.payload as T.LiteralPayload).wildcard);
        const expected = l.errors.length === 0 && !l.tokens.some(bad);
        let same = clean === expected;
        if (same && clean) {
          same = S.scanned.count === l.tokens.length && S.scanned.kinds[S.scanned.count] === S.K_END;
          for (let i = 0; same && i < l.tokens.length; i++) {
            const t = l.tokens[i];
            same = T.allTokens[S.scanned.kinds[i]] === t.tokenType && S.scanned.starts[i] === t.startOffset && S.scanned.ends[i] === t.startOffset + t.image.length;
            if (same && t.tokenType === T.QuotedString) same = S.scanned.flags[i] === (t.image.includes('\\') ? S.F_QUOTED_ESCAPED : 0);
            if (same && t.tokenType === T.UnquotedLiteral) same = S.scanned.flags[i] === (/[\\*]/.test(t.image) ? S.F_UNQUOTED_SPECIAL : 0);
          }
        }
        if (!same && failures.length < 5) failures.push(JSON.stringify(text.slice(0, 200)));
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives the ASTs and diagnostics of the main path on the corpus and on token-level mutations of it', () => {
    seed = 19;
    const texts = [...seeds, ...seeds.flatMap((q) => mutations(q, mutationsPerQuery(6)))];
    const { failures, clean } = compare(texts);
    expect(failures).toEqual([]);
    // Without leading wildcards (the fast path gives up on any '*'), on part of them.
    expect(compare(texts.filter((_, i) => i % 4 === 0), { allowLeadingWildcards: false }).failures).toEqual([]);
    // The mutations reach both paths: clean texts (fast) and texts with errors (main path only).
    if (seeds.length > 0) {
      expect(clean).toBeGreaterThan(seeds.length);
      expect(clean).toBeLessThan(texts.length - seeds.length);
    }
  });

  it('gives the main path results around its nesting limit, on huge texts and on the adversarial inputs', () => {
    const texts: string[] = [];
    // Around the depth the Chevrotain parser is given (REFERENCE_NESTING) and the limit (MAX_NESTING).
    const limits = [REFERENCE_NESTING - 1, REFERENCE_NESTING, REFERENCE_NESTING + 1, S.MAX_NESTING - 1, S.MAX_NESTING, S.MAX_NESTING + 1];
    for (const n of [1, 10, 14, 15, 16, 28, 29, 30, 31, 32, 40, 60, 100, 10000, ...limits]) {
      texts.push(`${'('.repeat(n)}a:1${')'.repeat(n)}`);
      texts.push(`${'not ('.repeat(n)}a${')'.repeat(n)}`);
      texts.push(`a:${'('.repeat(n)}1${')'.repeat(n)}`);
      texts.push(`a:(${'not ('.repeat(n)}1${')'.repeat(n)})`);
      texts.push(`${'a:{ '.repeat(n)}b:1${' }'.repeat(n)}`);
      texts.push(`x or ${'(a and '.repeat(n)}b${')'.repeat(n)}`);
    }
    // More than the compact scan's initial arrays hold, then a small text again.
    texts.push(Array.from({ length: 40000 }, (_, i) => `f${i}:"v${i}"`).join(' or '), 'a:1 and b:"2"');
    // Nested with an error at the bottom, a lexical one, or one after the deep part; with wildcards refused.
    for (const n of limits) {
      texts.push(`${'('.repeat(n)}a:b:c${')'.repeat(n)}`, `${'a:{'.repeat(n)}`, `${'('.repeat(n)}a:"open${')'.repeat(n)}`, `${'('.repeat(n)}a:\\q${')'.repeat(n)}`);
      texts.push(`${'('.repeat(n)}a:1${')'.repeat(n)} or )`, `${'a:('.repeat(n)}*x${')'.repeat(n)}`, `${'a:('.repeat(n)}x*${')'.repeat(n)} and "${'('.repeat(n)}`);
    }
    for (const a of ADVERSARIAL.filter((x) => x.language === 'kuery')) texts.push(a.make(1), a.make(3));
    expect(compare(texts).failures).toEqual([]);
    expect(compare(texts, { allowLeadingWildcards: false }).failures).toEqual([]);
  });

  it('reports nesting past the limit once, at the bracket past it, the same on every call and on both paths', () => {
    const L = S.MAX_NESTING;
    const cases: Array<[string, number]> = [
      ['('.repeat(L + 1) + 'a:b' + ')'.repeat(L + 1), L],
      ['a:{'.repeat(L + 1), 3 * L + 2],
      ['a:' + '('.repeat(L + 1) + 'b' + ')'.repeat(L + 1), L + 2],
      // Past a refused `*` (the scan still counts brackets) and inside a string (not counted).
      ['a:*x or ' + '('.repeat(L + 1), 8 + L],
      ['"open \\q ' + '('.repeat(L + 1), -1],
      ['a:"' + '('.repeat(L + 1) + '"', -1],
      // A closer of the other kind does not close: `( }` nests on.
      ['( } '.repeat(L + 1), 4 * L],
    ];
    for (const [text, at] of cases) {
      for (const fast of [true, false, true, false]) {
        setFastPath(fast);
        const { diagnostics } = parse(text, { allowLeadingWildcards: false });
        if (at < 0) expect(diagnostics.some((d) => /nested too deeply/.test(d.message))).toBe(false);
        else expect(diagnostics).toEqual([{ code: 'syntax-error', severity: 'error', message: 'The query is nested too deeply to be parsed', span: { start: at, end: at + 1 } }]);
      }
    }
    setFastPath(true);
    // A lexical error before the bracket past the limit is reported instead (once, at it).
    expect(parse('\\q ' + '('.repeat(L + 1)).diagnostics.map((d) => [d.span, /^Invalid escape '\\q'/.test(d.message)])).toEqual([[{ start: 0, end: 2 }, true]]);
    // At the limit a clean query parses (both paths), and one error below the Chevrotain depth is one diagnostic at it.
    for (const fast of [true, false]) {
      setFastPath(fast);
      expect(parse('a:{'.repeat(L) + 'b:1' + '}'.repeat(L)).diagnostics).toEqual([]);
      const deep = parse('('.repeat(L) + 'a:b:c' + ')'.repeat(L)).diagnostics;
      expect(deep.map((d) => [d.span, /^Unexpected ':' \(the query is nested more than \d+ levels deep/.test(d.message)])).toEqual([[{ start: L + 3, end: L + 4 }, true]]);
    }
    setFastPath(true);
  });

  it('a text past the parser\'s rule-stack limit stops that parse only, not the later ones', () => {
    // parse() never gives the Chevrotain parser such a text (the scan bounds it); this is the safety net.
    const probe = 'a: (b or';
    setFastPath(false);
    try {
      const before = parse(probe);
      const p = getParser() as unknown as { input: unknown; query(): unknown; overflow: { overflowed: boolean } };
      withoutStackTraces(() => {
        p.input = lex('('.repeat(200) + 'a:b');
        p.query();
      });
      expect(p.overflow.overflowed).toBe(true);
      expect(parse(probe)).toEqual(before);
      expect(before.diagnostics.length).toBeGreaterThan(0);
      expect(before.diagnostics.some((d) => /nested/.test(d.message))).toBe(false);
    } finally {
      setFastPath(true);
    }
  });
});

