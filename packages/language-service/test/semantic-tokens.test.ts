import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, HAS_CORPUS, NO_CORPUS_MESSAGE } from '../../../test/support/corpus.js';
import { createLanguageService } from '../src/index.js';
import { corpusExpectations, locate, markedFixtures, tokenName } from './semantic-fixtures.js';
import { esqlRule, kqlRule } from './support.js';

// A root config: the tests do not depend on configuration files above the temporary directory.
const dir = mkdtempSync(join(tmpdir(), 'esql-lint-tokens-'));
writeFileSync(join(dir, '.esql-lint.json'), '{"root": true}');

const named = (text: string, tokens: Array<{ span: { start: number; end: number }; type: string; modifiers: string[] }>) =>
  tokens.map((t) => ({ text: text.slice(t.span.start, t.span.end), token: tokenName(t.type, t.modifiers), start: t.span.start, end: t.span.end }));

describe('semantic tokens: the marked fixtures', () => {
  it.each(markedFixtures().map((f) => [f.name, f] as const))('%s: exactly the marked tokens, each on exactly its characters', (name, fixture) => {
    const service = createLanguageService();
    const actual = named(fixture.text, service.semanticTokens(join(dir, name.replace('.marked', '')), fixture.text));
    expect(actual).toEqual(fixture.tokens.map(({ text, token, start, end }) => ({ text, token, start, end })));
  });

  it('the EQL fixture maps through TOML escapes: a query string token covers its escaped quotes', () => {
    const f = markedFixtures().find((x) => x.name.startsWith('eql-basic-string'))!;
    const strings = f.tokens.filter((t) => t.token === 'string').map((t) => t.text);
    expect(strings[0]).toBe('\\"cmd.exe\\"');
    expect(strings[1]).toBe('\\"C:\\\\\\\\Windows\\\\\\\\*\\"');
  });
});

describe.skipIf(!HAS_CORPUS)('semantic tokens of corpus rules', () => {
  it.each(corpusExpectations().map((c) => [c.file, c] as const))('%s', (file, { expectations }) => {
    const path = join(CORPUS_DIR, file);
    const text = readFileSync(path, 'utf8');
    const tokens = named(text, createLanguageService().semanticTokens(path, text));
    for (const e of expectations) {
      const at = locate(text, e);
      const token = tokens.find((t) => t.start === at.start);
      expect(token, `line ${e.line}: ${e.text}`).toEqual({ text: e.text, token: e.token, ...at });
    }
    // In text order, never overlapping, never empty.
    for (let i = 1; i < tokens.length; i++) expect(tokens[i].start).toBeGreaterThanOrEqual(tokens[i - 1].end);
    expect(tokens.every((t) => t.end > t.start)).toBe(true);
  });
});
if (!HAS_CORPUS) it.skip(NO_CORPUS_MESSAGE, () => {});

describe('semantic tokens: ranges, documents and broken input', () => {
  const service = createLanguageService();

  it('only the tokens meeting a range', () => {
    const text = esqlRule('from logs-* metadata _id\n| where host.name == "a"\n| keep _id');
    const where = text.indexOf('| where');
    const range = { start: where, end: text.indexOf('\n', where) };
    const tokens = named(text, service.semanticTokens(join(dir, 'r.toml'), text, range));
    expect(tokens.map((t) => t.text)).toEqual(['|', 'where', 'host.name', '==', '"a"']);
  });

  it('nothing outside the queries: the TOML is the grammar\'s', () => {
    const text = kqlRule('host.name : "a"');
    const tokens = service.semanticTokens(join(dir, 'k.toml'), text);
    const query = text.indexOf("'''") + 3;
    expect(tokens.every((t) => t.span.start >= query && t.span.end <= text.lastIndexOf("'''"))).toBe(true);
    expect(tokens.length).toBe(3);
  });

  it('a new version of a document gets its own tokens', () => {
    const path = join(dir, 'v.esql');
    const before = named('from a | limit 1', service.semanticTokens(path, 'from a | limit 1'));
    const after = named('from a | limit 10', service.semanticTokens(path, 'from a | limit 10'));
    expect(before.at(-1)).toMatchObject({ text: '1', token: 'number' });
    expect(after.at(-1)).toMatchObject({ text: '10', token: 'number' });
  });

  it.each([
    ['e.esql', 'from ( | where "unterminated\n| eval x = /* open comment'],
    ['e.eql', 'sequence [ process where ( "a'],
    ['e.kql', 'a : ( b or "c'],
    ['e.toml', '[rule]\nlanguage = "esql"\nquery = """\nfrom a | where b == \\"c\\q\n'],
    ['e.esql', '\u0000\uffff| from (((( [[[ "'],
  ])('broken %s: tokens in order, within the text, no exception', (name, text) => {
    const tokens = service.semanticTokens(join(dir, name), text);
    for (let i = 0; i < tokens.length; i++) {
      expect(tokens[i].span.end).toBeLessThanOrEqual(text.length);
      expect(tokens[i].span.end).toBeGreaterThan(tokens[i].span.start);
      if (i) expect(tokens[i].span.start).toBeGreaterThanOrEqual(tokens[i - 1].span.end);
    }
  });
});
