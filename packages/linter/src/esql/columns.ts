import type { Span, WildcardPattern } from '@esql-lint/core';
import type { EsqlType } from './types.js';

/** Where a column comes from. */
export type ColumnOrigin = 'schema' | 'metadata' | 'created';

/** A column of the query at some point of its pipeline. */
export interface EsqlColumn {
  name: string;
  /** ES|QL type (`keyword`, `long`, `date`...), `unknown` when we cannot tell. */
  type: EsqlType;
  origin: ColumnOrigin;
  /** Where the query creates (or renames, or asks for) the column; absent for schema fields. */
  span?: Span;
  /** The last KEEP kept it through a wildcard (`KEEP *`), not by name. */
  keptByPattern?: boolean;
}

/** A column the query reads, resolved. */
export interface EsqlColumnRead {
  name: string;
  span: Span;
  /** The column's type there; `undefined` when the column does not exist at that point. */
  type: EsqlType | undefined;
}

/** The columns at one point of the pipeline. Schema fields are not listed: they are a filtered view of the schema. */
export class Scope {
  explicit = new Map<string, EsqlColumn>();
  schemaOpen = false;
  /** Each KEEP with wildcards: a schema field stays only if it matches one of its patterns. */
  keepFilters: WildcardPattern[][] = [];
  dropPatterns: WildcardPattern[] = [];
  removed = new Set<string>();
  /** Why schema fields are gone, for messages. */
  closedBy?: string;
  open = false;

  clone(): Scope {
    const s = new Scope();
    s.explicit = new Map(this.explicit);
    s.schemaOpen = this.schemaOpen;
    s.keepFilters = [...this.keepFilters];
    s.dropPatterns = [...this.dropPatterns];
    s.removed = new Set(this.removed);
    if (this.closedBy) s.closedBy = this.closedBy;
    s.open = this.open;
    return s;
  }
}

