import { describe, expect, it } from 'vitest';
import * as eqlLexer from '../packages/parser-eql/src/lexer.js';
import * as eqlParser from '../packages/parser-eql/src/parser.js';
import * as kqlLexer from '../packages/parser-kql/src/lexer.js';
import * as kqlParser from '../packages/parser-kql/src/parser.js';

// The EQL and KQL parsers and lexers in use skip Chevrotain's definition checks (start-up time): they run here.
describe.each([
  ['EQL', eqlParser.createValidatedParser, eqlLexer.createLexer],
  ['KQL', kqlParser.createValidatedParser, kqlLexer.createLexer],
])('%s grammar and token definitions', (_name, createValidatedParser, createLexer) => {
  it("pass Chevrotain's grammar validations (no ambiguity, no left recursion, no unreachable alternative)", () => {
    expect(createValidatedParser().definitionErrors).toEqual([]);
  });

  it("pass Chevrotain's lexer validations", () => {
    expect(createLexer(true).lexerDefinitionErrors).toEqual([]);
  });
});
