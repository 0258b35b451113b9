import type { Span } from '@esql-lint/core';
import type { ServerCapabilities, TextEdit } from 'vscode-languageserver';
import type { NavigationContext } from './navigation.js';

export const formattingCapabilities: ServerCapabilities = {
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
};

/** Format Document and Format Selection: edits of the queries only, nothing else of the file. */
export function registerFormatting({ connection, documents, service, positionsOf, pathOf, guard }: NavigationContext): void {
  const edits = (uri: string, range?: Span): TextEdit[] => {
    const doc = documents.get(uri);
    if (!doc) return [];
    const positions = positionsOf(doc);
    const result = service.formatting(pathOf(doc), doc.getText(), range);
    for (const s of result.skipped) connection.console.info(`esql-lint: query at line ${positions.range(s.span).start.line + 1} not formatted: ${s.reason}`);
    return result.edits.map((e) => ({ range: positions.range(e.span), newText: e.newText }));
  };
  connection.onDocumentFormatting(guard('formatting', [], (params): TextEdit[] => edits(params.textDocument.uri)));
  connection.onDocumentRangeFormatting(guard('rangeFormatting', [], (params): TextEdit[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const p = positionsOf(doc);
    const start = p.offset(params.range.start);
    return edits(params.textDocument.uri, { start, end: Math.max(start, p.offset(params.range.end)) });
  }));
}
