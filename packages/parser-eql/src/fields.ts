/** What a query refers to: fields (with spans) and event categories. */
import type { FieldReference, Span } from '@esql-lint/core';
import type * as A from './ast.js';
import { walk } from './walk.js';

/**
 * Every field the query names, in source order, at the span of its name (without the `?` of an
 * optional field, backquotes included); `name` is the dotted name with backquotes removed.
 */
export function fieldReferences(ast: A.Node): FieldReference[] {
  const out: FieldReference[] = [];
  walk(ast, {
    enter(node) {
      if (node.type === 'Field') {
        const ref: FieldReference = { name: node.name, span: node.nameSpan };
        if (node.optional) ref.optional = true;
        out.push(ref);
      }
    },
  });
  return out;
}

export interface EventCategoryReference {
  /** `process`, `network`, ... or `any`. */
  name: string;
  span: Span;
}

/** The event categories the query filters on, in source order (`any` included as such). */
export function eventCategories(ast: A.Node): EventCategoryReference[] {
  const out: EventCategoryReference[] = [];
  walk(ast, {
    enter(node) {
      if (node.type === 'EventCategory') out.push({ name: node.name, span: node.span });
    },
  });
  return out;
}
