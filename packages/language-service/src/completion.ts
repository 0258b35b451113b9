import { queryAt, type DocumentState } from './documents.js';
import { eqlCompletions } from './completion-eql.js';
import { esqlCompletions, type QueryCompletionInput } from './completion-esql.js';
import { kqlCompletions } from './completion-kql.js';
import { tomlCompletions } from './toml.js';
import type { CompletionList } from './types.js';

const BY_LANGUAGE: Record<string, (input: QueryCompletionInput) => CompletionList> = {
  esql: esqlCompletions,
  eql: eqlCompletions,
  kuery: kqlCompletions,
};

/** The rule's `index` patterns, if it has any. */
export function ruleIndex(state: DocumentState): string[] {
  const v = (state.document as { rule?: Record<string, unknown> }).rule?.index;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The rule's `metadata.integration` packages. */
export function ruleIntegrations(state: DocumentState): string[] {
  const v = (state.document as { metadata?: Record<string, unknown> }).metadata?.integration;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/**
 * Completion at a file offset: in a query, what fits there in its language (completion-esql/eql/kql);
 * outside, the keys and values of the rule file.
 */
export function completions(state: DocumentState, fileOffset: number, max: number, trigger?: string): CompletionList {
  const at = queryAt(state, fileOffset);
  // A cursor inside an escape of the string (between `\` and `"`, `\r` and `\n`) is at no offset of the
  // query: an item there would replace text after the cursor.
  if (at && at.state.query.map.toHost(at.offset) !== fileOffset) return { items: [], incomplete: false };
  if (!at) {
    if (trigger && trigger !== '.') return { items: [], incomplete: false };
    const inToml = state.document.kind !== 'query' && state.document.kind !== 'rules' && !state.document.queries.some((q) => q.literalSpan.start < fileOffset && fileOffset < q.literalSpan.end);
    return { items: inToml ? tomlCompletions(state.text, fileOffset) : [], incomplete: false };
  }
  const { query, ast } = at.state;
  // In a file of several rules (NDJSON), the rule the query belongs to.
  const owner = query.owner ? { ...state, document: query.owner } : state;
  const complete = BY_LANGUAGE[query.language];
  if (!complete) return { items: [], incomplete: false };
  return complete({
    text: query.text,
    offset: at.offset,
    ast,
    schema: () => at.state.schema(),
    snapshot: state.linter.options.snapshot ?? false,
    ruleIndex: ruleIndex(owner),
    integrations: ruleIntegrations(owner),
    toHost: (span) => query.map.spanToHost(span),
    maxLong: max,
    isRule: owner.document.kind === 'rule',
  });
}
