import * as esql from '@esql-lint/parser-esql';
import { esqlTypeOfField, functionDefinition } from '@esql-lint/linter';
import type { ResolvedSchema } from '@esql-lint/schema';
import { queryAt, type DocumentState } from './documents.js';
import { eqlFunction, eqlSignatureLabel } from './eql-knowledge.js';
import { esqlPosition } from './esql-position.js';
import { columnsBefore, distinctSignatures, functionDocsOf, functionMarkdown, orderSignatures, signatureLabel } from './esql.js';
import { openBrackets, scanBefore, type Tok } from './scan.js';
import type { SignatureHelp, SignatureInfo } from './types.js';

const DURATION_UNITS = /^(ms|milliseconds?|s|sec|seconds?|min|minutes?|h|hours?)$/i;

/** The ES|QL type of an argument written so far, when a glance at its tokens tells. */
function argType(tokens: Tok[], typeOf: (name: string) => string | undefined): string {
  if (tokens.length === 1) {
    const t = tokens[0];
    if (t.kind === 'string') return 'keyword';
    if (t.kind === 'number') return t.text.includes('.') ? 'double' : 'integer';
    if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return 'boolean';
    if (t.kind === 'word' || t.kind === 'quoted') return typeOf(t.text.replace(/^`|`$/g, '')) ?? 'unknown';
  }
  if (tokens.length === 2 && tokens[0].kind === 'number' && tokens[1].kind === 'word') return DURATION_UNITS.test(tokens[1].text) ? 'time_duration' : 'date_period';
  return 'unknown';
}

/** Label and parameter ranges of one signature. */
function info(label: string, params: Array<{ name: string; doc?: string }>, documentation?: string): SignatureInfo {
  const open = label.indexOf('(');
  let from = open + 1;
  const parameters = params.map((p) => {
    const start = label.indexOf(p.name, from);
    const end = label.indexOf(',', start);
    const close = label.lastIndexOf(')');
    const stop = end < 0 || end > close ? close : end;
    from = stop + 1;
    return { label: [start, stop] as [number, number], ...(p.doc ? { documentation: p.doc } : {}) };
  });
  return { label, ...(documentation ? { documentation } : {}), parameters };
}

function esqlSignatureHelp(text: string, offset: number, ast: esql.Query, schema: () => ResolvedSchema, snapshot: boolean): SignatureHelp | undefined {
  const pos = esqlPosition(text, offset);
  if (pos.inert || !pos.call) return undefined;
  const call = pos.call;
  const def = functionDefinition(call.name);
  if (!def) return undefined;
  let columns: Map<string, string> | undefined;
  const typeOf = (name: string): string | undefined => {
    columns ??= new Map(columnsBefore(ast, text, pos.wordStart, schema(), snapshot).columns.map((c) => [c.name, c.type]));
    const c = columns.get(name);
    if (c) return c;
    const l = schema().lookup(name);
    return l.kind === 'known' || l.kind === 'open' ? esqlTypeOfField(l.type) : undefined;
  };
  const argTypes = call.args.slice(0, call.argIndex).map((a) => argType(a, typeOf));
  const sigs = distinctSignatures(def);
  const best = orderSignatures(sigs, argTypes, call.argIndex + 1)[0];
  const docs = functionDocsOf(def.name);
  const description = functionMarkdown(def, argTypes, 0).split('\n\n').slice(1).join('\n\n');
  const signatures = sigs.map((s) => info(signatureLabel(def.name, s), s.params.map((p) => ({ name: p.name, doc: docs?.params?.[p.name] })), description));
  const activeSignature = Math.max(0, sigs.indexOf(best));
  const n = best.params.length;
  const activeParameter = n === 0 ? 0 : call.argIndex < n ? call.argIndex : best.variadic ? n - 1 : call.argIndex;
  return { signatures, activeSignature, activeParameter };
}

function eqlSignatureHelp(text: string, offset: number): SignatureHelp | undefined {
  const scan = scanBefore(text, offset, 'eql');
  if (scan.inert) return undefined;
  const open = openBrackets(scan.tokens);
  const call = [...open].reverse().find((b) => b.call)?.call;
  if (!call || open[open.length - 1].call !== call) return undefined;
  const f = eqlFunction(call.name);
  if (!f) return undefined;
  const tilde = call.name.endsWith('~');
  const sig = info(eqlSignatureLabel(f, tilde), f.params.map((p) => ({ name: p.name, doc: p.doc })), f.doc);
  const n = f.params.length;
  const variadic = f.params[n - 1]?.variadic;
  return { signatures: [sig], activeSignature: 0, activeParameter: call.argIndex < n ? call.argIndex : variadic ? n - 1 : call.argIndex };
}

/** Signature help inside a function call of an ES|QL or EQL query. */
export function signatureHelp(state: DocumentState, fileOffset: number): SignatureHelp | undefined {
  const at = queryAt(state, fileOffset);
  if (!at) return undefined;
  const { query, ast } = at.state;
  if (query.language === 'esql') return esqlSignatureHelp(query.text, at.offset, ast as esql.Query, () => at.state.schema(), state.linter.options.snapshot ?? false);
  if (query.language === 'eql') return eqlSignatureHelp(query.text, at.offset);
  return undefined;
}
