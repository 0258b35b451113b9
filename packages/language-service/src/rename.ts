import type { Span } from '@esql-lint/core';
import { metadataFields } from '@esql-lint/linter';
import * as esql from '@esql-lint/parser-esql';
import { encodeForLiteral } from '@esql-lint/rule-document';
import type { DocumentState } from './documents.js';
import { occurrenceAt, related } from './navigation.js';
import type { NameOccurrence } from './names.js';
import type { TextEdit } from './navigation-types.js';

export type PrepareRenameResult = { span: Span; placeholder: string } | { error: string };
export type RenameResult = { edits: TextEdit[] } | { error: string };

/** Why the name under the cursor cannot be renamed, or undefined when it can. */
function refusal(o: NameOccurrence, language: string): string | undefined {
  if (language !== 'esql') return `\`${o.name}\` is a field of the indices the rule reads: only columns an ES|QL query creates can be renamed.`;
  const [kind] = o.binding.split(':', 1);
  if (kind === 'schema') return `\`${o.name}\` is a field of the indices the query reads: only columns the query creates (EVAL, STATS, RENAME...) can be renamed.`;
  if (kind === 'metadata') return `\`${o.name}\` is a metadata field: it cannot be renamed.`;
  if (kind === 'join') return `\`${o.name}\` comes from the LOOKUP JOIN index: it cannot be renamed in the query.`;
  if (kind === 'implicit') return `\`${o.name}\` is the name the command gives its output: name it in the command first (for example COMPLETION my_name = ...).`;
  return undefined;
}

export function prepareRename(state: DocumentState, fileOffset: number): PrepareRenameResult | undefined {
  const hit = occurrenceAt(state, fileOffset);
  if (!hit) return undefined;
  const error = refusal(hit.occurrence, hit.query.query.language);
  if (error) return { error };
  return { span: hit.query.query.map.spanToHost(hit.occurrence.span), placeholder: hit.occurrence.name };
}

/** Why `name` is not a valid column name, or undefined. */
function invalidName(name: string, inPattern: boolean): string | undefined {
  if (name.trim() === '') return 'A column name cannot be empty.';
  if (/[\u0000-\u001f\u007f]/.test(name)) return `\`${name}\` is not a valid column name: it contains a control character or a line break.`;
  if (name.includes('*')) return `\`${name}\` is not a valid column name: \`*\` makes it a pattern.`;
  if (name.split('.').some((p) => p === '')) return `\`${name}\` is not a valid column name: a dotted name cannot have an empty part.`;
  if (inPattern && !/^[\w@.-]+$/.test(name)) return `\`${name}\` cannot be written in a GROK or DISSECT pattern, which creates this column: use letters, digits, \`_\`, \`.\`, \`@\` and \`-\` only.`;
  return undefined;
}

/**
 * Renames the column under the cursor: every definition and read in the query and the rule's metadata
 * that names output columns (investigation_fields, required_fields, new_terms, threshold...). Refused
 * with a message for schema fields, invalid names and names already taken.
 */
export function rename(state: DocumentState, fileOffset: number, newName: string): RenameResult {
  const hit = occurrenceAt(state, fileOffset);
  if (!hit) return { error: 'There is no column name here to rename.' };
  const { query } = hit.query;
  const refused = refusal(hit.occurrence, query.language);
  if (refused) return { error: refused };
  const oldName = hit.occurrence.name;
  if (newName === oldName) return { edits: [] };
  const targets = related(hit.names, hit.occurrence);
  const invalid = invalidName(newName, targets.some((t) => t.syntax === 'pattern-field'));
  if (invalid) return { error: invalid };
  if (hit.names.some((n) => n.name === newName)) return { error: `\`${newName}\` is already a column of this query: choose another name.` };
  const lookup = hit.query.schema().lookup(newName).kind;
  if (lookup === 'known' || lookup === 'open') return { error: `\`${newName}\` is already a field of the indices this rule reads: choose another name.` };

  // The query's edits (query offsets), checked by parsing the result.
  const quoted = esql.columnName(newName);
  const queryEdits = targets.map((t) => ({ span: t.span, newText: t.syntax === 'pattern-field' ? newName : quoted }));
  let after = query.text;
  for (const e of [...queryEdits].sort((a, b) => b.span.start - a.span.start)) after = after.slice(0, e.span.start) + e.newText + after.slice(e.span.end);
  const errors = (t: string) => esql.parse(t).diagnostics.filter((d) => d.severity === 'error').length;
  if (errors(after) > errors(query.text)) return { error: `Renaming to \`${newName}\` would make the query invalid.` };

  const raw = state.document.kind === 'query';
  const edits: TextEdit[] = [];
  for (const e of queryEdits) {
    const newText = raw ? e.newText : query.encode ? query.encode(e.newText) : encodeForLiteral(state.text, query.literalSpan.start, e.newText);
    if (newText === undefined) return { error: `\`${newName}\` cannot be written inside this TOML string.` };
    edits.push({ span: query.map.spanToHost(e.span), newText });
  }
  if (query.key === 'query') {
    for (const f of metadataFields(state.document)) {
      if (f.name !== oldName || f.setting === 'threat_mapping' || f.setting === 'timestamp_override') continue;
      const newText = encodeForLiteral(state.text, f.span.start, newName);
      if (newText === undefined) return { error: `\`${newName}\` cannot be written in ${f.setting}.` };
      edits.push({ span: { start: f.span.start + 1, end: f.span.end - 1 }, newText });
    }
  }
  return { edits: edits.sort((a, b) => a.span.start - b.span.start) };
}
