/**
 * Formatter properties over every query of the detection-rules corpus: the formatted query parses to the
 * same AST (spans aside), formatting it again changes nothing, every token and comment is kept in order,
 * and the formatted rule file lints with the same diagnostics. `npm test` checks a sample of the queries
 * and files (one ES|QL query in two, they are the fewest and the most varied); `npm run test:format-corpus`
 * checks every query and lints every file.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDocument, formatQuery, LinterPool, type FormatOptions } from '@esql-lint/linter';
import * as esql from '@esql-lint/parser-esql';
import * as eql from '@esql-lint/parser-eql';
import * as kql from '@esql-lint/parser-kql';
import { lex as lexEsql } from '../packages/parser-esql/src/lexer.js';
import { lex as lexEql } from '../packages/parser-eql/src/parse.js';
import { corpusQueries, HAS_CORPUS, NO_CORPUS_MESSAGE } from './support/corpus.js';

const ALL = process.env.ESQL_LINT_FORMAT_CORPUS === 'all';
/** Files linted before and after formatting: every one with ESQL_LINT_FORMAT_CORPUS=all, else one in LINT_SAMPLE. */
const LINT_SAMPLE = 12;
/** Queries checked for the parse properties in `npm test`: one in QUERY_SAMPLE (every one with ESQL_LINT_FORMAT_CORPUS=all). */
const QUERY_SAMPLE = 10;
const TIMEOUT = ALL ? 1_800_000 : 120_000;

const PARSERS: Record<string, (t: string) => { ast: unknown; diagnostics: Array<{ code: string }> }> = {
  esql: (t) => esql.parse(t, { snapshot: true }),
  eql: (t) => eql.parse(t),
  kuery: (t) => kql.parse(t),
};

const TOKENS: Record<string, (t: string) => Array<{ startOffset: number; image: string }>> = {
  esql: (t) => lexEsql(t).tokens,
  eql: (t) => lexEql(t).tokens,
  kuery: (t) => kql.lex(t),
};

/** The AST without positions. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!/span$/i.test(k)) out[k] = shape(v);
  return out;
}

/** Token texts (keywords compared without case) and what sits between them besides blanks (comments). */
function tokensAndComments(language: string, text: string): { tokens: string[]; comments: string[] } {
  const tokens = TOKENS[language](text);
  const comments: string[] = [];
  let at = 0;
  for (const t of tokens) {
    comments.push(text.slice(at, t.startOffset).trim().replace(/\s+/g, ' '));
    at = t.startOffset + t.image.length;
  }
  comments.push(text.slice(at).trim().replace(/\s+/g, ' '));
  return { tokens: tokens.map((t) => t.image.toLowerCase()), comments };
}

const OPTIONS: Array<[string, FormatOptions]> = [
  ['defaults', {}],
  ['upper-case keywords, 60 columns', { keywordCase: 'upper', lineWidth: 60 }],
  ['lower-case keywords, 40 columns', { keywordCase: 'lower', lineWidth: 40 }],
];

describe.skipIf(!HAS_CORPUS)('formatter properties over the corpus', () => {
  const queries = corpusQueries().filter((q) => q.language in PARSERS && !q.deprecated);
  const sample = queries.filter((q, i) => ALL || i % (q.language === 'esql' ? 2 : QUERY_SAMPLE) === 0);

  it.each(OPTIONS)('same AST, idempotent, tokens and comments kept (%s)', (_, options) => {
    const failures: string[] = [];
    let changed = 0;
    for (const q of sample) {
      const before = PARSERS[q.language](q.query);
      const result = formatQuery(q.language, q.query, options)!;
      if (result.text !== q.query) changed++;
      const after = PARSERS[q.language](result.text);
      const again = formatQuery(q.language, result.text, options)!;
      const problems = [
        JSON.stringify(shape(after.ast)) !== JSON.stringify(shape(before.ast)) && 'a different AST',
        after.diagnostics.length !== before.diagnostics.length && 'different parse diagnostics',
        again.text !== result.text && 'not idempotent',
        JSON.stringify(tokensAndComments(q.language, result.text)) !== JSON.stringify(tokensAndComments(q.language, q.query)) && 'tokens or comments changed',
      ].filter(Boolean);
      if (problems.length) failures.push(`${q.file}: ${problems.join(', ')}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(changed).toBeGreaterThan(sample.length / 10);
  }, TIMEOUT);

  it('the formatted rule files lint with the same diagnostics', () => {
    const pool = new LinterPool();
    const failures: string[] = [];
    const files = [...new Set(queries.map((q) => q.file))].filter((_, i) => ALL || i % LINT_SAMPLE === 0);
    const summary = (file: string, text: string) =>
      pool.forFile(file).lintText(text, file).diagnostics.map((d) => `${d.code} ${d.severity} ${d.message.replace(/\s+/g, ' ')}`).sort();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const formatted = formatDocument(text, file);
      if (formatted.text === text) continue;
      // Only the queries changed: the text outside the edits is the same.
      if (JSON.stringify(summary(file, formatted.text)) !== JSON.stringify(summary(file, text))) failures.push(file);
    }
    expect(failures).toEqual([]);
  }, TIMEOUT);
});
if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);
