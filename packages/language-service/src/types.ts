import type { Span } from '@esql-lint/core';
import type { FileResult, LintFilesOptions } from '@esql-lint/linter';
import type { SemanticToken } from './semantic-tokens.js';
import type { NavigationFeatures } from './navigation-types.js';

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
  /** At most this many completion items (default 1000). */
  maxCompletions?: number;
}

/** Editor features over plain data: file paths, texts and UTF-16 offsets in, offsets out. */
export interface LanguageService extends NavigationFeatures {
  diagnostics(path: string, text: string): DiagnosticsResult;
  completions(path: string, text: string, offset: number): CompletionList;
  hover(path: string, text: string, offset: number): Hover | undefined;
  codeActions(path: string, text: string, span: Span): CodeAction[];
  /** The semantic tokens of the document's queries (file offsets, text order); those meeting `range` when given. */
  semanticTokens(path: string, text: string, range?: Span): SemanticToken[];
  /** Drops the cached state of a document (closed in the editor). */
  close(path: string): void;
  /** Configuration files changed: read them again. */
  reloadConfiguration(): void;
}
