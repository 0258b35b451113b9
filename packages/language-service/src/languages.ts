import type { ExpectedItem, FieldReference } from '@esql-lint/core';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';

/** What the editor features need of each query language. */
export interface LanguageFacts {
  expectedAt(text: string, offset: number): ExpectedItem[];
  fieldReferences(ast: unknown): FieldReference[];
  /** Whether the expected items say a field (column) name may come. */
  fieldExpected(items: ExpectedItem[]): boolean;
  /** Whether the expected items say a function call may come. */
  functionExpected(items: ExpectedItem[]): boolean;
}

const has = (items: ExpectedItem[], kind: ExpectedItem['kind'], label: string) => items.some((i) => i.kind === kind && i.label === label);

const FACTS: Record<string, LanguageFacts> = {
  kuery: {
    expectedAt: kql.expectedAt,
    fieldReferences: (ast) => kql.fieldReferences(ast as kql.Query),
    fieldExpected: (items) => has(items, 'token', 'field'),
    functionExpected: () => false,
  },
  eql: {
    expectedAt: eql.expectedAt,
    fieldReferences: (ast) => eql.fieldReferences(ast as eql.Node),
    // An `identifier` is an event category at the start of a query, a field in an expression.
    fieldExpected: (items) => has(items, 'token', 'backquoted field'),
    functionExpected: (items) => has(items, 'token', 'backquoted field'),
  },
  esql: {
    expectedAt: esql.expectedAt,
    fieldReferences: (ast) => esql.fieldReferences(ast as esql.Query),
    fieldExpected: (items) => items.some((i) => i.kind === 'token' && /^(field name|field name or pattern|`quoted name`)$/.test(i.label)),
    functionExpected: (items) => has(items, 'keyword', 'NULL'),
  },
};

export function languageFacts(language: string): LanguageFacts | undefined {
  return FACTS[language];
}
