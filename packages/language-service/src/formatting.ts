import type { Span } from '@esql-lint/core';
import { ConfigError, formatDocument, formatOptionsForFile, type FormatOptions } from '@esql-lint/linter';
import type { TextEdit } from './navigation-types.js';

export interface FormattingResult {
  edits: TextEdit[];
  /** Queries left as they are, and why (syntax errors...). */
  skipped: Array<{ span: Span; reason: string }>;
}

/**
 * Format Document / Format Selection: edits of the queries only (whitespace and keyword case), escaped for
 * the TOML string they are in; with `range`, the edits inside it. Settings from the file's
 * `.esql-lint.json` (`format`), read at each request (formatting is rare, settings may have changed).
 */
export function formatting(path: string, text: string, noConfig: boolean, range?: Span): FormattingResult {
  let options: FormatOptions = {};
  if (!noConfig) {
    try {
      options = formatOptionsForFile(path);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
    }
  }
  const result = formatDocument(text, path, options, range);
  return { edits: result.edits, skipped: result.skipped };
}
