import type { Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import type * as esql from '@esql-lint/parser-esql';
import { analyzeEsql, functionDefinition, ruleMeta } from '@esql-lint/linter';
import type { FieldLookup } from '@esql-lint/schema';
import { queryAt, type DocumentState, type QueryAt } from './documents.js';
import { functionDescription, functionSignatures } from './esql.js';
import { languageFacts } from './languages.js';
import type { Hover } from './types.js';

const WORD = /[\w]/;

function wordAround(text: string, offset: number): Span {
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  while (end < text.length && WORD.test(text[end])) end++;
  return { start, end };
}

function describeLookup(name: string, lookup: FieldLookup): string {
  switch (lookup.kind) {
    case 'known':
      return `**${name}**: \`${lookup.type}\`\n\nFrom ${lookup.source}.`;
    case 'open':
      return `**${name}**: \`${lookup.type}\`\n\nA sub-field of \`${lookup.via}\` (${lookup.parentType}), from ${lookup.source}.`;
    case 'unavailable':
      return `**${name}**\n\nIn the namespace of the ${lookup.package} integration, whose schema is not available: not checked.`;
    case 'incomplete':
      return `**${name}**\n\nNot in the schema of ${lookup.stream ? `${lookup.package}.${lookup.stream}` : lookup.package}, which is known to be incomplete.`;
    default:
      return `**${name}**\n\nIn none of the schemas this rule runs against.`;
  }
}

/** A function name under the cursor: the word is followed by `(`. */
function functionHover(at: QueryAt, word: Span, name: string): string | undefined {
  const text = at.state.query.text;
  if (!/^\s*\(/.test(text.slice(word.end))) return undefined;
  if (at.state.query.language === 'esql' && functionDefinition(name)) {
    const description = functionDescription(name);
    return ['```\n' + functionSignatures(name).join('\n') + '\n```', description].filter(Boolean).join('\n\n');
  }
  if (at.state.query.language === 'eql') {
    const f = eql.lookupFunction(name.replace(/~$/, ''));
    if (f) {
      const arity = f.maxArgs === Infinity ? `${f.minArgs} or more arguments` : f.minArgs === f.maxArgs ? `${f.minArgs} arguments` : `${f.minArgs} to ${f.maxArgs} arguments`;
      return `**${f.name}**: EQL function, ${arity}${f.caseInsensitive ? '; `~` makes it case-insensitive' : ''}.`;
    }
  }
  return undefined;
}

function queryHover(at: QueryAt, snapshot: boolean): { contents: string; span: Span } | undefined {
  const { query, ast } = at.state;
  const text = query.text;
  const word = wordAround(text, at.offset);
  if (word.start < word.end) {
    const f = functionHover(at, word, text.slice(word.start, word.end));
    if (f) return { contents: f, span: word };
  }
  const facts = languageFacts(query.language);
  const ref = facts?.fieldReferences(ast).find((r) => r.span.start <= at.offset && at.offset <= r.span.end && !r.wildcard);
  if (!ref) return undefined;
  const schema = at.state.schema();
  const lookup = schema.lookup(ref.name);
  if (query.language === 'esql' && lookup.kind !== 'known' && lookup.kind !== 'open') {
    // A column the query creates (EVAL, STATS, RENAME...): its type from the analysis.
    const analysis = analyzeEsql(ast as esql.Query, schema, { text, snapshot });
    const read = analysis.reads.find((r) => r.span.start === ref.span.start && r.name === ref.name);
    const column = analysis.columns.get(ref.name);
    const type = read?.type ?? column?.type;
    if (type || analysis.createdAnywhere(ref.name)) return { contents: `**${ref.name}**: \`${type ?? 'unknown'}\`\n\nA column the query creates.`, span: ref.span };
  }
  return { contents: describeLookup(ref.name, lookup), span: ref.span };
}

export function hover(state: DocumentState, fileOffset: number): Hover | undefined {
  const at = queryAt(state, fileOffset);
  if (at) {
    const h = queryHover(at, state.linter.options.snapshot ?? false);
    if (h) return { contents: h.contents, span: at.state.query.map.spanToHost(h.span) };
  }
  // Nothing else to say: what the diagnostic under the cursor is about.
  const d = state.lint().diagnostics.find((x) => x.span.start <= fileOffset && fileOffset <= x.span.end);
  const meta = d && ruleMeta(d.code);
  if (!d || !meta) return undefined;
  return { contents: `**${d.code}**: ${meta.description}\n\nSee docs/rules/${d.code}.md.`, span: d.span };
}
