import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as K from '../packages/parser-eql/src/kinds.js';
import * as T from '../packages/parser-eql/src/lexer.js';
import { lex, parse, setFastPath } from '../packages/parser-eql/src/parse.js';
import { MAX_NESTING, scanCompact, scanned } from '../packages/parser-eql/src/scan.js';
import { REFERENCE_NESTING, createThrowingParser, getParser } from '../packages/parser-eql/src/parser.js';
import { withoutStackTraces } from '../packages/core/src/index.js';
import { ADVERSARIAL } from './support/adversarial.mjs';
import { corpusQueries } from './support/corpus.js';
import { mutationsPerQuery } from './support/diff-share.js';

// Differential test of the EQL fast path (packages/parser-eql/src/fast.ts, a hand-written parser over the
// compact scan) against the main path (the Chevrotain grammar, parser.ts + build.ts): on the corpus and
// on token-level mutations of every corpus query (words swapped for others of the language, tokens
// deleted, duplicated, inserted; prefixes), both must give the same AST (spans included) and diagnostics.
// The compact scan must agree with `lex` on whether a text lexes cleanly, and on its tokens.

let seed = 11;
const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff), seed % n);
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)];

const VOCABULARY = [
  'and', 'or', 'not', 'in', 'in~', 'like', 'like~', 'regex', 'regex~', ':', '==', '!=', '<', '<=', '>', '>=', '=', '+', '-', '*', '/', '%',
  '(', ')', '[', ']', '![', ',', '.', '?', '|', 'where', 'by', 'with', 'maxspan', 'runs', 'until', 'sequence', 'sample', 'join', 'any', 'of',
  'descendant', 'true', 'false', 'null', '0', '1', '-1', '1.5', '1e3', '.5', '99999999999999999999', '"x"', '"a\\\\b"', '"\\q"', '"""raw"""',
  "'s'", '?"q"', 'process', 'process.name', '?opt', '`quoted`', '`open', 'x[0]', 'length', 'wildcard', 'startsWith~', 'length~', 'unknownFn',
  'head', 'tail', 'count', '5m', '//c\n', '/* c */', '/* open', '&&', '||', '~', '\u00a0',
];

/** Token-level mutations of a query: each one edit, at token boundaries (as `lex` cuts it). */
function mutations(query: string, n: number): string[] {
  const tokens = lex(query).tokens;
  const out: string[] = [];
  if (tokens.length === 0) return out;
  for (let m = 0; m < n; m++) {
    const t = tokens[rnd(tokens.length)];
    const start = t.startOffset;
    const end = start + t.image.length;
    switch (rnd(5)) {
      case 0: // replace a token
        out.push(`${query.slice(0, start)}${pick(VOCABULARY)}${query.slice(end)}`);
        break;
      case 1: // delete a token
        out.push(query.slice(0, start) + query.slice(end));
        break;
      case 2: // duplicate a token
        out.push(`${query.slice(0, end)} ${t.image}${query.slice(end)}`);
        break;
      case 3: // insert a word before a token
        out.push(`${query.slice(0, start)}${pick(VOCABULARY)} ${query.slice(start)}`);
        break;
      default: // a prefix ending at a token
        out.push(query.slice(0, end));
    }
  }
  return out;
}

/** Both paths on each text: the texts (at most 5) whose results differ, and how many took the fast path. */
function compare(texts: string[]): { failures: string[]; clean: number } {
  const failures: string[] = [];
  let clean = 0;
  try {
    for (const text of texts) {
      setFastPath(true);
      const fast = parse(text);
      setFastPath(false);
      const reference = parse(text);
      if (!isDeepStrictEqual(fast, reference) && failures.length < 5) failures.push(JSON.stringify(text.slice(0, 300)));
      if (reference.diagnostics.length === 0) clean++;
    }
  } finally {
    setFastPath(true);
  }
  return { failures, clean };
}

describe('EQL fast path vs the main path (differential)', () => {
  const seeds = corpusQueries('eql').map((q) => q.query);

  it('numbers token kinds as lexer.ts orders its token types', () => {
    for (const [name, kind] of Object.entries(K)) {
      if (name === 'K_EOF') expect(kind).toBe(0);
      else expect(T.allTokens[kind]).toBe((T as unknown as Record<string, unknown>)[name.slice(2)]);
    }
    expect(Object.keys(K).length).toBe(T.allTokens.length + 1);
  });

  it('the compact scan agrees with lex: clean exactly when lex reports nothing, with the same tokens', () => {
    const texts = [...seeds, ...seeds.flatMap((q) => mutations(q, 3)), ...VOCABULARY, '', '  ', '/* */', '// only a comment'];
    const failures: string[] = [];
    for (const text of texts) {
      const l = lex(text);
      const clean = scanCompact(text);
      const expected = l.diagnostics.length === 0 && l.tokens.length > 0;
      let same = clean === expected;
      if (same && clean) {
        same = scanned.count === l.tokens.length && scanned.kinds[scanned.count] === K.K_EOF;
        for (let i = 0; same && i < l.tokens.length; i++) {
          const t = l.tokens[i];
          same = T.allTokens[scanned.kinds[i]] === t.tokenType && scanned.starts[i] === t.startOffset && scanned.ends[i] === t.startOffset + t.image.length;
          if (same && t.tokenType === T.DoubleString) same = scanned.escaped[i] === (t.image.includes('\\') ? 1 : 0);
        }
      }
      if (!same && failures.length < 5) failures.push(JSON.stringify(text.slice(0, 200)));
    }
    expect(failures).toEqual([]);
  });

  it('gives the ASTs and diagnostics of the main path on the corpus and on token-level mutations of it', () => {
    seed = 11;
    const texts = [...seeds, ...seeds.flatMap((q) => mutations(q, mutationsPerQuery(6)))];
    const { failures, clean } = compare(texts);
    expect(failures).toEqual([]);
    // The mutations reach both paths: clean texts (fast) and texts with errors (main path only).
    if (seeds.length > 0) {
      expect(clean).toBeGreaterThan(seeds.length);
      expect(clean).toBeLessThan(texts.length - seeds.length);
    }
  });

  it('gives the main path results around its nesting and prefix limits, and on the adversarial inputs', () => {
    const texts: string[] = [];
    // Around the depth the Chevrotain parser is given (REFERENCE_NESTING) and the limit (MAX_NESTING; the
    // `where` query's own nesting is 0, `length(` and `in (` one level each, a sequence's `[` one).
    const limits = [REFERENCE_NESTING - 1, REFERENCE_NESTING, REFERENCE_NESTING + 1, MAX_NESTING - 1, MAX_NESTING, MAX_NESTING + 1];
    for (const n of [1, 10, 25, 29, 30, 31, 32, 40, 60, 100, 10000, ...limits]) {
      texts.push(`any where ${'('.repeat(n)}a == 1${')'.repeat(n)}`);
      texts.push(`any where ${'length('.repeat(n)}a${')'.repeat(n)} > 1`);
      texts.push(`any where ${'a in ('.repeat(n)}1${')'.repeat(n)}`);
      texts.push(`sequence [any where ${'('.repeat(n)}true${')'.repeat(n)}] [any where true] | head ${'('.repeat(n)}1${')'.repeat(n)}`);
    }
    for (const n of [1, 99, 100, 101, 150, ...limits]) {
      texts.push(`any where ${'not '.repeat(n)}a == 1`);
      texts.push(`any where a == ${'-'.repeat(n)}1`);
      texts.push(`any where a == ${'- +'.repeat(n)}1`);
    }
    // Nested with a problem at the bottom: a syntax error, a lexical one, a check of the builder.
    for (const n of limits) {
      texts.push(`any where ${'('.repeat(n)}a = 1${')'.repeat(n)}`, `any where ${'('.repeat(n)}a == 1 && b${')'.repeat(n)}`, `any where ${'length('.repeat(n)}foo(a)${')'.repeat(n)}`);
      texts.push(`any where ${'('.repeat(n)}a == b${')'.repeat(n)}`, `any where ${'not ('.repeat(n)}a in (b)${')'.repeat(n)}`, `any where ${'- ('.repeat(n)}a${')'.repeat(n)} == "x\\q"`);
    }
    for (const a of ADVERSARIAL.filter((x) => x.language === 'eql')) texts.push(a.make(1), a.make(3));
    const { failures } = compare(texts);
    expect(failures).toEqual([]);
  });

  it('reports nesting past the limit once, at the token past it, the same on every call and on both paths', () => {
    const L = MAX_NESTING;
    const at = (prefix: string, unit: string) => prefix.length + L * unit.length;
    const cases: Array<[string, number, number]> = [
      [`any where ${'('.repeat(L + 1)}a == 1${')'.repeat(L + 1)}`, at('any where ', '('), 1],
      [`any where ${'length('.repeat(L + 1)}a${')'.repeat(L + 1)} > 1`, at('any where ', 'length(') + 'length'.length, 1],
      [`any where ${'not '.repeat(L + 1)}a == 1`, at('any where ', 'not '), 3],
      [`any where a == ${'-'.repeat(L + 1)}1`, at('any where a == ', '-'), 1],
      // Prefix operators and brackets add up; a sign is closed by the next operator, a `not` by `and`/`or`.
      // (Three levels a unit: the unit past the limit's `(` if L % 3 == 2, its `-` if 1, its `not` if 0.)
      [`any where ${'not -('.repeat(L)}a${')'.repeat(L)}`, 10 + Math.floor(L / 3) * 6 + [0, 4, 5][L % 3], [3, 1, 1][L % 3]],
      // A comparison operator does not close the `not` before its left operand (two levels a unit).
      [`any where ${'not a == ('.repeat(L)}1${')'.repeat(L)}`, 10 + Math.floor(L / 2) * 10 + [0, 9][L % 2], [3, 1][L % 2]],
      // Inside a string (not counted), and in a comment (not a token).
      [`any where a == "${'('.repeat(L + 1)}"`, -1, 0],
      [`any where /* ${'('.repeat(L + 1)} */ a == 1`, -1, 0],
      // A closer of the other kind does not close.
      [`any where ${'( ] '.repeat(L + 1)}`, at('any where ', '( ] '), 1],
    ];
    for (const [text, start, length] of cases) {
      for (const fast of [true, false, true, false]) {
        setFastPath(fast);
        const { diagnostics } = parse(text);
        if (start < 0) expect(diagnostics.some((d) => /too deeply nested/.test(d.message))).toBe(false);
        else expect(diagnostics).toEqual([{ code: 'syntax-error', severity: 'error', message: 'The query is too deeply nested to be parsed', span: { start, end: start + length } }]);
      }
    }
    // A lexical problem before the token past the limit is reported instead (once, at it), one after it is not.
    expect(parse(`any where a && ${'('.repeat(L + 1)}`).diagnostics.map((d) => [d.span, /^'&&' is not an EQL operator/.test(d.message)])).toEqual([[{ start: 12, end: 14 }, true]]);
    expect(parse(`any where ${'('.repeat(L + 1)} a && b`).diagnostics.map((d) => d.message)).toEqual(['The query is too deeply nested to be parsed']);
    // A flat chain of `not` terms does not nest.
    expect(parse('any where ' + Array.from({ length: 3 * L }, (_, i) => `not a${i} == 1`).join(' and ')).diagnostics).toEqual([]);
    // At the limit a clean query parses (both paths); with a problem, one diagnostic at it, with its code.
    for (const fast of [true, false]) {
      setFastPath(fast);
      expect(parse(`any where ${'('.repeat(L)}a == 1${')'.repeat(L)}`).diagnostics).toEqual([]);
      const deep = parse(`any where ${'('.repeat(L - 1)}foo(a) == 1${')'.repeat(L - 1)}`).diagnostics;
      expect(deep.map((d) => [d.code, d.span, /^Unknown function 'foo' \(the query is nested more than \d+ levels deep/.test(d.message)])).toEqual([
        ['unknown-function', { start: 10 + L - 1, end: 10 + L + 2 }, true],
      ]);
    }
    setFastPath(true);
  });

  it('recovers from errors without throwing them exactly as Chevrotain does: same errors, re-synced tokens and CST', () => {
    // parser.ts's parser recovers from NoViableAlt errors without a throw per rule (core
    // recovery-unwind.ts); this compares it with Chevrotain's own throwing recovery on the same tokens.
    const token = (t: any) => (t ? [t.tokenType?.name, t.startOffset, t.isInsertedInRecovery === true] : null);
    const cst = (n: any): unknown => {
      if (!n || typeof n !== 'object') return n;
      if (n.tokenType) return token(n);
      const children: Record<string, unknown> = {};
      for (const k of Object.keys(n.children ?? {}).sort()) children[k] = n.children[k].map(cst);
      return [n.name, n.location?.startOffset, n.location?.endOffset, n.recoveredNode === true, children];
    };
    const run = (p: any, tokens: unknown[]) =>
      withoutStackTraces(() => {
        p.input = tokens;
        const tree = p.statement();
        const errors = p.errors.map((e: any) => [e.name, e.message, token(e.token), token(e.previousToken), (e.resyncedTokens ?? []).map(token)]);
        return JSON.stringify([cst(tree), errors, p.recovery.stoppedAt?.startOffset ?? null]);
      });
    const unwinding = getParser();
    const throwing = createThrowingParser();
    seed = 23;
    const texts = [
      ...seeds.flatMap((q) => mutations(q, mutationsPerQuery(2))),
      ...[1, 2, 3, 50, 400].flatMap((k) => [
        'process where' + ' or'.repeat(k),
        'process where (' + ' and'.repeat(k),
        'sequence' + ' [process where not]'.repeat(k),
        'process where x in (' + ' ,'.repeat(k) + ')',
        'process where ' + 'f(, '.repeat(Math.min(k, 30)),
      ]),
    ];
    const failures: string[] = [];
    let errors = 0;
    for (const text of texts) {
      const tokens = lex(text).tokens;
      const a = run(unwinding, tokens);
      const b = run(throwing, tokens);
      if (a !== b && failures.length < 5) failures.push(JSON.stringify(text.slice(0, 300)));
      if (throwing.errors.length > 0) errors++;
    }
    expect(failures).toEqual([]);
    expect(errors).toBeGreaterThan(texts.length / 4);
  });

  it('a text past the parser\'s rule-stack limit stops that parse only, not the later ones', () => {
    // parse() never gives the Chevrotain parser such a text (the scan bounds it); this is the safety net.
    const probe = 'process where a == ';
    setFastPath(false);
    try {
      const before = parse(probe);
      const p = getParser() as unknown as { input: unknown; statement(): unknown; overflow: { overflowed: boolean } };
      withoutStackTraces(() => {
        p.input = lex('process where ' + '('.repeat(200) + 'a').tokens;
        p.statement();
      });
      expect(p.overflow.overflowed).toBe(true);
      expect(parse(probe)).toEqual(before);
      expect(before.diagnostics.map((d) => d.message)).toEqual(['Unexpected end of the query: expected an expression']);
    } finally {
      setFastPath(true);
    }
  });
});

