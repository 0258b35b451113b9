/** Queries Kibana rejects, per construct: the first diagnostic's span and a fragment of its message. */
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { kibanaAccepts } from './reference.js';

type Case = [query: string, start: number, end: number, message: string];

const TABLES: Record<string, Case[]> = {
  'missing values': [
    ['field:', 6, 6, "Expected a value, '(' or '{' after ':', but the query ends here"],
    ['field: ', 7, 7, "after ':'"],
    ['f:)', 2, 3, "after ':', but found ')'"],
    ['f < ', 4, 4, "Expected a value after '<'"],
    ['f >=', 4, 4, "Expected a value after '>='"],
    ['f <= (5)', 5, 6, "Expected a value after '<=', but found '('"],
    ['f:()', 3, 4, "Expected a value after '('"],
    ['f:(a or )', 8, 9, "Expected a value after 'or'"],
    ['f:(a and not )', 13, 14, "Expected a value after 'not'"],
    ['f:{}', 3, 4, "Expected a query after '{'"],
  ],
  'missing fields': [
    ['< 1000', 0, 1, "Expected a field name before '<'"],
    [':foo', 0, 1, "Expected a field name before ':'"],
    ['a and :b', 6, 7, "Expected a field name before ':'"],
  ],
  'dangling operators': [
    ['a and ', 6, 6, "Expected a query after 'and', but the query ends here"],
    ['a:b or ', 7, 7, "Expected a query after 'or'"],
    ['not ', 4, 4, "Expected a query after 'not'"],
    ['a:b and not ', 12, 12, "Expected a query after 'not'"],
    ['a and\n', 6, 6, "after 'and'"],
  ],
  'not': [
    ['not not a', 4, 7, "single 'not'"],
    ['f:(not not a)', 7, 10, "single 'not'"],
    ['not(a)', 3, 4, "found '('"],
    ['f:a not b', 4, 7, "Unexpected 'not'"],
    ['message:cannot be', 11, 14, 'even at the end of a word'],
    ['f:not a', 2, 5, "A value can't start with 'not'"],
    ['f < not 5', 4, 7, "A value can't start with 'not'"],
  ],
  'parentheses and braces': [
    ['(a', 2, 2, "Missing ')' to close the '(' at line 1, column 1"],
    ['(a or b', 7, 7, "Missing ')' to close the '(' at line 1, column 1"],
    ['a and (b or (c)\n and d', 22, 22, "Missing ')' to close the '(' at line 1, column 7"],
    ['n:{a:(b) and c:{d:e}', 20, 20, "Missing '}' to close the '{' at line 1, column 3"],
    ['f:(a or b', 9, 9, "Missing ')'"],
    ['a)', 1, 2, "Unbalanced ')'"],
    ['(a))', 3, 4, "Unbalanced ')'"],
    ['()', 1, 2, "Expected a query after '('"],
    ['n:{a:b', 6, 6, "Missing '}' to close the '{' at line 1, column 3"],
    ['n:{a:b)', 6, 7, "Missing '}'"],
    ['a } b', 2, 3, "Unbalanced '}'"],
    ['{a}', 0, 1, "Unexpected '{'"],
    ['f:(a) b', 6, 7, "Expected 'and', 'or' or the end of the query"],
  ],
  quotes: [
    ['foo:"ba ', 4, 5, 'Unterminated quoted string'],
    ['"abc', 0, 1, 'Unterminated quoted string'],
    ['f:"a\\"', 2, 3, "escaped by the '\\' before it"],
    ['(a:"b)', 3, 4, 'Unterminated quoted string'],
    ['foo:"ba "r"', 9, 10, "after the quoted string \"ba \", but found 'r'"],
    ['f:"a" "b"', 6, 9, "but found the quoted string \"b\""],
    ['f:a"b"', 3, 6, "but found the quoted string"],
  ],
  'special characters': [
    ['foo:ba:r', 6, 7, "Unexpected ':' in a value"],
    ['a:b:c', 3, 4, "escape it (\\:)"],
    ['a:b c:d', 5, 6, "the value 'b' runs on across words, so 'c' is read as part of it; join field:value terms with 'and' or 'or'"],
    ['a:(b c:d)', 6, 7, "Missing ')' to close the '(' at line 1, column 3: expected 'and', 'or' or ')' but found ':' (the value 'b' runs on"],
    ['f:a (b)', 4, 5, "found '('"],
    ['f:>3', 2, 3, "after ':', but found '>'"],
    ['f:a>3', 3, 4, "Unexpected '>'"],
    ['f<=:3', 3, 4, "Expected a value after '<='"],
    ['f:{a:b} c', 8, 9, "after '}'"],
  ],
  escapes: [
    ['f:a\\', 3, 4, "A '\\' at the end of the query escapes nothing"],
    ['f:a\\ b', 3, 5, "Invalid escape '\\ '"],
    ['f:\\x', 2, 4, "Invalid escape '\\x'"],
    ['f:\\u12', 2, 6, "Invalid escape '\\u12': \\u must be followed by four hexadecimal digits"],
    ['f:\\u12g4', 2, 6, "Invalid escape '\\u12'"],
    ['f:\\T', 2, 4, "Invalid escape '\\T'"],
    ['\\', 0, 1, 'escapes nothing'],
  ],
};

describe('invalid KQL', () => {
  for (const [construct, cases] of Object.entries(TABLES)) {
    describe(construct, () => {
      it.each(cases)('%j', (query, start, end, message) => {
        expect(kibanaAccepts(query)).toBe(false);
        const { ast, diagnostics } = parse(query);
        expect(ast.type).toBe('Query');
        expect(diagnostics.length).toBeGreaterThan(0);
        const d = diagnostics[0];
        expect(d.code).toBe('syntax-error');
        expect(d.severity).toBe('error');
        expect(d.span).toEqual({ start, end });
        expect(d.message).toContain(message);
      });
    });
  }
});

describe('allowLeadingWildcards: false', () => {
  it.each([
    ['f:*a', 2, 3],
    ['*a', 0, 1],
    ['f:(b or *a)', 8, 9],
    ['f:\u2003*a', 2, 3],
  ])('%j is rejected', (query, start, end) => {
    const { diagnostics } = parse(query, { allowLeadingWildcards: false });
    expect(diagnostics.map((d) => d.span)).toEqual([{ start, end }]);
    expect(diagnostics[0].message).toContain('Leading wildcards are disabled');
  });
  it.each(['f:*', 'f:a*', '*:a', 'f < *a', 'f:"*a"', 'f:\\*a'])('%j is accepted', (query) => {
    expect(parse(query, { allowLeadingWildcards: false }).diagnostics).toEqual([]);
    expect(parse(query).diagnostics).toEqual([]);
  });
});
