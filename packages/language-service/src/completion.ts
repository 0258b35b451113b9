import type { Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import type * as esql from '@esql-lint/parser-esql';
import type { ResolvedSchema } from '@esql-lint/schema';
import { queryAt, type DocumentState } from './documents.js';
import { columnsBefore, esqlFunctions } from './esql.js';
import { languageFacts } from './languages.js';
import { tomlCompletions } from './toml.js';
import type { CompletionItem, CompletionKind, CompletionList } from './types.js';

/** Characters of a (dotted) field name or keyword being typed. */
const WORD = /[\w.@]/;

/** The start of the word that ends at `offset`. */
export function wordStart(text: string, offset: number): number {
  let start = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  return start;
}

const ORDER: Record<CompletionKind, string> = { column: '0', field: '1', value: '1', function: '2', keyword: '3', key: '3', operator: '4' };

/** Operators worth offering (not brackets nor token classes). */
const OPERATOR = /^[^\w\s`?()[\]{}]+$/;

export function fieldType(schema: ResolvedSchema, name: string): string | undefined {
  const l = schema.lookup(name);
  return l.kind === 'known' || l.kind === 'open' ? l.type : undefined;
}

export function completions(state: DocumentState, fileOffset: number, max: number): CompletionList {
  const at = queryAt(state, fileOffset);
  if (!at) {
    const inToml = state.document.kind !== 'query' && !state.document.queries.some((q) => q.literalSpan.start < fileOffset && fileOffset < q.literalSpan.end);
    return { items: inToml ? tomlCompletions(state.text, fileOffset) : [], incomplete: false };
  }
  const { query, ast } = at.state;
  const facts = languageFacts(query.language);
  if (!facts) return { items: [], incomplete: false };
  const text = query.text;
  const start = wordStart(text, at.offset);
  const word = text.slice(start, at.offset).toLowerCase();
  const span: Span = query.map.spanToHost({ start, end: at.offset });
  const expected = facts.expectedAt(text, start);

  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  let incomplete = false;
  const add = (label: string, kind: CompletionKind, detail?: string, extra: Partial<CompletionItem> = {}): void => {
    if (!label.toLowerCase().startsWith(word) || seen.has(label)) return;
    if (items.length >= max) {
      incomplete = true;
      return;
    }
    seen.add(label);
    items.push({ label, kind, span, sortText: ORDER[kind] + label, ...(detail ? { detail } : {}), ...extra });
  };

  if (facts.fieldExpected(expected)) {
    const schema = at.state.schema();
    if (query.language === 'esql') {
      const snapshot = state.linter.options.snapshot ?? false;
      const { columns, schemaFields } = columnsBefore(ast as esql.Query, text, start, schema, snapshot);
      for (const c of columns) add(c.name, c.fromSchema ? 'field' : 'column', c.type);
      if (schemaFields) for (const name of schema.fieldNames()) add(name, 'field', fieldType(schema, name));
    } else {
      for (const name of schema.fieldNames()) add(name, 'field', fieldType(schema, name));
    }
  }
  if (query.language === 'kuery' && expected.some((e) => e.label === 'value')) {
    // `field : <value>`: the values ECS allows for the field (event.category, event.type...).
    const m = /([\w.@]+)\s*:\s*\(?[^:()]*?(?:\bor\s+)?$/i.exec(text.slice(0, start));
    const values = m ? at.state.schema().allowedValues(m[1]) : undefined;
    for (const v of values ?? []) add(v, 'value', `allowed value of ${m![1]}`);
  }
  if (facts.functionExpected(expected)) {
    if (query.language === 'esql') {
      for (const f of esqlFunctions(state.linter.options.snapshot ?? false)) add(f.name.toUpperCase(), 'function', f.detail, { insertText: f.name.toUpperCase() });
    } else if (query.language === 'eql') {
      for (const f of eql.EQL_FUNCTIONS.values()) add(f.name, 'function', `${f.name}(${f.minArgs}${f.maxArgs === f.minArgs ? '' : f.maxArgs === Infinity ? '+' : `-${f.maxArgs}`} args)`);
    }
  }
  for (const e of expected) {
    if (e.kind === 'keyword') add(e.label, 'keyword');
    else if (word === '' && OPERATOR.test(e.label)) add(e.label, 'operator');
  }
  return { items, incomplete };
}
