export { createLanguageService } from './service.js';
export type {
  CodeAction, CompletionItem, CompletionKind, CompletionList, DiagnosticsResult, Hover, LanguageService, LanguageServiceOptions,
  SignatureHelp, SignatureInfo,
} from './types.js';
export type { DocumentHighlight, DocumentSymbol, FoldingRange, FormattingFeatures, NavigationFeatures, SymbolKind, TextEdit } from './navigation-types.js';
export type { SemanticToken } from './semantic-tokens.js';
export { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type SemanticTokenModifier, type SemanticTokenType } from './semantic-token-legend.js';
