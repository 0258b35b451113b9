import { dirname, resolve } from '@esql-lint/core/platform';
import type { FormatEdit, FormatOptions, FormatResult, Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import * as kql from '@esql-lint/parser-kql';
import { encodeForLiteral, parseRuleDocument, type EmbeddedQuery } from '@esql-lint/rule-document';
import { ConfigResolver } from './config.js';

export type { FormatOptions, KeywordCase } from '@esql-lint/core';

// Each parser's formatter read at the call, not here: the bundles evaluate a parser on first use (issue 19).
const FORMATTERS: Record<string, (text: string, options: FormatOptions) => FormatResult> = {
  esql: (text, options) => esql.format(text, options),
  eql: (text, options) => eql.format(text, options),
  kuery: (text, options) => kql.format(text, options),
};

/** Formats one query of the given language (`esql`, `eql`, `kuery`); undefined for other languages. */
export function formatQuery(language: string, text: string, options: FormatOptions = {}): FormatResult | undefined {
  return FORMATTERS[language]?.(text, options);
}

export interface FormatFileResult {
  /** The formatted file. */
  text: string;
  /** The edits in file offsets (whitespace and keyword case inside the queries only), in order. */
  edits: FormatEdit[];
  /** Queries left alone, and why (syntax errors, a string that cannot hold line breaks...). */
  skipped: Array<{ span: Span; reason: string }>;
}

/** The query's edits in file offsets, escaped for its string, with the file's line ending; undefined if the string cannot hold them. */
function queryEdits(fileText: string, raw: boolean, q: EmbeddedQuery, result: FormatResult): FormatEdit[] | undefined {
  const eol = fileText.includes('\r\n') ? '\r\n' : '\n';
  const out: FormatEdit[] = [];
  for (const e of result.edits) {
    // JSON hosts (NDJSON exports) bring their own string encoding.
    const encoded = raw ? e.newText : q.encode ? q.encode(e.newText) : encodeForLiteral(fileText, q.literalSpan.start, e.newText);
    if (encoded === undefined) return undefined;
    const newText = encoded.replace(/\r?\n/g, eol);
    const span = q.map.spanToHost(e.span);
    if (fileText.slice(span.start, span.end) !== newText) out.push({ span, newText });
  }
  return out;
}

/**
 * Formats the queries of a rule file (`query`, `threat_query`, each query of a hunting file) or a raw
 * query file, changing nothing else in the file; the edits are escaped for the TOML string they go into.
 * With `range`, only the edits inside it (file offsets).
 */
export function formatDocument(text: string, path: string, options: FormatOptions = {}, range?: Span): FormatFileResult {
  const document = parseRuleDocument(text, path);
  const raw = document.kind === 'query';
  const edits: FormatEdit[] = [];
  const skipped: FormatFileResult['skipped'] = [];
  for (const q of document.queries) {
    if (range && (q.literalSpan.end < range.start || q.literalSpan.start > range.end)) continue;
    const result = formatQuery(q.language, q.text, options);
    if (!result) continue;
    if (result.edits.length === 0 && result.text === q.text) {
      if (FORMATTERS[q.language] && hasSyntaxError(q)) skipped.push({ span: q.literalSpan, reason: 'the query has syntax errors' });
      continue;
    }
    const mapped = queryEdits(text, raw, q, result);
    if (!mapped) {
      skipped.push({ span: q.literalSpan, reason: "a single-line literal string ('...') cannot hold line breaks: use '''...'''" });
      continue;
    }
    edits.push(...mapped.filter((e) => !range || (e.span.start >= range.start && e.span.end <= range.end)));
  }
  edits.sort((a, b) => a.span.start - b.span.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.span.start) + e.newText;
    at = e.span.end;
  }
  return { text: out + text.slice(at), edits, skipped };
}

function hasSyntaxError(q: EmbeddedQuery): boolean {
  const parse = q.language === 'esql' ? (t: string) => esql.parse(t, { snapshot: true }) : q.language === 'eql' ? eql.parse : kql.parse;
  return parse(q.text).diagnostics.some((d) => d.code === 'syntax-error');
}

/** The format options that apply to a file: the `format` settings of its `.esql-lint.json` files. */
export function formatOptionsForFile(file: string, resolver: ConfigResolver = new ConfigResolver()): FormatOptions {
  return resolver.forDirectory(dirname(resolve(file))).config.format ?? {};
}
