import type { Span } from '@esql-lint/core';

/** A replacement in file offsets. */
export interface TextEdit {
  span: Span;
  newText: string;
}

export type SymbolKind = 'rule' | 'table' | 'key' | 'query' | 'command' | 'step';

/** One entry of a document's outline (file offsets). */
export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole entry (a table with its keys, a key with its value, a command). */
  span: Span;
  /** The part to highlight: the header, the key, the command word. */
  selectionSpan: Span;
  children: DocumentSymbol[];
}

/** A range that can be folded (file offsets; the client folds whole lines). */
export interface FoldingRange {
  span: Span;
}

/** One occurrence of the name under the cursor: where a column is created (`write`) or read. */
export interface DocumentHighlight {
  span: Span;
  kind: 'read' | 'write';
}

/** Go to definition, references, rename, outline, folding and expand selection, over plain data. */
export interface NavigationFeatures {
  /** Where the column under the cursor is created; empty for schema fields. */
  definition(path: string, text: string, offset: number): Span[];
  /** Every occurrence of the column or field under the cursor. */
  references(path: string, text: string, offset: number, includeDeclaration?: boolean): Span[];
  /** The occurrences of the name under the cursor, marked as where it is created or read. */
  documentHighlights(path: string, text: string, offset: number): DocumentHighlight[];
  /** The name that a rename at the offset would change, or why it cannot be renamed; undefined: nothing to rename. */
  prepareRename(path: string, text: string, offset: number): { span: Span; placeholder: string } | { error: string } | undefined;
  rename(path: string, text: string, offset: number, newName: string): { edits: TextEdit[] } | { error: string };
  documentSymbols(path: string, text: string): DocumentSymbol[];
  foldingRanges(path: string, text: string): FoldingRange[];
  /** For each offset, the spans around it, innermost first. */
  selectionRanges(path: string, text: string, offsets: number[]): Span[][];
}

/** Format Document and Format Selection over plain data. */
export interface FormattingFeatures {
  /** Edits that format the queries of the document (those inside `range` when given). */
  formatting(path: string, text: string, range?: Span): { edits: TextEdit[]; skipped: Array<{ span: Span; reason: string }> };
}
