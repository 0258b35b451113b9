import * as kql from '@esql-lint/parser-kql';
import { applyCase, keywordCase } from './case.js';
import { fieldValues, type QueryCompletionInput } from './completion-esql.js';
import { fieldDocumentation, ItemCollector, rankedFields, streamsOf, usedNames } from './ranking.js';
import { openBrackets, reduceForAssist, scanBefore, typedWord } from './scan.js';
import type { CompletionList } from './types.js';

const KQL_REF = 'https://www.elastic.co/docs/reference/query-languages/kql';

/** KQL keywords and operators, documented for esql-lint from the facts of Elastic's KQL reference. */
export const KQL_KEYWORDS: Record<string, { doc: string; example?: string }> = {
  and: { doc: 'Both conditions must match.', example: 'event.category : "process" and process.name : "cmd.exe"' },
  or: { doc: 'Either condition may match.', example: 'process.name : ("cmd.exe" or "powershell.exe")' },
  not: { doc: 'The condition must not match.', example: 'not user.name : "SYSTEM"' },
  ':': { doc: 'The field matches the value: an exact match for keyword fields, a full-text match for text fields; `*` is a wildcard; `field : *` means the field exists.', example: 'process.name : "cmd.exe"' },
  '<': { doc: 'Range: less than.', example: 'process.pid < 4' },
  '<=': { doc: 'Range: less than or equal.', example: 'event.duration <= 1000' },
  '>': { doc: 'Range: greater than.', example: 'destination.port > 1024' },
  '>=': { doc: 'Range: greater than or equal.', example: '@timestamp >= "now-1d"' },
  '{': { doc: 'A nested query: the conditions inside the braces must match the same object of a nested field.', example: 'user.names:{ first : "Alice" and last : "White" }' },
  '*': { doc: 'Wildcard: any characters (in a value), any fields (in a field name); `field : *` matches documents that have the field.', example: 'process.name : *powershell*' },
};

export function kqlKeywordMarkdown(label: string): string | undefined {
  const k = KQL_KEYWORDS[label.toLowerCase()];
  return k ? [`**${label}**`, k.doc, k.example ? '```kql\n' + k.example + '\n```' : '', `[Reference](${KQL_REF})`].filter(Boolean).join('\n\n') : undefined;
}

const KQL_CASE_WORDS = new Set(['AND', 'OR', 'NOT']);

/** Completion in a KQL query: fields, the values of a field after `:`, `and` / `or` / `not`. */
export function kqlCompletions(input: QueryCompletionInput): CompletionList {
  const { text, offset } = input;
  const scan = scanBefore(text, offset, 'kuery');
  if (scan.inert) return { items: [], incomplete: false };
  const { start, word } = typedWord(text, offset, 'kuery');
  const tokens = scan.tokens.filter((t) => t.end <= start);
  const out = new ItemCollector(word, input.toHost({ start, end: offset }), input.maxLong);
  // Content assist costs grow with the tokens before the cursor: cut a long query to its last and/or.
  const expected = tokens.length > 60
    ? (() => {
        const cut = reduceForAssist(text, tokens, 0, start, (t, depth) => (t.kind === 'word' && /^(and|or)$/i.test(t.text)) || (depth > 0 && t.kind === 'comma'));
        return kql.expectedAt(cut, cut.length);
      })()
    : kql.expectedAt(text, start);
  const has = (label: string, kind = 'token') => expected.some((e) => e.kind === kind && e.label === label);
  const kc = keywordCase(text, KQL_CASE_WORDS, 'lower');
  const keyword = (k: string) => {
    const cased = applyCase(k, kc);
    out.add(cased, 'keyword', { documentation: kqlKeywordMarkdown(k), insertText: cased + ' ', retrigger: 'suggest' });
  };
  // The field whose value is being typed: `field : <|>`, `field : (a or <|>`, `field < <|>`.
  let field: string | undefined;
  let k = tokens.length - 1;
  const brackets = openBrackets(tokens);
  const top = brackets[brackets.length - 1];
  if (top && top.open.text === '(' && !top.call) {
    const inner = tokens.slice(top.index + 1);
    if (inner.every((t) => t.kind === 'word' || t.kind === 'string')) k = top.index - 1;
  }
  if (k >= 1 && tokens[k]?.kind === 'op' && [':', '<', '<=', '>', '>='].includes(tokens[k].text) && tokens[k - 1].kind === 'word') field = tokens[k - 1].text;
  const valuePosition = has('value') && (field !== undefined || !has('field'));
  if (valuePosition && field) {
    const values = fieldValues(input.schema(), field, streamsOf(text, input.ruleIndex, input.integrations));
    const quoted = text[start - 1] === '"';
    for (const v of values) out.add(v.value, 'value', { detail: v.detail, insertText: quoted ? v.value : `"${v.value}"`, ...(v.documentation ? { documentation: v.documentation } : {}) });
    if (word === '' && tokens[k]?.text === ':') out.add('*', 'operator', { detail: 'any value: the field exists', documentation: kqlKeywordMarkdown('*') });
  }
  if (has('field')) {
    const schema = input.schema();
    const used = usedNames(input.ast, () => kql.fieldReferences(input.ast as kql.Query).map((r) => r.name));
    const colonFollows = /^[\w.@*-]*\s*:/.test(text.slice(offset));
    for (const name of rankedFields(schema, { used, streams: streamsOf(text, input.ruleIndex, input.integrations) })) {
      if (!out.matches(name)) continue;
      if (out.full) {
        out.incomplete = true;
        break;
      }
      const insert = colonFollows ? {} : { insertText: `${name} : `, retrigger: 'suggest' as const };
      if (!out.add(name, 'field', { ...fieldDocumentation(schema, name), ...insert }) && out.incomplete) break;
    }
  }
  for (const kw of ['and', 'or', 'not']) if (has(kw, 'keyword')) keyword(kw);
  if (word === '') {
    for (const op of [':', '<', '<=', '>', '>=', ')', '}']) if (has(op) && !(op === ':' && !tokens.length)) out.add(op, 'operator', { ...(KQL_KEYWORDS[op] ? { documentation: kqlKeywordMarkdown(op) } : {}), insertText: op === ')' || op === '}' ? op : op + ' ', ...(op === ':' ? { retrigger: 'suggest' as const } : {}) });
  }
  return { items: out.items, incomplete: out.incomplete };
}
