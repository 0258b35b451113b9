/**
 * What the server answers `initialize` with. A module of its own, light (LSP types and the features'
 * capability constants, none of the linter): the bundled entry (main.ts) answers `initialize` with it
 * while the rest of the server loads (issue 19, start-up).
 */
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '@esql-lint/language-service/legend';
import { CodeActionKind, TextDocumentSyncKind, type InitializeResult, type SemanticTokensLegend, type ServerCapabilities } from 'vscode-languageserver';
import { formattingCapabilities } from './formatting.js';
import { navigationCapabilities } from './navigation.js';

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

export const semanticTokensCapabilities: ServerCapabilities = {
  semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: true },
};

/** Where completion opens by itself: a dotted name, a new word after a blank or a pipe, an argument. */
export const COMPLETION_TRIGGERS = ['.', ' ', '|', '(', ',', ':', '[', '{'];

export const initializeResult: InitializeResult = {
  capabilities: {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
    signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [' ', ')'] },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    ...navigationCapabilities,
    ...semanticTokensCapabilities,
    ...formattingCapabilities,
  },
  serverInfo: { name: 'esql-lint' },
};
