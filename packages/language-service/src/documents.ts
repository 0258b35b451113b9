import type { Span } from '@esql-lint/core';
import {
  LinterPool, ConfigError, languageSupport, resolveSchema, type FileResult, type Linter, type LintFilesOptions, type ParsedQuery, type QueryChecks, type QuerySchemaInput,
} from '@esql-lint/linter';
import { parseRuleDocument, type EmbeddedQuery, type RuleDocument } from '@esql-lint/rule-document';
import type { ResolvedSchema } from '@esql-lint/schema';

/** A query of a document, parsed once, with its schema resolved on demand. */
export interface QueryState {
  query: EmbeddedQuery;
  support: QueryChecks<unknown>;
  ast: unknown;
  /** The schema the linter checks this query against. */
  schema(): ResolvedSchema;
}

/** One version of one document: parsed once, linted once, per (path, text). */
export interface DocumentState {
  path: string;
  text: string;
  document: RuleDocument;
  linter: Linter;
  /** A broken `.esql-lint.json`: the document is checked without configuration. */
  configError?: string;
  queries: QueryState[];
  lint(): FileResult;
}

/** The query of a document that holds a file offset, and the offset inside it. */
export interface QueryAt {
  state: QueryState;
  /** Offset in the query text. */
  offset: number;
}


/** Caches the last version of each document and one linter per configuration (as the CLI does). */
export class DocumentCache {
  private readonly pool: LinterPool;
  private readonly fallback: LinterPool;
  private readonly states = new Map<string, DocumentState>();

  constructor(options: LintFilesOptions = {}) {
    this.pool = new LinterPool(options);
    this.fallback = new LinterPool({ ...options, noConfig: true });
  }

  get(path: string, text: string): DocumentState {
    const hit = this.states.get(path);
    if (hit && hit.text === text) return hit;
    const state = this.create(path, text);
    this.states.set(path, state);
    return state;
  }

  /** Forgets a closed document. */
  forget(path: string): void {
    this.states.delete(path);
  }

  private create(path: string, text: string): DocumentState {
    let linter: Linter;
    let configError: string | undefined;
    try {
      linter = this.pool.forFile(path);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      configError = e.message;
      linter = this.fallback.forFile(path);
    }
    const document = parseRuleDocument(text, path);
    // The linter's own parses, made once per query of this version and handed to its lint, with the
    // input its schema is resolved from (one walk of the tree for the lint and the editor features).
    const parses = new Map<EmbeddedQuery, { document: RuleDocument; parsed: ParsedQuery }>();
    const queries = document.queries.flatMap((query): QueryState[] => {
      const support = languageSupport(query.language);
      if (!support) return [];
      const owner = query.owner ?? document;
      const result = linter.parseQuery(owner, query, support);
      const ast = result.ast;
      let input: QuerySchemaInput | undefined;
      const schemaInput = () => (input ??= support.schemaInput(ast));
      parses.set(query, { document: owner, parsed: { result, schemaInput } });
      let schema: ResolvedSchema | undefined;
      // The schema of the query, resolved exactly as the linter does.
      return [{ query, support, ast, schema: () => (schema ??= resolveSchema(linter.schemas, owner, query, schemaInput())) }];
    });
    let result: FileResult | undefined;
    return {
      path, text, document, linter, queries,
      ...(configError ? { configError } : {}),
      lint: () => (result ??= linter.lintDocument(document, (doc, query) => {
        const hit = parses.get(query);
        return hit && hit.document === doc ? hit.parsed : undefined;
      })),
    };
  }
}

/** The query whose text holds the file offset (the cursor may sit right after its last character). */
export function queryAt(state: DocumentState, fileOffset: number): QueryAt | undefined {
  for (const q of state.queries) {
    const { literalSpan, map } = q.query;
    if (fileOffset <= literalSpan.start || fileOffset >= literalSpan.end) {
      // Raw query files: the literal is the whole file.
      if (!(state.document.kind === 'query' && fileOffset === literalSpan.end)) continue;
    }
    const host = map.hostSpan;
    if (fileOffset < host.start || fileOffset > host.end) continue;
    const offset = map.toInner(fileOffset);
    if (offset !== undefined) return { state: q, offset };
  }
  return undefined;
}

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}
