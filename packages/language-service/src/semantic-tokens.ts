/**
 * Semantic tokens of the queries of a document (rule files: `query`, `threat_query`, hunting `query`
 * arrays; raw query files: the whole file), as plain data in file offsets. Built from our own lexers
 * (`syntaxTokens`: keywords, operators, strings, numbers, comments, parameters) refined by the ASTs
 * (fields, columns, functions, event categories, time units, casts), each query mapped to the file
 * through its offset map, so that a token sits on exactly its characters, escapes included.
 */
import type { Span, SyntaxToken } from '@esql-lint/core';
import * as kql from '@esql-lint/parser-kql';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import { analyzeEsql, functionDefinition } from '@esql-lint/linter';
import type { ResolvedSchema } from '@esql-lint/schema';
import type { DocumentState, QueryState } from './documents.js';

// The legend has a module of its own, so the language server can answer `initialize` without loading the rest.
import type { SemanticTokenModifier, SemanticTokenType } from './semantic-token-legend.js';
export { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type SemanticTokenModifier, type SemanticTokenType } from './semantic-token-legend.js';

export interface SemanticToken {
  /** File offsets, half-open; may span lines (the LSP layer splits them). */
  span: Span;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

interface QueryToken {
  /** Query offsets. */
  span: Span;
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

const LEXICAL: Record<SyntaxToken['kind'], SemanticTokenType | undefined> = {
  keyword: 'keyword', operator: 'operator', string: 'string', number: 'number', comment: 'comment',
  parameter: 'parameter', name: 'variable', source: 'namespace', value: 'string', punctuation: undefined,
};

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const lookups = new WeakMap<ResolvedSchema, Map<string, SemanticTokenModifier[]>>();

/** How a field name reads against the query's schemas (each name looked up once per schema). */
function fieldModifiers(schema: ResolvedSchema, name: string): SemanticTokenModifier[] {
  let seen = lookups.get(schema);
  if (!seen) lookups.set(schema, (seen = new Map()));
  const hit = seen.get(name);
  if (hit) return hit;
  const kind = schema.lookup(name).kind;
  const modifiers: SemanticTokenModifier[] = kind === 'known' || kind === 'open' ? ['defaultLibrary'] : kind === 'unknown' ? ['unknown'] : [];
  seen.set(name, modifiers);
  return modifiers;
}

function kqlTokens(q: QueryState): { lexical: SyntaxToken[]; ast: QueryToken[] } {
  const ast: QueryToken[] = [];
  const root = q.ast as kql.Query;
  walkSafely(() =>
    kql.walk(root, {
      enter(node) {
        if (node.type === 'Field') {
          ast.push({ span: node.span, type: 'property', modifiers: node.wildcard ? [] : fieldModifiers(q.schema(), node.name) });
        } else if (node.type === 'Literal' && !node.quoted) {
          ast.push({ span: node.span, type: NUMBER.test(node.raw.trim()) ? 'number' : 'string', modifiers: [] });
        }
      },
    }),
  );
  return { lexical: kql.syntaxTokens(q.query.text), ast };
}

function eqlTokens(q: QueryState): { lexical: SyntaxToken[]; ast: QueryToken[] } {
  const text = q.query.text;
  const lexical = eql.syntaxTokens(text);
  const ast: QueryToken[] = [];
  walkSafely(() =>
    eql.walk(q.ast as eql.Node, {
      enter(node) {
        switch (node.type) {
          case 'Field':
            ast.push({ span: node.span, type: 'property', modifiers: fieldModifiers(q.schema(), node.name) });
            break;
          case 'FunctionCall':
            ast.push({ span: node.nameSpan, type: 'function', modifiers: eql.lookupFunction(node.name) ? ['defaultLibrary'] : [] });
            break;
          case 'EventCategory':
            if (!node.any) ast.push({ span: node.span, type: 'type', modifiers: [] });
            break;
          case 'Pipe':
            if (node.nameSpan.end > node.nameSpan.start) ast.push({ span: node.nameSpan, type: 'keyword', modifiers: [] });
            break;
          case 'RunsOption':
          case 'MaxSpan': {
            // `runs=3` (the option name), `maxspan=5m` (the unit after the number).
            const inside = lexical.filter((t) => t.span.start >= node.span.start && t.span.end <= node.span.end && t.kind === 'name');
            for (const t of inside) ast.push({ span: t.span, type: node.type === 'MaxSpan' ? 'enumMember' : 'keyword', modifiers: [] });
            break;
          }
        }
      },
    }),
  );
  return { lexical, ast };
}

function esqlTokens(q: QueryState, snapshot: boolean): { lexical: SyntaxToken[]; ast: QueryToken[] } {
  const text = q.query.text;
  const root = q.ast as esql.Query;
  const ast: QueryToken[] = [];
  walkSafely(() => {
    for (const command of root.commands) {
      esql.walk(command, {
        enter(node) {
          if (node.type === 'FunctionCall') {
            ast.push({ span: node.nameSpan, type: 'function', modifiers: functionDefinition(node.name.toLowerCase()) ? ['defaultLibrary'] : [] });
          } else if (node.type === 'Literal' && node.literalType === 'timespan') {
            ast.push({ span: node.unitSpan, type: 'enumMember', modifiers: [] });
          } else if (node.type === 'Cast') {
            ast.push({ span: node.targetTypeSpan, type: 'type', modifiers: [] });
          }
        },
      });
    }
  });
  const refs = esql.fieldReferences(root);
  const isMetadata = (r: esql.ColumnReference) => r.role === 'define' && (r.command === 'FromCommand' || r.command === 'TsCommand');
  const metadata = new Set(refs.filter(isMetadata).map((r) => r.name));
  const created = new Set(refs.filter((r) => r.role === 'define' && !isMetadata(r)).map((r) => r.name));
  let analysis: ReturnType<typeof analyzeEsql> | undefined;
  const createdAnywhere = (name: string) => created.has(name) || (analysis ??= analyzeEsql(root, q.schema(), { text, snapshot })).createdAnywhere(name);
  for (const r of refs) {
    if (r.role === 'define') {
      ast.push(isMetadata(r) ? { span: r.span, type: 'property', modifiers: ['readonly', 'defaultLibrary'] } : { span: r.span, type: 'variable', modifiers: ['declaration'] });
      continue;
    }
    if (r.wildcard) {
      ast.push({ span: r.span, type: 'property', modifiers: [] });
      continue;
    }
    const schemaModifiers = fieldModifiers(q.schema(), r.name);
    if (metadata.has(r.name)) ast.push({ span: r.span, type: 'property', modifiers: ['readonly', 'defaultLibrary'] });
    else if (schemaModifiers[0] === 'defaultLibrary') ast.push({ span: r.span, type: 'property', modifiers: schemaModifiers });
    else if (createdAnywhere(r.name)) ast.push({ span: r.span, type: 'variable', modifiers: [] });
    else ast.push({ span: r.span, type: 'property', modifiers: schemaModifiers });
  }
  return { lexical: esql.syntaxTokens(text), ast };
}

/** A broken AST must not cost the user the lexical colouring. */
function walkSafely(fn: () => void): void {
  try {
    fn();
  } catch {
    /* keep what was collected */
  }
}

/**
 * The lexical tokens, with the AST's tokens in place of the lexical ones they cover (a field
 * `process.name` replaces `process`, `.`, `name`). In text order, never overlapping.
 */
function merge(lexical: SyntaxToken[], ast: QueryToken[]): QueryToken[] {
  const refined = [...ast].sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const kept: QueryToken[] = [];
  let lastEnd = -1;
  for (const t of refined) {
    if (t.span.end <= t.span.start || t.span.start < lastEnd) continue;
    kept.push(t);
    lastEnd = t.span.end;
  }
  const out: QueryToken[] = [];
  let k = 0;
  for (const t of lexical) {
    while (k < kept.length && kept[k].span.end <= t.span.start) out.push(kept[k++]);
    const covering = k < kept.length && kept[k].span.start < t.span.end;
    if (covering) continue;
    const type = LEXICAL[t.kind];
    if (type && t.span.end > t.span.start) out.push({ span: t.span, type, modifiers: [] });
  }
  while (k < kept.length) out.push(kept[k++]);
  return out;
}

/** Per query state (one per document version): its tokens, computed once. */
const computed = new WeakMap<QueryState, QueryToken[]>();

/** The tokens of one query, in query offsets. */
function queryTokens(q: QueryState, snapshot: boolean): QueryToken[] {
  const hit = computed.get(q);
  if (hit) return hit;
  const language = q.query.language;
  const parts = language === 'kuery' ? kqlTokens(q) : language === 'eql' ? eqlTokens(q) : language === 'esql' ? esqlTokens(q, snapshot) : undefined;
  const tokens = parts ? merge(parts.lexical, parts.ast) : [];
  computed.set(q, tokens);
  return tokens;
}

/**
 * The semantic tokens of a document's queries, in file offsets and text order; only those that meet
 * `range` when given.
 */
export function semanticTokens(state: DocumentState, range?: Span): SemanticToken[] {
  const snapshot = state.linter.options.snapshot ?? false;
  const out: SemanticToken[] = [];
  const queries = [...state.queries].sort((a, b) => a.query.map.hostSpan.start - b.query.map.hostSpan.start);
  for (const q of queries) {
    const host = q.query.map.hostSpan;
    if (range && (host.end < range.start || host.start > range.end)) continue;
    for (const t of queryTokens(q, snapshot)) {
      const span = q.query.map.spanToHost(t.span);
      if (span.end <= span.start) continue;
      if (range && (span.end <= range.start || span.start >= range.end)) continue;
      out.push({ span, type: t.type, modifiers: t.modifiers });
    }
  }
  return out;
}
