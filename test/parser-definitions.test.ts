import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as eqlLexer from '../packages/parser-eql/src/lexer.js';
import * as eqlParser from '../packages/parser-eql/src/parser.js';
import { scan as eqlScan } from '../packages/parser-eql/src/scan.js';
import * as kqlLexer from '../packages/parser-kql/src/lexer.js';
import * as kqlParser from '../packages/parser-kql/src/parser.js';
import { scan as kqlScan } from '../packages/parser-kql/src/scan.js';
import { corpusQueries } from './support/corpus.js';

// The EQL and KQL parsers and lexers in use skip Chevrotain's definition checks and decide with core's
// fastLookahead (start-up and speed): the checks run here, and the decisions are compared with those of
// Chevrotain's own LL(k) functions on the corpus, its prefixes and edits.
function inputs(seeds: string[]): string[] {
  let s = 11;
  const rnd = (k: number) => ((s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff), s % k);
  const out: string[] = [];
  for (const q of seeds) {
    out.push(q, q.slice(0, rnd(q.length + 1)));
    const at = rnd(q.length + 1);
    out.push(q.slice(0, at) + q.slice(rnd(q.length), rnd(q.length)) + q.slice(at));
  }
  return out;
}

describe.each([
  ['EQL', eqlParser.createValidatedParser, eqlParser.getParser, eqlLexer.createLexer, eqlScan, 'statement', 'eql'],
  ['KQL', kqlParser.createValidatedParser, kqlParser.getParser, kqlLexer.createLexer, kqlScan, 'query', 'kuery'],
] as const)('%s grammar and token definitions', (_name, createValidatedParser, getParser, createLexer, scan, rule, language) => {
  it("pass Chevrotain's grammar validations (no ambiguity, no left recursion, no unreachable alternative)", () => {
    expect(createValidatedParser().definitionErrors).toEqual([]);
  });

  it("pass Chevrotain's lexer validations", () => {
    expect(createLexer(true).lexerDefinitionErrors).toEqual([]);
  });

  it("fastLookahead takes Chevrotain's decisions: same trees and errors on the corpus, prefixes and edits", () => {
    const reference = createValidatedParser() as any;
    const fast = getParser() as any;
    const failures: string[] = [];
    for (const text of inputs(corpusQueries(language).map((q) => q.query))) {
      const tokens = scan(text).tokens;
      for (const t of tokens) (t as any).endOffset = t.startOffset + t.image.length - 1;
      reference.input = tokens;
      const a = reference[rule]();
      const aErrors = reference.errors.map((e: any) => [e.name, e.token.startOffset, e.message]);
      fast.input = tokens;
      const b = fast[rule]();
      const bErrors = fast.errors.map((e: any) => [e.name, e.token.startOffset]);
      if (!isDeepStrictEqual(a, b) || !isDeepStrictEqual(aErrors.map((e: unknown[]) => e.slice(0, 2)), bErrors)) failures.push(JSON.stringify(text.slice(0, 200)));
      if (failures.length > 5) break;
    }
    expect(failures).toEqual([]);
  });
});
