import { diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import { stringList, type RuleDocument } from '@esql-lint/rule-document';
import type { ResolvedSchema } from '@esql-lint/schema';
import { fieldLookupDiagnostic, unknownFieldDiagnostic } from './fields.js';

/** A field named in the rule's metadata, with where its value sits in the file. */
export interface MetadataField {
  name: string;
  /** File span of the quoted string value. */
  span: Span;
  /** For required_fields: the declared type and where it sits. */
  declaredType?: { type: string; span: Span };
  /** Human name of the setting, for messages ("new_terms", "threshold.field" ...). */
  setting: string;
}

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/**
 * Every field the rule's metadata names: `new_terms` fields, `threshold.field`,
 * `threshold.cardinality[].field`, `investigation_fields.field_names`, `required_fields[].name` (with
 * type), `timestamp_override` and the source-index side of `threat_mapping` entries.
 */
export function metadataFields(document: RuleDocument): MetadataField[] {
  if (document.kind !== 'rule') return [];
  const { rule } = document;
  const out: MetadataField[] = [];
  const add = (name: string, path: (string | number)[], setting: string, extra?: Partial<MetadataField>) => {
    const span = document.valueSpan(path);
    if (span) out.push({ name, span, setting, ...extra });
  };
  const newTerms = asObject(rule.new_terms);
  if (newTerms && newTerms.field === 'new_terms_fields') {
    const single = typeof newTerms.value === 'string';
    stringList(newTerms.value).forEach((f, i) => add(f, single ? ['rule', 'new_terms', 'value'] : ['rule', 'new_terms', 'value', i], 'new_terms'));
  }
  const threshold = asObject(rule.threshold);
  if (threshold) {
    const single = typeof threshold.field === 'string';
    stringList(threshold.field).forEach((f, i) => {
      if (f) add(f, single ? ['rule', 'threshold', 'field'] : ['rule', 'threshold', 'field', i], 'threshold.field');
    });
    if (Array.isArray(threshold.cardinality)) {
      threshold.cardinality.forEach((c, i) => {
        const field = asObject(c)?.field;
        if (typeof field === 'string' && field) add(field, ['rule', 'threshold', 'cardinality', i, 'field'], 'threshold.cardinality');
      });
    }
  }
  const investigation = asObject(rule.investigation_fields);
  if (investigation) stringList(investigation.field_names).forEach((f, i) => add(f, ['rule', 'investigation_fields', 'field_names', i], 'investigation_fields'));
  if (Array.isArray(rule.required_fields)) {
    rule.required_fields.forEach((r, i) => {
      const o = asObject(r);
      if (typeof o?.name !== 'string') return;
      const typeSpan = document.valueSpan(['rule', 'required_fields', i, 'type']);
      const extra = typeof o.type === 'string' && typeSpan ? { declaredType: { type: o.type, span: typeSpan } } : {};
      add(o.name, ['rule', 'required_fields', i, 'name'], 'required_fields', extra);
    });
  }
  if (typeof rule.timestamp_override === 'string') add(rule.timestamp_override, ['rule', 'timestamp_override'], 'timestamp_override');
  for (const e of threatMappingEntries(document, 'field')) add(e.name, e.path, 'threat_mapping');
  return out;
}

/**
 * The `field` (source index) or `value` (threat index) names of an indicator match rule's
 * `threat_mapping[].entries[]`, with their key paths.
 */
function threatMappingEntries(document: RuleDocument, side: 'field' | 'value'): Array<{ name: string; path: (string | number)[] }> {
  const out: Array<{ name: string; path: (string | number)[] }> = [];
  const mapping = document.rule.threat_mapping;
  if (!Array.isArray(mapping)) return out;
  mapping.forEach((m, i) => {
    const entries = asObject(m)?.entries;
    if (!Array.isArray(entries)) return;
    entries.forEach((e, j) => {
      const name = asObject(e)?.[side];
      if (typeof name === 'string' && name) out.push({ name, path: ['rule', 'threat_mapping', i, 'entries', j, side] });
    });
  });
  return out;
}

/** unknown-field for the threat index fields an indicator match rule maps to (checked against the threat_query's schema). */
export function checkThreatMappingValues(document: RuleDocument, schema: ResolvedSchema, report: (d: Diagnostic) => void): void {
  if (document.kind !== 'rule') return;
  for (const e of threatMappingEntries(document, 'value')) {
    const span = document.valueSpan(e.path);
    if (!span) continue;
    const d = fieldLookupDiagnostic(schema, e.name, schema.lookup(e.name), innerSpan(document, span), { context: 'in threat_mapping (threat index)', quoted: false });
    if (d) report(d);
  }
}

/** The span of the string's content, without its quotes (for fixes and precise ranges). */
export function innerSpan(document: RuleDocument, span: Span): Span {
  const q = document.text[span.start];
  return q === '"' || q === "'" ? { start: span.start + 1, end: span.end - 1 } : span;
}

export function requiredTypeMismatch(field: MetadataField, actual: string): Diagnostic | undefined {
  if (!field.declaredType || field.declaredType.type === actual) return undefined;
  return diagnostic(
    'type-mismatch',
    'error',
    `required_fields declares "${field.name}" as ${field.declaredType.type}, but its type is ${actual}.`,
    field.declaredType.span,
    [{ title: `Change the type to ${actual}`, edits: [{ span: field.declaredType.span, newText: JSON.stringify(actual) }], safe: true }],
  );
}

/** unknown-field for fields the metadata of a KQL or EQL rule names; type-mismatch for wrong required_fields types. */
export function checkMetadataFields(document: RuleDocument, schema: ResolvedSchema, report: (d: Diagnostic) => void): void {
  for (const field of metadataFields(document)) {
    const lookup = schema.lookup(field.name);
    const span = innerSpan(document, field.span);
    if (field.setting === 'investigation_fields') {
      const d = investigationFieldDiagnostic(schema, field.name, lookup.kind, span);
      if (d) report(d);
      continue;
    }
    const d = fieldLookupDiagnostic(schema, field.name, lookup, span, { context: `in ${field.setting}` });
    if (d) report(d);
    else if (lookup.kind === 'known') {
      const t = requiredTypeMismatch(field, lookup.type);
      if (t) report(t);
    }
  }
}

/** Alert fields that investigation_fields may name although no source index has them. */
const ALERT_FIELD_PREFIXES = ['kibana.alert.', 'signal.'];

/**
 * Kibana shows investigation fields only when an alert has them and accepts any name, so an unknown
 * one is a warning (`unknown-investigation-field`), with the same did-you-mean as unknown-field.
 */
export function investigationFieldDiagnostic(schema: ResolvedSchema, name: string, kind: string, span: Span): Diagnostic | undefined {
  if (kind !== 'unknown' || ALERT_FIELD_PREFIXES.some((p) => name.startsWith(p))) return undefined;
  const base = unknownFieldDiagnostic(schema, name, span, { context: 'in investigation_fields' });
  return { ...base, code: 'unknown-investigation-field', severity: 'warning', message: `${base.message} Kibana will show nothing for it.` };
}
