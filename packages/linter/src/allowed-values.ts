import { closestMatches, diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import type { ResolvedSchema } from '@esql-lint/schema';
import { checkDatasetValue } from './datasets.js';
import { DATASET_FIELDS } from './schema-context.js';

/** The ECS categorisation fields whose values ECS fixes (@elastic/ecs publishes them as allowed values). */
export const CATEGORIZATION_FIELDS = new Set(['event.category', 'event.type', 'event.kind', 'event.outcome']);

/** Fields whose compared values are checked: the categorisation fields and the dataset fields. */
export function isValueCheckedField(field: string): boolean {
  return CATEGORIZATION_FIELDS.has(field) || DATASET_FIELDS.has(field);
}

/**
 * A value compared with an ECS categorisation field that is not one of its allowed values but is a near
 * miss of one ("proces" for "process"): a typo that makes the comparison match nothing. Values far from every
 * ECS value are not reported: real rules compare legacy values of older agents on purpose (`event.type:
 * process_started`, `event.category: network_traffic`). Case is not held against the value (several
 * operators ignore it); values with wildcards are not checked. A warning with a did-you-mean fix.
 */
export function checkAllowedValue(field: string, value: string, span: Span, schema: ResolvedSchema, report: (d: Diagnostic) => void, quote: (v: string) => string): void {
  if (DATASET_FIELDS.has(field)) return checkDatasetValue(field, value, span, report, quote);
  if (!CATEGORIZATION_FIELDS.has(field) || /[*?]/.test(value)) return;
  const allowed = schema.allowedValues(field);
  if (!allowed?.length) return;
  const lower = value.toLowerCase();
  if (allowed.some((a) => a.toLowerCase() === lower)) return;
  const guess = closestMatches(value, allowed, 1)[0];
  if (!guess) return;
  report(
    diagnostic('invalid-field-value', 'warning', `"${value}" is not an ECS value of ${field}: did you mean "${guess}"? (ECS values: ${allowed.join(', ')})`, span,
      [{ title: `Change to "${guess}"`, edits: [{ span, newText: quote(guess) }] }]),
  );
}
