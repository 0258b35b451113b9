import type { Span } from './span.js';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  /** Range to replace, in the same coordinates as the diagnostic's span. */
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /**
   * The fix cannot change what the author meant (a spelling of the same thing, a required addition):
   * `esql-lint --fix` applies it. Other fixes (did-you-mean guesses) are offered to editors only.
   */
  safe?: boolean;
}

/**
 * One finding. Parsers and checks produce spans in the coordinates of the text they were given (a
 * query); the rule-document layer maps them into the file.
 */
export interface Diagnostic {
  /** Permanent kebab-case identifier, documented in docs/rules/<code>.md. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes?: Fix[];
}

export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  span: Span,
  fixes?: Fix[],
): Diagnostic {
  return fixes && fixes.length ? { code, severity, message, span, fixes } : { code, severity, message, span };
}

/** The result of every parser: a tree (possibly partial) and what went wrong. Parsers never throw on input. */
export interface ParseResult<Ast> {
  ast: Ast;
  diagnostics: Diagnostic[];
}

/** A field (or column) that a query names, at its span in the query text. Shared by all three languages. */
export interface FieldReference {
  name: string;
  span: Span;
  /** EQL `?field`: a field that may be absent. */
  optional?: boolean;
  /** The name contains `*` (KQL field patterns, ES|QL KEEP/DROP patterns). */
  wildcard?: boolean;
}

/** What may come next at an offset, for completion. */
export interface ExpectedItem {
  /** 'keyword' for a word such as `where`, 'token' for a punctuation or a class of token (`string`, `number`, `field`). */
  kind: 'keyword' | 'token';
  label: string;
}
