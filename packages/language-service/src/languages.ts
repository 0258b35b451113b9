import type { FieldReference } from '@esql-lint/core';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';

/** What the editor features need of each query language's AST. */
export interface LanguageFacts {
  fieldReferences(ast: unknown): FieldReference[];
}

const FACTS: Record<string, LanguageFacts> = {
  kuery: { fieldReferences: (ast) => kql.fieldReferences(ast as kql.Query) },
  eql: { fieldReferences: (ast) => eql.fieldReferences(ast as eql.Node) },
  esql: { fieldReferences: (ast) => esql.fieldReferences(ast as esql.Query) },
};

export function languageFacts(language: string): LanguageFacts | undefined {
  return FACTS[language];
}
