/**
 * LSP semantic tokens (full, range, full/delta) from the language service's tokens: the legend, the
 * relative encoding (one token per line: a token spanning lines is split at line ends), and deltas
 * against the last result sent for a document. A result id names one version of one document; a delta
 * is only computed against the data that id was sent with, so a client never patches stale data.
 */
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type LanguageService, type SemanticToken } from '@esql-lint/language-service';
import type { Connection, SemanticTokens, SemanticTokensDelta, SemanticTokensEdit, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

// The legend and the capability are in capabilities.ts (answered at `initialize`, before this module loads).
export { SEMANTIC_TOKENS_LEGEND, semanticTokensCapabilities } from './capabilities.js';

const TYPE_INDEX = new Map<string, number>(SEMANTIC_TOKEN_TYPES.map((t, i) => [t, i]));
const MODIFIER_BIT = new Map<string, number>(SEMANTIC_TOKEN_MODIFIERS.map((m, i) => [m, 1 << i]));

/** The LSP encoding of tokens (file offsets, in text order) for one version of a document. */
export function encodeSemanticTokens(doc: TextDocument, tokens: SemanticToken[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const push = (line: number, char: number, length: number, type: number, modifiers: number) => {
    if (length <= 0) return;
    data.push(line - prevLine, line === prevLine ? char - prevChar : char, length, type, modifiers);
    prevLine = line;
    prevChar = char;
  };
  const text = doc.getText();
  for (const t of tokens) {
    const type = TYPE_INDEX.get(t.type);
    if (type === undefined) continue;
    let modifiers = 0;
    for (const m of t.modifiers) modifiers |= MODIFIER_BIT.get(m) ?? 0;
    const start = doc.positionAt(t.span.start);
    const end = doc.positionAt(t.span.end);
    if (start.line === end.line) {
      push(start.line, start.character, end.character - start.character, type, modifiers);
      continue;
    }
    // Clients without multi-line token support (VS Code, Neovim): one token per line, line ends excluded.
    for (let line = start.line; line <= end.line; line++) {
      const lineStart = line === start.line ? t.span.start : doc.offsetAt({ line, character: 0 });
      let lineEnd = line === end.line ? t.span.end : doc.offsetAt({ line: line + 1, character: 0 });
      while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
      const char = line === start.line ? start.character : 0;
      push(line, char, lineEnd - lineStart, type, modifiers);
    }
  }
  return data;
}

/** The edit that turns `before` into `after`: the differing middle, after the common prefix and suffix. */
export function semanticTokensEdits(before: number[], after: number[]): SemanticTokensEdit[] {
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  if (prefix === before.length && prefix === after.length) return [];
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  // Whole tokens only (5 numbers each), as clients apply edits to the flat array.
  prefix -= prefix % 5;
  suffix -= suffix % 5;
  return [{ start: prefix, deleteCount: before.length - prefix - suffix, data: after.slice(prefix, after.length - suffix) }];
}

export interface SemanticTokensContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  pathOf(doc: TextDocument): string;
  guard<P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R): (...args: P) => R;
}

/** Registers the semantic token handlers; returns a function that asks clients to refresh (configuration changed). */
export function registerSemanticTokens({ connection, documents, service, pathOf, guard }: SemanticTokensContext): () => void {
  /** The last full result per document: its id (document version + a counter) and data. */
  const last = new Map<string, { resultId: string; data: number[] }>();
  let counter = 0;

  const compute = (doc: TextDocument): SemanticTokens => {
    const data = encodeSemanticTokens(doc, service.semanticTokens(pathOf(doc), doc.getText()));
    const resultId = `${doc.version}.${++counter}`;
    last.set(doc.uri, { resultId, data });
    return { resultId, data };
  };

  connection.languages.semanticTokens.on(guard('semanticTokens/full', { data: [] }, (params): SemanticTokens => {
    const doc = documents.get(params.textDocument.uri);
    return doc ? compute(doc) : { data: [] };
  }));

  connection.languages.semanticTokens.onDelta(guard('semanticTokens/full/delta', { data: [] }, (params): SemanticTokens | SemanticTokensDelta => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    const previous = last.get(doc.uri);
    const current = compute(doc);
    // Only against the very data the client holds; otherwise the full tokens.
    if (!previous || previous.resultId !== params.previousResultId) return current;
    return { resultId: current.resultId, edits: semanticTokensEdits(previous.data, current.data) };
  }));

  connection.languages.semanticTokens.onRange(guard('semanticTokens/range', { data: [] }, (params): SemanticTokens => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
    return { data: encodeSemanticTokens(doc, service.semanticTokens(pathOf(doc), doc.getText(), range)) };
  }));

  documents.onDidClose((e) => last.delete(e.document.uri));

  // A client without `workspace.semanticTokens.refreshSupport` answers with an error: nothing to do then.
  return () => {
    const sent = connection.languages.semanticTokens.refresh() as unknown;
    if (sent instanceof Promise) sent.catch(() => undefined);
  };
}
