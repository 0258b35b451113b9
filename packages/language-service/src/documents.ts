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
  /** The linter's parse of the query and the input its schema is resolved from (shared by versions that reuse it). */
  parsed: Required<ParsedQuery>;
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

/** The linter's parse of a query, with the input its schema is resolved from made once, when first asked. */
function newParse(linter: Linter, owner: RuleDocument, query: EmbeddedQuery, support: QueryChecks<unknown>): Required<ParsedQuery> {
  const result = linter.parseQuery(owner, query, support);
  let input: QuerySchemaInput | undefined;
  return { result, schemaInput: () => (input ??= support.schemaInput(result.ast)) };
}

/**
 * The parse of the previous version's query `i` when this version's query `i` is the same query: same key,
 * language and text, parsed by the same linter. A parse depends on the query text only (its tree and
 * diagnostics are in query offsets), except for messages that cite a position of the file (an unclosed
 * bracket): a parse with diagnostics is taken only when the literal is the same text at the same line and
 * column. Files of several rules (NDJSON) parse each rule's queries afresh.
 */
function reusableParse(previous: DocumentState | undefined, linter: Linter, document: RuleDocument, query: EmbeddedQuery, i: number): Required<ParsedQuery> | undefined {
  if (!previous || previous.linter !== linter || document.kind === 'rules' || previous.document.kind !== document.kind) return undefined;
  const before = previous.document.queries[i];
  if (!before || before.key !== query.key || before.language !== query.language || before.index !== query.index || before.text !== query.text) return undefined;
  const state = previous.queries.find((q) => q.query === before);
  if (!state) return undefined;
  if (state.parsed.result.diagnostics.length > 0) {
    const a = previous.document.lines.position(before.literalSpan.start);
    const b = document.lines.position(query.literalSpan.start);
    if (a.line !== b.line || a.column !== b.column) return undefined;
    if (previous.text.slice(before.literalSpan.start, before.literalSpan.end) !== document.text.slice(query.literalSpan.start, query.literalSpan.end)) return undefined;
  }
  return state.parsed;
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
    const state = this.create(path, text, hit);
    this.states.set(path, state);
    return state;
  }

  /** Forgets a closed document. */
  forget(path: string): void {
    this.states.delete(path);
  }

  private create(path: string, text: string, previous?: DocumentState): DocumentState {
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
    // An edit outside a query (issue 19): the previous version's parse of the same query text is taken.
    // Looked up here, outside the closures below: a closure of this call that named `previous` would keep it
    // (and through it every older version) alive with this version.
    const reused: Array<Required<ParsedQuery> | undefined> = [];
    for (let i = 0; previous && i < document.queries.length; i++) reused.push(reusableParse(previous, linter, document, document.queries[i], i));
    const queries = document.queries.flatMap((query, i): QueryState[] => {
      const support = languageSupport(query.language);
      if (!support) return [];
      const owner = query.owner ?? document;
      const parsed = reused[i] ?? newParse(linter, owner, query, support);
      parses.set(query, { document: owner, parsed });
      let schema: ResolvedSchema | undefined;
      // The schema of the query, resolved exactly as the linter does.
      return [{ query, support, ast: parsed.result.ast, parsed, schema: () => (schema ??= resolveSchema(linter.schemas, owner, query, parsed.schemaInput())) }];
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
