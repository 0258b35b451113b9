export { createLanguageService } from './service.js';
export type {
  CodeAction, CompletionItem, CompletionKind, CompletionList, DiagnosticsResult, Hover, LanguageService, LanguageServiceOptions,
} from './types.js';
