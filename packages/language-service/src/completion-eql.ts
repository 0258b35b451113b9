import * as eql from '@esql-lint/parser-eql';
import { ecsFieldDoc } from '@esql-lint/schema';
import { applyCase, keywordCase } from './case.js';
import { fieldValues, type QueryCompletionInput } from './completion-esql.js';
import { EQL_KEYWORDS, eqlFunction, eqlFunctionMarkdown, eqlFunctions, eqlSignatureLabel } from './eql-knowledge.js';
import { fieldDocumentation, ItemCollector, rankedFields, streamsOf, usedNames } from './ranking.js';
import { openBrackets, reduceForAssist, scanBefore, typedWord, type Tok } from './scan.js';
import type { CompletionList } from './types.js';

const KEYWORDS = new Set(Object.keys(EQL_KEYWORDS).filter((k) => /^[a-z]+$/.test(k)).map((k) => k.toUpperCase()));

function keywordMarkdown(label: string): string | undefined {
  const k = EQL_KEYWORDS[label.toLowerCase()];
  if (!k) return undefined;
  return [`**${label}**`, k.doc, k.example ? '```eql\n' + k.example + '\n```' : '', `[Reference](${k.url})`].filter(Boolean).join('\n\n');
}

const boundary = (t: Tok, depth: number) => (t.kind === 'word' && /^(and|or)$/i.test(t.text)) || (depth > 0 && t.kind === 'comma');

/**
 * A short text with the same expected items as a long query at `offset` (content assist costs grow with
 * the tokens before the cursor): closed `[...]` queries of a sequence stand as `[any where true]`, and the
 * condition being typed is cut to its last `and`/`or`. Undefined when the shape is not one we cut.
 */
export function eqlAssistText(text: string, tokens: readonly Tok[], offset: number): string | undefined {
  const lastPipe = tokens.map((t) => t.kind).lastIndexOf('pipe');
  if (lastPipe >= 0) return 'any where true ' + text.slice(tokens[lastPipe].start, offset);
  const first = tokens[0];
  if (first?.kind === 'word' && /^(sequence|sample)$/i.test(first.text)) {
    let out = '';
    let depth = 0;
    let groupStart = -1;
    let k = 0;
    for (; k < tokens.length; k++) {
      const t = tokens[k];
      if (t.kind === 'open' && t.text === '[' && depth === 0) {
        if (groupStart < 0 && out === '') out = text.slice(first.start, t.start);
        groupStart = k;
      }
      if (t.kind === 'open') depth++;
      if (t.kind === 'close') depth--;
      if (t.kind === 'close' && t.text === ']' && depth === 0) {
        out += ' [any where true]';
        groupStart = -1;
        // Text between groups (`by x`, `until`): kept.
        const next = tokens[k + 1];
        if (next && !(next.kind === 'open' && next.text === '[')) {
          const end = tokens.slice(k + 1).findIndex((x) => x.kind === 'open' && x.text === '[');
          out += ' ' + text.slice(next.start, end < 0 ? offset : tokens[k + 1 + end].start);
        }
      }
    }
    if (groupStart < 0) return out === '' ? undefined : out + (out.endsWith(' ') ? '' : ' ');
    const inner = tokens.slice(groupStart + 1);
    const where = inner.findIndex((t) => t.kind === 'word' && t.text.toLowerCase() === 'where');
    if (where < 0) return out + ' ' + text.slice(tokens[groupStart].start, offset);
    const cond = inner.slice(where + 1);
    return out + ' [' + text.slice(inner[0].start, inner[where].end) + ' ' + reduceForAssist(text, cond, inner[where].end, offset, boundary);
  }
  const where = tokens.findIndex((t) => t.kind === 'word' && t.text.toLowerCase() === 'where');
  if (where < 0) return undefined;
  return text.slice(tokens[0].start, tokens[where].end) + ' ' + reduceForAssist(text, tokens.slice(where + 1), tokens[where].end, offset, boundary);
}

/** Completion in an EQL query: event categories, sequence/sample snippets, fields, functions, keywords, values. */
export function eqlCompletions(input: QueryCompletionInput): CompletionList {
  const { text, offset } = input;
  const scan = scanBefore(text, offset, 'eql');
  if (scan.inert) return { items: [], incomplete: false };
  const { start, word } = typedWord(text, offset, 'eql');
  const tokens = scan.tokens.filter((t) => t.end <= start);
  const out = new ItemCollector(word, input.toHost({ start, end: offset }), input.maxLong);
  const kc = keywordCase(text, KEYWORDS, 'lower');
  const assist = tokens.length > 60 ? eqlAssistText(text, tokens, start) : undefined;
  const expected = assist !== undefined ? eql.expectedAt(assist, assist.length) : eql.expectedAt(text, start);
  const has = (label: string, kind = 'keyword') => expected.some((e) => e.kind === kind && e.label === label);
  const keyword = (label: string, extra: { insertText?: string; snippet?: boolean; detail?: string } = {}) => {
    const cased = applyCase(label, kc);
    const doc = keywordMarkdown(label);
    out.add(cased, 'keyword', { ...(doc ? { documentation: doc } : {}), insertText: extra.insertText ?? cased + ' ', retrigger: 'suggest', ...extra });
  };
  const last = tokens[tokens.length - 1];

  // An event category: at the start, after `[`, after `![`.
  const categoryPosition = has('any') && has('identifier', 'token') && !has('backquoted field', 'token');
  if (categoryPosition) {
    const common = ['process', 'file', 'network', 'registry', 'library', 'authentication', 'iam', 'configuration', 'driver', 'api'];
    const allowed = input.schema().allowedValues('event.category') ?? [];
    const categories = ['any', ...common.filter((c) => allowed.includes(c)), ...allowed.filter((c) => !common.includes(c))];
    const doc = ecsFieldDoc('event.category');
    for (const c of categories) {
      const d = doc?.allowedValues?.find((a) => a.name === c)?.description;
      out.add(c, 'value', { detail: 'event category', insertText: `${c} where `, retrigger: 'suggest', documentation: c === 'any' ? EQL_KEYWORDS.any.doc : d ?? `Events whose \`event.category\` is \`${c}\`.` });
    }
    if (has('sequence')) {
      out.add(applyCase('sequence by', kc), 'keyword', { detail: 'sequence by ... [ ... ] [ ... ]', documentation: keywordMarkdown('sequence'), insertText: applyCase('sequence by', kc) + ' ${1:host.id}\n  [${2:process} where ${3:true}]\n  [${4:process} where ${5:true}]', snippet: true });
      out.add(applyCase('sequence with maxspan=', kc), 'keyword', { detail: 'sequence with maxspan=... [ ... ] [ ... ]', documentation: keywordMarkdown('sequence'), insertText: applyCase('sequence with maxspan=', kc) + '${1:1m}\n  [${2:process} where ${3:true}]\n  [${4:process} where ${5:true}]', snippet: true, filterText: 'sequence' });
    }
    if (has('sample')) out.add(applyCase('sample by', kc), 'keyword', { detail: 'sample by ... [ ... ] [ ... ]', documentation: keywordMarkdown('sample'), insertText: applyCase('sample by', kc) + ' ${1:host.id}\n  [${2:process} where ${3:true}]\n  [${4:process} where ${5:true}]', snippet: true });
    return { items: out.items, incomplete: out.incomplete };
  }
  // After `|`: the pipes Elasticsearch runs.
  if (last?.kind === 'pipe') {
    for (const pipe of ['head', 'tail']) out.add(pipe, 'keyword', { documentation: keywordMarkdown(pipe), insertText: `${pipe} \${1:10}`, snippet: true });
    return { items: out.items, incomplete: out.incomplete };
  }
  // `sequence ` / `sequence by x ` / after a `]`: the header options and the next query.
  if (has('with') && !has('where')) {
    if (has('by')) keyword('by');
    keyword('with maxspan=', { insertText: applyCase('with maxspan=', kc) + '${1:1m}', snippet: true });
  }
  if (has('until')) keyword('until', { insertText: applyCase('until', kc) + ' [${1:process} where ${2:true}]', snippet: true });
  if (has('[', 'token') && !has('backquoted field', 'token')) out.add('[', 'operator', { detail: 'an event query', insertText: '[${1:process} where ${2:true}]', snippet: true });
  if (has('where')) {
    keyword('where');
    return { items: out.items, incomplete: out.incomplete };
  }
  const brackets = openBrackets(tokens);
  const top = brackets[brackets.length - 1];
  const call = top?.call;
  const fn = call ? eqlFunction(call.name) : undefined;
  if (call && !fn) return { items: out.items, incomplete: out.incomplete };
  const exprStart = has('backquoted field', 'token');
  if (exprStart) {
    // Values after `field == ` / `field : ` / `field in (`.
    const n = tokens.length;
    let field: string | undefined;
    if (n >= 2 && last?.kind === 'op' && ['==', '!=', ':'].includes(last.text) && tokens[n - 2].kind === 'word') field = tokens[n - 2].text;
    if (!field && top && !top.call && top.open.text === '(') {
      const before = tokens.slice(0, top.index);
      const kw = before[before.length - 1];
      if (kw?.kind === 'word' && /^(in|in~)$/i.test(kw.text) && before[before.length - 2]?.kind === 'word') field = before[before.length - 2].text;
      if (kw?.kind === 'op' && kw.text === ':' && before[before.length - 2]?.kind === 'word') field = before[before.length - 2].text;
    }
    if (field) {
      const values = fieldValues(input.schema(), field, streamsOf(text, input.ruleIndex, input.integrations));
      for (const v of values) out.add(`"${v.value}"`, 'value', { detail: v.detail, filterText: v.value, ...(v.documentation ? { documentation: v.documentation } : {}) });
      if (values.length) return { items: out.items, incomplete: out.incomplete };
    }
    const schema = input.schema();
    const used = usedNames(input.ast, () => eql.fieldReferences(input.ast as eql.Node).map((r) => r.name));
    for (const name of rankedFields(schema, { used, streams: streamsOf(text, input.ruleIndex, input.integrations) })) {
      if (!out.matches(name)) continue;
      if (out.full) {
        out.incomplete = true;
        break;
      }
      if (!out.add(name, 'field', fieldDocumentation(schema, name)) && out.incomplete) break;
    }
    for (const f of eqlFunctions()) {
      const info = eql.lookupFunction(f.name)!;
      out.add(f.name, 'function', { detail: eqlSignatureLabel(f), documentation: eqlFunctionMarkdown(f), insertText: `${f.name}($1)`, snippet: true, retrigger: 'parameterHints' });
      if (info.caseInsensitive && word.endsWith('~')) out.add(`${f.name}~`, 'function', { detail: eqlSignatureLabel(f, true), documentation: eqlFunctionMarkdown(f), insertText: `${f.name}~($1)`, snippet: true, retrigger: 'parameterHints' });
    }
    for (const k of ['not', 'true', 'false', 'null']) if (has(k)) keyword(k);
    return { items: out.items, incomplete: out.incomplete };
  }
  // After an operand: operators, keywords, `,` `)` `]` and `|`.
  if (call && fn) {
    const more = fn.info.maxArgs > call.argIndex + 1;
    if (more && has(',', 'token')) out.add(',', 'operator', { insertText: ', ', retrigger: 'suggest' });
    if (has(')', 'token')) out.add(')', 'operator');
  }
  for (const e of expected) {
    if (e.kind === 'keyword') {
      if (['by', 'with', 'until', 'sequence', 'sample', 'join', 'any', 'of', 'where'].includes(e.label)) continue;
      keyword(e.label);
    }
  }
  if (has(']', 'token')) out.add(']', 'operator', { detail: 'end of the event query' });
  if (has('|', 'token')) out.add('|', 'operator', { detail: 'a pipe (head, tail)', insertText: '| ', retrigger: 'suggest' });
  if (word === '') {
    for (const e of expected) if (e.kind === 'token' && /^(==|!=|<|<=|>|>=|:)$/.test(e.label)) out.add(e.label, 'operator', { ...(EQL_KEYWORDS[e.label] ? { documentation: EQL_KEYWORDS[e.label].doc } : {}), insertText: e.label + ' ' });
  }
  return { items: out.items, incomplete: out.incomplete };
}
