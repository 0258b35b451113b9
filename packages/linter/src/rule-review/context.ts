/** What a review check sees, and small readers of the rule shared by the checks. */
import type { Diagnostic, Span } from '@esql-lint/core';
import { stringList, type RuleDocument } from '@esql-lint/rule-document';
import { headerOrStart } from './edits.js';

export interface ReviewContext {
  document: RuleDocument;
  /** The detection-rules checkout (or custom rules directory) the rule lives in, if any. */
  root: string | undefined;
  report(d: Diagnostic): void;
  /** What the linting of the rule's query found: the datasets it compares (event.dataset, data_stream.dataset). */
  query: { datasets: readonly string[] };
}

export const tagsOf = (document: RuleDocument): string[] => stringList(document.rule.tags);
export const integrationsOf = (document: RuleDocument): string[] => stringList(document.metadata.integration);
export const indexOf = (document: RuleDocument): string[] => stringList(document.rule.index);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The `tags` value, where a missing tag is reported (the [rule] header when there is no `tags`). */
export function tagsSpan(document: RuleDocument): Span {
  return document.valueSpan(['rule', 'tags']) ?? headerOrStart(document, 'rule');
}

/** The value of a `metadata.integration` entry (a one-string value is its own entry). */
export function integrationSpan(document: RuleDocument, i: number): Span {
  const v = document.metadata.integration;
  return (typeof v === 'string' ? document.valueSpan(['metadata', 'integration']) : document.valueSpan(['metadata', 'integration', i])) ?? headerOrStart(document, 'metadata');
}

/** Splits a path on / and \ (rule files of Windows users). */
export const pathParts = (path: string): string[] => path.split(/[\\/]+/);
