import { diagnostic } from '@esql-lint/core';
import type { DocumentContext } from './linter.js';

/** The languages each rule type takes, as detection-rules' schemas and Kibana define them. */
const LANGUAGES_BY_TYPE: Record<string, readonly string[]> = {
  query: ['kuery', 'lucene'],
  saved_query: ['kuery', 'lucene'],
  threshold: ['kuery', 'lucene'],
  threat_match: ['kuery', 'lucene'],
  new_terms: ['kuery', 'lucene'],
  eql: ['eql'],
  esql: ['esql'],
  machine_learning: [],
};

/** Checks of the rule's own metadata that need no schema: language against type, a query where one is needed. */
export function checkRuleMetadata(ctx: DocumentContext): void {
  const { document } = ctx;
  const { rule } = document;
  const type = typeof rule.type === 'string' ? rule.type : undefined;
  const language = typeof rule.language === 'string' ? rule.language : undefined;
  if (!type) return;
  const allowed = LANGUAGES_BY_TYPE[type];
  if (!allowed) return;
  if (language !== undefined && !allowed.includes(language)) {
    // Spans are looked up only for a diagnostic: locating a key builds the document's key table.
    const span = document.valueSpan(['rule', 'language']) ?? document.valueSpan(['rule', 'type']) ?? { start: 0, end: 0 };
    const expected = allowed.length === 0 ? 'no query language' : allowed.map((l) => `"${l}"`).join(' or ');
    ctx.report(
      diagnostic('language-type-mismatch', 'error', `A rule of type "${type}" takes ${expected}, not "${language}".`, span),
    );
  }
  if (allowed.length > 0 && (typeof rule.query !== 'string' || rule.query.trim() === '')) {
    const span = document.valueSpan(['rule', 'query']) ?? document.keySpan(['rule', 'type']) ?? { start: 0, end: 0 };
    ctx.report(diagnostic('missing-query', 'error', `A rule of type "${type}" needs a query.`, span));
  }
}
