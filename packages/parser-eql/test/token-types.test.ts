/**
 * lexer.ts makes EQL's token types itself, not with Chevrotain's createToken (issue 19, start-up: a clean query
 * evaluates no Chevrotain). They must be what createToken makes of the same definitions, but for their
 * numbers, which must stay apart from the ones Chevrotain hands out (EOF, ES|QL's token types).
 */
import { describe, expect, it } from 'vitest';
import { createToken, EOF, Lexer, type ITokenConfig, type TokenType } from '../src/chevrotain.js';
import * as T from '../src/lexer.js';
import * as E from '../../parser-esql/src/tokens.js';

/** The createToken config a token type was made from (the properties createToken copies). */
function configOf(t: TokenType): ITokenConfig {
  const c: Record<string, unknown> = { name: t.name };
  const names: Array<[string, string]> = [['PATTERN', 'pattern'], ['LABEL', 'label'], ['GROUP', 'group'], ['POP_MODE', 'pop_mode'], ['PUSH_MODE', 'push_mode'], ['LONGER_ALT', 'longer_alt'], ['LINE_BREAKS', 'line_breaks'], ['START_CHARS_HINT', 'start_chars_hint']];
  for (const [prop, key] of names) if (prop in t) c[key] = (t as unknown as Record<string, unknown>)[prop];
  return c as unknown as ITokenConfig;
}

describe('EQL token types', () => {
  it('have the properties createToken gives them, numbered from TOKEN_TYPE_IDX_BASE in the order made', () => {
    expect(T.definedTokens.length).toBeGreaterThan(50);
    expect(new Set(T.allTokens)).toEqual(new Set(T.definedTokens));
    T.definedTokens.forEach((t, i) => {
      const made = createToken(configOf(t));
      expect(Object.keys(t).sort()).toEqual(Object.keys(made).sort());
      expect({ ...t, tokenTypeIdx: 0 }).toEqual({ ...made, tokenTypeIdx: 0 });
      expect(t.tokenTypeIdx).toBe(T.TOKEN_TYPE_IDX_BASE + i);
    });
    expect(T.WhiteSpace.GROUP).toBe(Lexer.SKIPPED);
  });

  it('are numbered apart from the token types Chevrotain numbers (EOF, ES|QL), below 4096', () => {
    const chevrotains = [EOF, ...E.allTokens].map((t) => t.tokenTypeIdx!);
    expect(Math.max(...chevrotains)).toBeLessThan(T.TOKEN_TYPE_IDX_BASE / 2);
    expect(T.TOKEN_TYPE_IDX_BASE + T.definedTokens.length).toBeLessThan(4096);
  });
});
