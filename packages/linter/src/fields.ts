import { closestMatches, diagnostic, type Diagnostic, type FieldReference } from '@esql-lint/core';
import type { FieldLookup, ResolvedSchema } from '@esql-lint/schema';

/** What the field check needs of a query: the references to check and how to report. */
export interface FieldCheckInput {
  refs: readonly FieldReference[];
  schema: ResolvedSchema;
  report(d: Diagnostic): void;
  /** Where to say "in the index patterns ..." (for the message), if known. */
  what?: string;
}

/** The best did-you-mean candidates for an unknown name; shares its candidate list per schema. */
export function suggestFields(schema: ResolvedSchema, name: string): string[] {
  return closestMatches(name, schema.fieldNames(), 3);
}

/** The message and fix of an unknown field, shared by queries and metadata. */
export function unknownFieldDiagnostic(
  schema: ResolvedSchema,
  name: string,
  span: { start: number; end: number },
  options: { quoted?: boolean; context?: string } = {},
): Diagnostic {
  const suggestions = suggestFields(schema, name);
  const where = options.context ? ` ${options.context}` : '';
  let message = `Unknown field "${name}"${where}: it is in none of the schemas this rule runs against.`;
  if (suggestions.length) message += ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`;
  const fixes = suggestions.slice(0, 1).map((s) => ({
    title: `Replace with ${s}`,
    edits: [{ span, newText: options.quoted ? JSON.stringify(s) : s }],
  }));
  return diagnostic('unknown-field', 'error', message, span, fixes);
}

/** The diagnostic (if any) for one looked-up name; shared with ES|QL column checks and metadata checks. */
export function fieldLookupDiagnostic(
  schema: ResolvedSchema,
  name: string,
  lookup: FieldLookup,
  span: { start: number; end: number },
  options: { quoted?: boolean; context?: string } = {},
): Diagnostic | undefined {
  switch (lookup.kind) {
    case 'known':
    case 'open':
    case 'unavailable':
      return undefined;
    case 'incomplete':
      return diagnostic(
        'unverified-field',
        'warning',
        `Field "${name}" is not in the schema of ${lookup.stream ? `${lookup.package}.${lookup.stream}` : lookup.package}, which is known to be incomplete: the schema may lag behind the integration.`,
        span,
      );
    default:
      return unknownFieldDiagnostic(schema, name, span, options);
  }
}

/** unknown-field / unverified-field for every reference of a KQL or EQL query. */
export function checkFieldReferences({ refs, schema, report }: FieldCheckInput): void {
  for (const ref of refs) {
    if (ref.wildcard) {
      if (schema.matchPattern(ref.name).length === 0 && !patternUnderOpenNamespace(schema, ref.name)) {
        report(diagnostic('unknown-field', 'error', `No field matches the pattern "${ref.name}" in the schemas this rule runs against.`, ref.span));
      }
      continue;
    }
    const lookup = schema.lookup(ref.name);
    // EQL `?field`: an optional field may be absent from every schema.
    if (ref.optional && (lookup.kind === 'unknown' || lookup.kind === 'incomplete')) continue;
    const d = fieldLookupDiagnostic(schema, ref.name, lookup, ref.span);
    if (d) report(d);
  }
}

/** A pattern such as `okta.debug_context.*` whose fixed prefix lies under an open or unavailable field. */
function patternUnderOpenNamespace(schema: ResolvedSchema, pattern: string): boolean {
  const prefix = pattern.slice(0, pattern.indexOf('*')).replace(/\.$/, '');
  if (!prefix) return false;
  const kind = schema.lookup(prefix).kind;
  return kind === 'open' || kind === 'unavailable' || kind === 'incomplete';
}
