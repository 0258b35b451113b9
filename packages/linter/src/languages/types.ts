import type { Diagnostic, ParseResult, Position, Span } from '@esql-lint/core';
import type { ResolvedSchema } from '@esql-lint/schema';
import type { QuerySchemaInput } from '../schema-context.js';
import type { LintOptions } from '../linter.js';
import type { RuleDocument } from '@esql-lint/rule-document';

/** How the linter handles one query language. */
export interface QueryChecks<Ast> {
  /** `positionOf` places a query offset in the file, for messages that cite a position. */
  parse(text: string, options: LintOptions, positionOf?: (offset: number) => Position): ParseResult<Ast>;
  /** What of the query selects schemas: compared datasets and modules, ES|QL's own index patterns. */
  schemaInput(ast: Ast): QuerySchemaInput;
  /** Where the query compares a dataset value, for placing `schema-unavailable`. */
  datasetSpan(ast: Ast, value: string): Span | undefined;
  /** Schema-dependent checks; spans in query offsets. */
  check(ast: Ast, schema: ResolvedSchema, report: (d: Diagnostic) => void, context: CheckContext): void;
}

/** What a language's checks know of the query beyond its tree. */
export interface CheckContext {
  document: RuleDocument;
  /** The query text (the tree keeps spans, not text). */
  text: string;
  options: LintOptions;
  /** Reports a diagnostic whose span is in FILE offsets (metadata values). */
  reportFile(d: Diagnostic): void;
  hasSyntaxErrors: boolean;
  /** Where the parser reported syntax errors (query offsets). */
  syntaxErrors: readonly Span[];
}
