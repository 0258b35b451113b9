export { createLanguageService } from './service.js';
export type {
  CodeAction, CompletionItem, CompletionKind, CompletionList, DiagnosticsResult, Hover, LanguageService, LanguageServiceOptions,
} from './types.js';
export type { DocumentSymbol, FoldingRange, NavigationFeatures, SymbolKind, TextEdit } from './navigation-types.js';
