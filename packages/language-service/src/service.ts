import type { Span } from '@esql-lint/core';
import { completions } from './completion.js';
import { DocumentCache } from './documents.js';
import { hover } from './hover.js';
import { semanticTokens } from './semantic-tokens.js';
import { formatting } from './formatting.js';
import { navigationFeatures } from './navigation-service.js';
import { signatureHelp } from './signature-help.js';
import { warmUp } from './warm-up.js';
import type { CodeAction, DiagnosticsResult, LanguageService, LanguageServiceOptions } from './types.js';

const overlaps = (a: Span, b: Span) => a.start <= b.end && b.start <= a.end;

/**
 * The editor features of esql-lint over plain data. Holds one linter per configuration (config files
 * looked up per directory, as the CLI does) and the last parsed version of each document.
 */
export function createLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  const { maxCompletions = 200, ruleDocsBase, ...lintOptions } = options;
  let cache = new DocumentCache(lintOptions);
  const warmed = new Map<string, number>();
  return {
    ...navigationFeatures((path, text) => cache.get(path, text)),
    formatting: (path, text, range) => formatting(path, text, lintOptions.noConfig ?? false, range),
    diagnostics(path, text): DiagnosticsResult {
      const state = cache.get(path, text);
      const result = state.lint();
      return state.configError ? { ...result, configError: state.configError } : result;
    },
    completions: (path, text, offset, opts) => completions(cache.get(path, text), offset, maxCompletions, opts?.trigger),
    hover: (path, text, offset) => hover(cache.get(path, text), offset, ruleDocsBase),
    signatureHelp: (path, text, offset) => signatureHelp(cache.get(path, text), offset),
    codeActions(path, text, span): CodeAction[] {
      const out: CodeAction[] = [];
      for (const d of cache.get(path, text).lint().diagnostics) {
        if (!overlaps(d.span, span)) continue;
        for (const fix of d.fixes ?? []) out.push({ title: fix.title, edits: fix.edits, diagnosticCode: d.code, diagnosticSpan: d.span });
      }
      return out;
    },
    semanticTokens: (path, text, range) => semanticTokens(cache.get(path, text), range),
    warmUp: (path, text) => warmUp(cache.get(path, text), maxCompletions, warmed),
    close: (path) => cache.forget(path),
    reloadConfiguration() {
      cache = new DocumentCache(lintOptions);
    },
  };
}
