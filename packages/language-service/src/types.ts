import type { Span } from '@esql-lint/core';
import type { FileResult, LintFilesOptions } from '@esql-lint/linter';
import type { SemanticToken } from './semantic-tokens.js';
import type { FormattingFeatures, NavigationFeatures } from './navigation-types.js';

export type * from './navigation-types.js';

export type CompletionKind = 'field' | 'column' | 'keyword' | 'function' | 'operator' | 'value' | 'key';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** The field's or column's type, a function's first signature. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert instead of the label. */
  insertText?: string;
  /** `insertText` is a snippet (`$1`, `${1:name}` placeholders, LSP snippet syntax). */
  snippet?: boolean;
  /** What the editor filters on, when not the label. */
  filterText?: string;
  /** After inserting: open the completion list again (`suggest`) or signature help (`parameterHints`). */
  retrigger?: 'suggest' | 'parameterHints';
  /** What the item replaces (file offsets): the word being typed, possibly empty. */
  span: Span;
  /** Orders items by kind (fields first where fields may come). */
  sortText?: string;
}

export interface CompletionList {
  items: CompletionItem[];
  /** Some items were left out (too many matches): ask again as the user types. */
  incomplete: boolean;
}

/** One signature of a function, with the ranges of its parameters in its label. */
export interface SignatureInfo {
  label: string;
  /** Markdown. */
  documentation?: string;
  parameters: Array<{ label: [number, number]; documentation?: string }>;
}

export interface SignatureHelp {
  signatures: SignatureInfo[];
  activeSignature: number;
  activeParameter: number;
}

export interface Hover {
  /** Markdown. */
  contents: string;
  /** The range the hover is about (file offsets). */
  span: Span;
}

export interface CodeAction {
  title: string;
  /** Edits in file offsets. */
  edits: Array<{ span: Span; newText: string }>;
  diagnosticCode: string;
  /** The span of the diagnostic the fix belongs to (file offsets). */
  diagnosticSpan: Span;
}

export interface DiagnosticsResult extends FileResult {
  /** The `.esql-lint.json` that applies is broken: the file was checked without configuration. */
  configError?: string;
}

export interface LanguageServiceOptions extends Pick<LintFilesOptions, 'overrides' | 'noConfig' | 'cwd'> {
  /** At most this many field and value items per list (default 200); keywords and functions are never capped. */
  maxCompletions?: number;
  /** URL of the docs/rules pages (`<base><code>.md`), for links in hovers. */
  ruleDocsBase?: string;
}

/** Editor features over plain data: file paths, texts and UTF-16 offsets in, offsets out. */
export interface LanguageService extends NavigationFeatures, FormattingFeatures {
  diagnostics(path: string, text: string): DiagnosticsResult;
  /** `trigger`: the character typed that asked for completion (a blank asks only inside a query). */
  completions(path: string, text: string, offset: number, options?: { trigger?: string }): CompletionList;
  hover(path: string, text: string, offset: number): Hover | undefined;
  signatureHelp(path: string, text: string, offset: number): SignatureHelp | undefined;
  codeActions(path: string, text: string, span: Span): CodeAction[];
  /** The semantic tokens of the document's queries (file offsets, text order); those meeting `range` when given. */
  semanticTokens(path: string, text: string, range?: Span): SemanticToken[];
  /**
   * Does, once per query language, the one-time work of a first completion (field documentation, the
   * parser's expectations) and warms the completions at the end of a query, on this document's queries,
   * one completion per call, results dropped: for an idle moment. Returns the language it warmed, undefined
   * when the document has none left to warm (call again until then).
   */
  warmUp(path: string, text: string): string | undefined;
  /** Drops the cached state of a document (closed in the editor). */
  close(path: string): void;
  /** Configuration files changed: read them again. */
  reloadConfiguration(): void;
}
