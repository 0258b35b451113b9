import type { Span } from '@esql-lint/core';
import type * as eql from '@esql-lint/parser-eql';
import type * as esql from '@esql-lint/parser-esql';
import { tomlStructure, type TomlEntry } from '@esql-lint/rule-document';
import type { DocumentState, QueryState } from './documents.js';
import type { DocumentSymbol } from './navigation-types.js';

const DETAIL_MAX = 80;

/** Whitespace collapsed, cut at DETAIL_MAX characters. */
function preview(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > DETAIL_MAX ? s.slice(0, DETAIL_MAX - 1) + '…' : s;
}

/** The symbols of one ES|QL command: its command word(s), the rest as detail; FORK branches and subqueries inside. */
function esqlCommand(c: esql.Command, text: string, host: (s: Span) => Span): DocumentSymbol {
  const source = text.slice(c.span.start, c.span.end);
  const word = /^(?:inline\s+stats|(?:lookup|left|right|full)\s+join|[a-z_]+)/i.exec(source)?.[0] ?? source.slice(0, 1);
  const nested = c.type === 'ForkCommand' ? c.branches.map((b) => b.commands)
    : c.type === 'FromCommand' || c.type === 'TsCommand' ? c.subqueries.map((s) => s.commands)
      : c.type === 'ExplainCommand' ? [c.commands] : [];
  const children = nested.flat().map((sc) => esqlCommand(sc, text, host));
  return {
    name: word.replace(/\s+/g, ' ').toUpperCase(),
    detail: preview(source.slice(word.length)),
    kind: 'command',
    span: host(c.span),
    selectionSpan: host({ start: c.span.start, end: c.span.start + word.length }),
    children,
  };
}

function eqlTerm(t: eql.EventTerm, text: string, host: (s: Span) => Span): DocumentSymbol {
  const category = t.query?.category;
  return {
    name: (t.missing ? '!' : '') + (category ? category.name : '[…]'),
    detail: preview(text.slice(t.span.start, t.span.end)),
    kind: 'step',
    span: host(t.span),
    selectionSpan: host(category?.span ?? t.span),
    children: [],
  };
}

function eqlSymbols(ast: eql.Query, text: string, host: (s: Span) => Span): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const body = ast.body;
  if (body?.type === 'SequenceQuery' || body?.type === 'SampleQuery' || body?.type === 'JoinQuery') {
    const word = body.type === 'SequenceQuery' ? 'sequence' : body.type === 'SampleQuery' ? 'sample' : 'join';
    const head = body.terms[0]?.span.start ?? body.span.end;
    out.push({
      name: word,
      detail: preview(text.slice(body.span.start + word.length, head)),
      kind: 'command',
      span: host(body.span),
      selectionSpan: host({ start: body.span.start, end: body.span.start + word.length }),
      children: [...body.terms, ...(body.until ? [body.until] : [])].map((t) => eqlTerm(t, text, host)),
    });
  } else if (body?.type === 'EventQuery') {
    out.push({
      name: body.category?.name ?? 'query',
      detail: preview(text.slice(body.span.start, body.span.end)),
      kind: 'command',
      span: host(body.span),
      selectionSpan: host(body.category?.span ?? body.span),
      children: [],
    });
  }
  for (const p of ast.pipes) {
    out.push({ name: `| ${p.name}`, detail: preview(text.slice(p.nameSpan.end, p.span.end)), kind: 'command', span: host(p.span), selectionSpan: host(p.nameSpan), children: [] });
  }
  return out;
}

/** The commands (ES|QL) or steps and pipes (EQL) of a query, in file spans. */
export function querySymbols(q: QueryState): DocumentSymbol[] {
  const host = (s: Span) => q.query.map.spanToHost(s);
  if (q.query.language === 'esql') return (q.ast as esql.Query).commands.map((c) => esqlCommand(c, q.query.text, host));
  if (q.query.language === 'eql') return eqlSymbols(q.ast as eql.Query, q.query.text, host);
  return [];
}

function tomlSymbol(e: TomlEntry, state: DocumentState): DocumentSymbol {
  const query = e.kind === 'key' && e.value ? state.queries.find((q) => q.query.literalSpan.start === e.value!.span.start) : undefined;
  const valueText = e.value ? state.text.slice(e.value.span.start, e.value.span.end) : '';
  const children = query ? querySymbols(query) : e.children.map((c) => tomlSymbol(c, state));
  return {
    name: e.kind === 'table' ? `[${e.name}]` : e.kind === 'array-table' ? `[[${e.name}]]` : e.name,
    ...(e.kind === 'key' ? { detail: query ? query.query.language : preview(valueText) } : {}),
    kind: e.kind === 'key' ? (query ? 'query' : 'key') : 'table',
    span: e.span,
    selectionSpan: e.nameSpan,
    children,
  };
}

/**
 * The outline of a document: for a rule file, the rule (its `name`) holding its tables, their keys, and
 * inside each query its commands (ES|QL) or steps (EQL); for a raw query file, its commands.
 */
export function documentSymbols(state: DocumentState): DocumentSymbol[] {
  if (state.document.kind === 'query') return state.queries.flatMap(querySymbols);
  const entries = tomlStructure(state.text);
  if (!entries) return [];
  const tables = entries.map((e) => tomlSymbol(e, state));
  const name = state.document.rule.name;
  if (typeof name !== 'string' || tables.length === 0) return tables;
  const section = state.document.kind === 'hunt' ? 'hunt' : 'rule';
  const nameSpan = state.document.valueSpan([section, 'name']) ?? tables[0].selectionSpan;
  return [{ name, detail: state.document.kind, kind: 'rule', span: { start: tables[0].span.start, end: tables[tables.length - 1].span.end }, selectionSpan: nameSpan, children: tables }];
}
