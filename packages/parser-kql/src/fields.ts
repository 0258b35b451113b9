import type { FieldReference, Span } from '@esql-lint/core';
import type { Field, Literal, Query, QueryExpression, RangeOperator, ValueExpression } from './ast.js';

export interface ComparedValue {
  /** The value as Kibana reads it (escapes resolved, unquoted values trimmed). */
  text: string;
  /** Span of the value's source text (quotes included). */
  span: Span;
  quoted: boolean;
  /** Unquoted with an unescaped `*`. */
  wildcard: boolean;
  /** `field:*`: an exists query, not a value. */
  exists: boolean;
}

export interface ValueComparison {
  field: FieldReference;
  operator: ':' | RangeOperator;
  value: ComparedValue;
}

function reference(field: Field, prefix: string, inheritedWildcard: boolean): FieldReference {
  const ref: FieldReference = { name: prefix + field.name, span: field.span };
  if (field.wildcard || inheritedWildcard) ref.wildcard = true;
  return ref;
}

function compared(v: Literal, exists: boolean): ComparedValue {
  return { text: v.value, span: v.span, quoted: v.quoted, wildcard: v.wildcard, exists };
}

function valueLiterals(v: ValueExpression | undefined, out: Literal[]): Literal[] {
  if (!v) return out;
  switch (v.type) {
    case 'Literal':
      out.push(v);
      break;
    case 'OrValues':
    case 'AndValues':
      for (const o of v.operands) valueLiterals(o, out);
      break;
    case 'NotValue':
      valueLiterals(v.operand, out);
      break;
    case 'GroupValues':
      valueLiterals(v.body, out);
      break;
  }
  return out;
}

interface Sink {
  field(ref: FieldReference): void;
  comparison(c: ValueComparison): void;
}

/**
 * Visits the fields of a query. Inside `path:{ ... }`, Kibana prefixes each field with the nested path:
 * `path:{ sub:value }` queries `path.sub` (and `a:{ b:{ c:x } }` queries `a.b.c`).
 */
function visit(e: QueryExpression | undefined, prefix: string, wild: boolean, sink: Sink): void {
  if (!e) return;
  switch (e.type) {
    case 'OrQuery':
    case 'AndQuery':
      for (const o of e.operands) visit(o, prefix, wild, sink);
      break;
    case 'NotQuery':
      visit(e.operand, prefix, wild, sink);
      break;
    case 'GroupQuery':
      visit(e.body, prefix, wild, sink);
      break;
    case 'NestedQuery': {
      const ref = reference(e.field, prefix, wild);
      sink.field(ref);
      visit(e.body, ref.name + '.', ref.wildcard === true, sink);
      break;
    }
    case 'MatchQuery': {
      const ref = reference(e.field, prefix, wild);
      sink.field(ref);
      for (const v of valueLiterals(e.value, [])) {
        const exists = !v.quoted && v.wildcard && v.value === '*';
        sink.comparison({ field: ref, operator: ':', value: compared(v, exists) });
      }
      break;
    }
    case 'RangeQuery': {
      const ref = reference(e.field, prefix, wild);
      sink.field(ref);
      if (e.value) sink.comparison({ field: ref, operator: e.operator, value: compared(e.value, false) });
      break;
    }
    case 'TermQuery':
      break;
  }
}

/**
 * Every field the query names, in source order, with the exact span of the name. Fields inside a nested
 * query get their full name (`path.sub`); names with an unescaped `*` are patterns (`wildcard: true`).
 */
export function fieldReferences(ast: Query): FieldReference[] {
  const out: FieldReference[] = [];
  visit(ast.body, '', false, { field: (r) => out.push(r), comparison: () => {} });
  return out;
}

/**
 * The values compared to each field: every value of `field:value`, of `field:(a or b and not c)` (negated
 * values included), of `field < value`, and of fields inside nested queries (full name `path.sub`).
 * Free-text terms (values without a field) are not included.
 */
export function valueComparisons(ast: Query): ValueComparison[] {
  const out: ValueComparison[] = [];
  visit(ast.body, '', false, { field: () => {}, comparison: (c) => out.push(c) });
  return out;
}
