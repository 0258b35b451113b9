import type { Span } from '@esql-lint/core';
import type * as eql from '@esql-lint/parser-eql';
import type * as esql from '@esql-lint/parser-esql';
import { tomlStructure, type TomlEntry } from '@esql-lint/rule-document';
import type { DocumentState, QueryState } from './documents.js';
import type { FoldingRange } from './navigation-types.js';

function queryFolds(q: QueryState, out: FoldingRange[]): void {
  const add = (s: Span) => out.push({ span: q.query.map.spanToHost(s) });
  if (q.query.language === 'esql') {
    const visit = (commands: esql.Command[]) => {
      for (const c of commands) {
        add(c.span);
        if (c.type === 'ForkCommand') c.branches.forEach((b) => visit(b.commands));
        if (c.type === 'FromCommand' || c.type === 'TsCommand') c.subqueries.forEach((s) => visit(s.commands));
      }
    };
    visit((q.ast as esql.Query).commands);
  } else if (q.query.language === 'eql') {
    const body = (q.ast as eql.Query).body;
    if (body && (body.type === 'SequenceQuery' || body.type === 'SampleQuery' || body.type === 'JoinQuery')) {
      add(body.span);
      for (const t of [...body.terms, ...(body.until ? [body.until] : [])]) add(t.span);
    }
  }
}

function tomlFolds(e: TomlEntry, out: FoldingRange[]): void {
  if (e.kind !== 'key') out.push({ span: e.span });
  else if (e.value && e.value.kind !== 'other' && e.value.multiline) out.push({ span: e.value.span });
  for (const c of e.children) tomlFolds(c, out);
}

/**
 * Folding ranges (file spans; the client keeps those that span lines): tables, multi-line arrays,
 * strings and inline tables, ES|QL commands, EQL sequences and their steps.
 */
export function foldingRanges(state: DocumentState): FoldingRange[] {
  const out: FoldingRange[] = [];
  if (state.document.kind !== 'query') for (const e of tomlStructure(state.text) ?? []) tomlFolds(e, out);
  for (const q of state.queries) queryFolds(q, out);
  const lines = state.document.lines;
  return out.filter((f) => lines.position(f.span.start).line < lines.position(f.span.end).line);
}
