import type { Span } from '@esql-lint/core';
import type { LanguageService, DocumentSymbol as ServiceSymbol, SymbolKind as ServiceSymbolKind } from '@esql-lint/language-service';
import {
  ResponseError, ErrorCodes, SymbolKind, FoldingRangeKind, DocumentHighlightKind,
  type Connection, type DocumentHighlight, type DocumentSymbol, type Position, type FoldingRange, type Location, type Range, type SelectionRange,
  type ServerCapabilities, type TextDocuments, type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

export const navigationCapabilities: ServerCapabilities = {
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: { label: 'esql-lint' },
  foldingRangeProvider: true,
  selectionRangeProvider: true,
};

const SYMBOL_KIND: Record<ServiceSymbolKind, SymbolKind> = {
  rule: SymbolKind.File,
  table: SymbolKind.Namespace,
  key: SymbolKind.Property,
  query: SymbolKind.String,
  command: SymbolKind.Function,
  step: SymbolKind.Event,
};

/** Offsets <-> LSP positions for one version of a document. */
export interface PositionConverter {
  offset(position: Position): number;
  range(span: Span): Range;
}

export interface NavigationContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  positionsOf(doc: TextDocument): PositionConverter;
  pathOf(doc: TextDocument): string;
  guard<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R): (...args: P) => R;
}

/** Definition, references, highlights, rename, outline, folding and expand selection. */
export function registerNavigation({ connection, documents, service, positionsOf, pathOf, guard }: NavigationContext): void {
  const open = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? { doc, positions: positionsOf(doc), path: pathOf(doc), text: doc.getText() } : undefined;
  };

  connection.onDefinition(guard('definition', null, (params): Location[] | null => {
    const d = open(params.textDocument.uri);
    if (!d) return null;
    return service.definition(d.path, d.text, d.positions.offset(params.position)).map((s) => ({ uri: d.doc.uri, range: d.positions.range(s) }));
  }));

  connection.onReferences(guard('references', null, (params): Location[] | null => {
    const d = open(params.textDocument.uri);
    if (!d) return null;
    const spans = service.references(d.path, d.text, d.positions.offset(params.position), params.context.includeDeclaration);
    return spans.map((s) => ({ uri: d.doc.uri, range: d.positions.range(s) }));
  }));

  connection.onDocumentHighlight(guard('documentHighlight', null, (params): DocumentHighlight[] | null => {
    const d = open(params.textDocument.uri);
    if (!d) return null;
    return service.documentHighlights(d.path, d.text, d.positions.offset(params.position)).map((h) => ({
      range: d.positions.range(h.span),
      kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
    }));
  }));

  connection.onPrepareRename(guard('prepareRename', null, (params): { range: Range; placeholder: string } | ResponseError | null => {
    const d = open(params.textDocument.uri);
    if (!d) return null;
    const p = service.prepareRename(d.path, d.text, d.positions.offset(params.position));
    if (!p) return null;
    // The client shows the message of a failed prepareRename.
    if ('error' in p) return new ResponseError(ErrorCodes.InvalidRequest, p.error);
    return { range: d.positions.range(p.span), placeholder: p.placeholder };
  }));

  connection.onRenameRequest(guard('rename', null, (params): WorkspaceEdit | ResponseError | null => {
    const d = open(params.textDocument.uri);
    if (!d) return null;
    const r = service.rename(d.path, d.text, d.positions.offset(params.position), params.newName);
    if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
    return { changes: { [d.doc.uri]: r.edits.map((e) => ({ range: d.positions.range(e.span), newText: e.newText })) } };
  }));

  connection.onDocumentSymbol(guard('documentSymbol', [], (params): DocumentSymbol[] => {
    const d = open(params.textDocument.uri);
    if (!d) return [];
    const convert = (s: ServiceSymbol): DocumentSymbol => ({
      name: s.name || ' ',
      ...(s.detail ? { detail: s.detail } : {}),
      kind: SYMBOL_KIND[s.kind],
      range: d.positions.range(s.span),
      selectionRange: d.positions.range(s.selectionSpan),
      children: s.children.map(convert),
    });
    return service.documentSymbols(d.path, d.text).map(convert);
  }));

  connection.onFoldingRanges(guard('foldingRange', [], (params): FoldingRange[] => {
    const d = open(params.textDocument.uri);
    if (!d) return [];
    const seen = new Set<string>();
    const out: FoldingRange[] = [];
    for (const f of service.foldingRanges(d.path, d.text)) {
      const r = d.positions.range(f.span);
      // A range ending at the start of a line folds up to the line before.
      const endLine = r.end.character === 0 && r.end.line > r.start.line ? r.end.line - 1 : r.end.line;
      const key = `${r.start.line}:${endLine}`;
      if (endLine <= r.start.line || seen.has(key)) continue;
      seen.add(key);
      out.push({ startLine: r.start.line, endLine, kind: FoldingRangeKind.Region });
    }
    return out;
  }));

  connection.onSelectionRanges(guard('selectionRange', [], (params): SelectionRange[] => {
    const d = open(params.textDocument.uri);
    if (!d) return [];
    const all = service.selectionRanges(d.path, d.text, params.positions.map((p) => d.positions.offset(p)));
    return all.map((spans) => {
      let parent: SelectionRange | undefined;
      for (const s of [...spans].reverse()) parent = { range: d.positions.range(s), ...(parent ? { parent } : {}) };
      return parent ?? { range: { start: params.positions[0], end: params.positions[0] } };
    });
  }));
}
