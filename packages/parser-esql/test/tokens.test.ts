import { describe, expect, it } from 'vitest';
import { createToken, type TokenType } from '../src/chevrotain.js';
// Only the token module: no parser has been constructed in this file yet (a parser's constructor re-derives
// the category properties, which would hide a difference).
import * as T from '../src/tokens.js';

/** A token type's category properties, with token indices as names (indices differ between two sets). */
function shape(t: TokenType, nameOf: (idx: number) => string) {
  return {
    keys: Object.keys(t),
    name: t.name,
    pattern: String(t.PATTERN),
    categories: (t.CATEGORIES ?? []).map((c) => c.name),
    categoryMatches: (t.categoryMatches ?? []).map(nameOf),
    categoryMatchesMap: Object.keys(t.categoryMatchesMap ?? {}).map((k) => nameOf(Number(k))),
    isParent: t.isParent,
  };
}

describe('ES|QL token types', () => {
  it('are in the Garbage category as Chevrotain makes tokens created with `categories: [Garbage]`', () => {
    const members = T.allTokens.filter((t) => t !== T.Garbage && t.CATEGORIES!.includes(T.Garbage));
    // Every token but PIPE absorbs unexpected input.
    expect(T.allTokens.filter((t) => t !== T.Garbage && !members.includes(t)).map((t) => t.name)).toEqual(['PIPE']);
    // The same token set made the plain way: Chevrotain's createToken with the category.
    const garbage = createToken({ name: 'Garbage', pattern: /NEVER_MATCHED_GARBAGE/ });
    const reference = [
      garbage,
      ...T.allTokens.slice(1).map((t) => createToken({ name: t.name, pattern: /NEVER_MATCHED/, categories: members.includes(t) ? [garbage] : [] })),
    ];
    const ours = new Map(T.allTokens.map((t) => [t.tokenTypeIdx!, t.name]));
    const theirs = new Map(reference.map((t) => [t.tokenTypeIdx!, t.name]));
    expect(T.allTokens.map((t) => shape(t, (i) => ours.get(i)!))).toEqual(reference.map((t) => shape(t, (i) => theirs.get(i)!)));
    expect(T.Garbage.isParent).toBe(true);
    expect(T.Garbage.categoryMatches!.length).toBe(members.length);
  });

  it('keep those properties when the parser re-derives them', async () => {
    const before = T.allTokens.map((t) => JSON.stringify(shape(t, String)));
    const { getParser } = await import('../src/parser.js');
    getParser();
    expect(T.allTokens.map((t) => JSON.stringify(shape(t, String)))).toEqual(before);
  });
});
