import type { Span } from '@esql-lint/core';
import type * as esql from '@esql-lint/parser-esql';
import { esqlTypeOfField, functionDefinition, ruleMeta } from '@esql-lint/linter';
import { ecsFieldDoc, type FieldLookup, type ResolvedSchema } from '@esql-lint/schema';
import { commandMarkdown, keywordMarkdown } from './completion-esql.js';
import { kqlKeywordMarkdown } from './completion-kql.js';
import { queryAt, type DocumentState, type QueryAt } from './documents.js';
import { EQL_KEYWORDS, EQL_TIME_UNITS, eqlFunction, eqlFunctionMarkdown } from './eql-knowledge.js';
import { ESQL_KEYWORDS, esqlCommand } from './esql-commands.js';
import { esqlPosition } from './esql-position.js';
import { cachedAnalysis, columnsBefore, functionMarkdown } from './esql.js';
import { languageFacts } from './languages.js';
import { scanBefore, type ScanLanguage } from './scan.js';
import type { Hover } from './types.js';

interface TokenAt {
  text: string;
  span: Span;
  kind: 'word' | 'op' | 'string' | 'number';
}

/** The token under the cursor. */
function tokenAt(text: string, offset: number, language: ScanLanguage): TokenAt | undefined {
  const word = language === 'eql' ? /[\w.@~]/ : /[\w.@]/;
  let start = offset;
  let end = offset;
  while (start > 0 && word.test(text[start - 1])) start--;
  while (end < text.length && word.test(text[end])) end++;
  if (start < end) {
    const t = text.slice(start, end);
    return { text: t, span: { start, end }, kind: /^\d/.test(t) ? 'number' : 'word' };
  }
  const op = /[=!<>:~|+\-*/%,[\]]/;
  start = offset;
  end = offset;
  while (start > 0 && op.test(text[start - 1])) start--;
  while (end < text.length && op.test(text[end])) end++;
  if (start < end) return { text: text.slice(start, end), span: { start, end }, kind: 'op' };
  return undefined;
}

function nextWord(text: string, from: number): { text: string; end: number } | undefined {
  const m = /^\s+([A-Za-z_]+)/.exec(text.slice(from));
  return m ? { text: m[1], end: from + m[0].length } : undefined;
}

function prevWord(text: string, before: number): { text: string; start: number } | undefined {
  const m = /([A-Za-z_]+)\s+$/.exec(text.slice(0, before));
  return m ? { text: m[1], start: before - m[0].length } : undefined;
}

/** The offset of the `)` closing the `(` at `open` (or the end of the text). */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return text.length;
      i = close;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    else if (c === '|' && depth > 0 && text[i + 1] !== '|') return i;
  }
  return text.length;
}

function describeLookup(name: string, lookup: FieldLookup, schema: ResolvedSchema): string {
  switch (lookup.kind) {
    case 'known':
    case 'open': {
      const lines = [`**${name}**: \`${lookup.type}\``];
      lines.push(lookup.kind === 'open' ? `A sub-field of \`${lookup.via}\` (${lookup.parentType}), from ${lookup.source}.` : `From ${lookup.source}.`);
      const ecs = ecsFieldDoc(name);
      if (ecs?.description) lines.push(ecs.description);
      if (ecs?.example) lines.push(`Example: \`${ecs.example}\``);
      const allowed = schema.allowedValues(name);
      if (allowed?.length) lines.push(`Allowed values: ${allowed.map((v) => `\`${v}\``).join(', ')}`);
      return lines.join('\n\n');
    }
    case 'unavailable':
      return `**${name}**\n\nIn the namespace of the ${lookup.package} integration, whose schema is not available: not checked.`;
    case 'incomplete':
      return `**${name}**\n\nNot in the schema of ${lookup.stream ? `${lookup.package}.${lookup.stream}` : lookup.package}, which is known to be incomplete.`;
    default:
      return `**${name}**\n\nIn none of the schemas this rule runs against.`;
  }
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

// ------------------------------------------------------------------------------------------- ES|QL

function esqlHover(at: QueryAt, snapshot: boolean): { contents: string; span: Span } | undefined {
  const { query } = at.state;
  const ast = at.state.ast as esql.Query;
  const text = query.text;
  const scan = scanBefore(text, at.offset, 'esql');
  if (scan.inert === 'comment') return undefined;
  if (scan.inert === 'string') {
    const start = scan.inertStart!;
    const close = text.indexOf('"', text.startsWith('"""', start) ? start + 3 : start + 1);
    const end = close < 0 ? text.length : close + (text.startsWith('"""', start) ? 3 : 1);
    const value = text.slice(start, end);
    const date = /^"\d{4}-\d{2}-\d{2}/.test(value) ? ' It converts to a `date` where a date is expected (implicit cast).' : '';
    return { contents: `\`keyword\` string literal.${date}`, span: { start, end } };
  }
  const tok = tokenAt(text, at.offset, 'esql');
  if (!tok) return undefined;
  if (tok.kind === 'number') {
    const unit = nextWord(text, tok.span.end);
    if (unit && /^(ms|milliseconds?|s|sec|seconds?|min|minutes?|h|hours?|d|days?|w|weeks?|mo|months?|q|quarters?|yr?|years?)$/i.test(unit.text)) {
      const duration = /^(ms|milliseconds?|s|sec|seconds?|min|minutes?|h|hours?)$/i.test(unit.text);
      return { contents: `\`${duration ? 'time_duration' : 'date_period'}\` time span literal: ${tok.text} ${unit.text}.${duration ? '' : ' A calendar period (days and longer follow the calendar).'}`, span: { start: tok.span.start, end: unit.end } };
    }
    return { contents: `\`${tok.text.includes('.') ? 'double' : 'integer'}\` literal.`, span: tok.span };
  }
  if (tok.kind === 'op') {
    const label = tok.text.trim();
    const doc = ESQL_KEYWORDS[label];
    return doc ? { contents: keywordMarkdown(label, doc.doc, doc.example, doc.url), span: tok.span } : undefined;
  }
  const upper = tok.text.toUpperCase();
  // A function call.
  if (/^\s*\(/.test(text.slice(tok.span.end)) && functionDefinition(tok.text)) {
    const def = functionDefinition(tok.text)!;
    const open = text.indexOf('(', tok.span.end);
    const close = closingParen(text, open);
    const pos = esqlPosition(text, close);
    const call = pos.calls.find((c) => c.open === open);
    const schema = at.state.schema();
    const columns = new Map(columnsBefore(ast, text, tok.span.start, schema, snapshot).columns.map((c) => [c.name, c.type]));
    const argTypes = (call?.args ?? []).map((a) => {
      if (a.length !== 1) return 'unknown';
      const t = a[0];
      if (t.kind === 'string') return 'keyword';
      if (t.kind === 'number') return t.text.includes('.') ? 'double' : 'integer';
      if (t.kind === 'word') {
        const c = columns.get(t.text);
        if (c) return c;
        const l = schema.lookup(t.text);
        return l.kind === 'known' || l.kind === 'open' ? esqlTypeOfField(l.type) : 'unknown';
      }
      return 'unknown';
    });
    return { contents: functionMarkdown(def, argTypes, 4), span: tok.span };
  }
  // A command name (the first word after a pipe, or of the query).
  const before = text.slice(0, tok.span.start);
  const commandStart = /(?:^|\|)\s*$/.test(before.replace(/\/\/[^\n]*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, ''));
  if (commandStart || /^(INLINE|LOOKUP|LEFT|RIGHT|FULL)$/.test(prevWord(text, tok.span.start)?.text.toUpperCase() ?? '')) {
    const second = nextWord(text, tok.span.end);
    const prev = prevWord(text, tok.span.start);
    const two = second && esqlCommand(`${upper} ${second.text}`);
    const back = !commandStart && prev ? esqlCommand(`${prev.text} ${upper}`) : undefined;
    const info = two ?? back ?? (commandStart ? esqlCommand(upper) : undefined);
    if (info) {
      const span = two ? { start: tok.span.start, end: second!.end } : back ? { start: prev!.start, end: tok.span.end } : tok.span;
      return { contents: commandMarkdown(info), span };
    }
  }
  // Keywords, multi-word ones as one.
  const keyword = esqlKeywordAt(text, tok);
  if (keyword) return keyword;
  // Fields and columns.
  const facts = languageFacts('esql')!;
  const ref = facts.fieldReferences(ast).find((r) => r.span.start <= at.offset && at.offset <= r.span.end && !r.wildcard);
  if (ref) return fieldHover(at, ref, snapshot);
  return undefined;
}

function esqlKeywordAt(text: string, tok: TokenAt): { contents: string; span: Span } | undefined {
  const upper = tok.text.toUpperCase();
  const next = nextWord(text, tok.span.end);
  const next2 = next && nextWord(text, next.end);
  const prev = prevWord(text, tok.span.start);
  const prev2 = prev && prevWord(text, prev.start);
  const candidates: Array<[string, Span]> = [];
  if (upper === 'IS' && next?.text.toUpperCase() === 'NOT' && next2?.text.toUpperCase() === 'NULL') candidates.push(['IS NOT NULL', { start: tok.span.start, end: next2.end }]);
  if (upper === 'IS' && next?.text.toUpperCase() === 'NULL') candidates.push(['IS NULL', { start: tok.span.start, end: next.end }]);
  if (upper === 'NOT' && prev?.text.toUpperCase() === 'IS' && next?.text.toUpperCase() === 'NULL') candidates.push(['IS NOT NULL', { start: prev.start, end: next.end }]);
  if (upper === 'NULL' && prev?.text.toUpperCase() === 'NOT' && prev2?.text.toUpperCase() === 'IS') candidates.push(['IS NOT NULL', { start: prev2.start, end: tok.span.end }]);
  if (upper === 'NULL' && prev?.text.toUpperCase() === 'IS') candidates.push(['IS NULL', { start: prev.start, end: tok.span.end }]);
  if (upper === 'NOT' && next && ['IN', 'LIKE', 'RLIKE'].includes(next.text.toUpperCase())) candidates.push([`NOT ${next.text.toUpperCase()}${next.text.toUpperCase() === 'IN' ? ' (' : ''}`, { start: tok.span.start, end: next.end }]);
  if (['IN', 'LIKE', 'RLIKE'].includes(upper) && prev?.text.toUpperCase() === 'NOT') candidates.push([`NOT ${upper}${upper === 'IN' ? ' (' : ''}`, { start: prev.start, end: tok.span.end }]);
  if (upper === 'NULLS' && next && /^(FIRST|LAST)$/i.test(next.text)) candidates.push([`NULLS ${next.text.toUpperCase()}`, { start: tok.span.start, end: next.end }]);
  if (/^(FIRST|LAST)$/.test(upper) && prev?.text.toUpperCase() === 'NULLS') candidates.push([`NULLS ${upper}`, { start: prev.start, end: tok.span.end }]);
  candidates.push([upper, tok.span]);
  for (const [label, span] of candidates) {
    const doc = ESQL_KEYWORDS[label];
    if (doc) return { contents: keywordMarkdown(label.replace(/ \($/, ''), doc.doc, doc.example, doc.url), span };
  }
  return undefined;
}

function fieldHover(at: QueryAt, ref: { name: string; span: Span }, snapshot: boolean): { contents: string; span: Span } {
  const { query } = at.state;
  const schema = at.state.schema();
  const lookup = schema.lookup(ref.name);
  if (query.language === 'esql' && lookup.kind !== 'known' && lookup.kind !== 'open') {
    // A column the query creates (EVAL, STATS, RENAME...): its type and where it is created.
    const ast = at.state.ast as esql.Query;
    const analysis = cachedAnalysis(ast, query.text, schema, snapshot);
    const read = analysis.reads.find((r) => r.span.start === ref.span.start && r.name === ref.name);
    const column = analysis.columns.get(ref.name);
    const type = read?.type ?? column?.type;
    if (type || analysis.createdAnywhere(ref.name)) {
      const def = definitionOf(ast, query.text, ref.name, ref.span.start);
      const where = def ? ` Created by ${def.command} on line ${lineOf(query.text, def.span.start)} of the query.` : '';
      return { contents: `**${ref.name}**: \`${type ?? 'unknown'}\`\n\nA column the query creates.${where}`, span: ref.span };
    }
  }
  return { contents: describeLookup(ref.name, lookup, schema), span: ref.span };
}

/** The last place before `before` where the query defines a column (or the first anywhere). */
function definitionOf(ast: esql.Query, text: string, name: string, before: number): { command: string; span: Span } | undefined {
  const facts = languageFacts('esql')!;
  const defs = (facts.fieldReferences(ast) as Array<{ name: string; span: Span; role?: string }>).filter((r) => r.role === 'define' && r.name === name);
  const pick = [...defs].reverse().find((d) => d.span.start <= before) ?? defs[0];
  if (!pick) return undefined;
  const cmd = ast.commands.find((c) => c.span.start <= pick.span.start && pick.span.start <= c.span.end);
  const word = cmd ? /^[A-Za-z_]+(?:\s+(?:STATS|JOIN))?/i.exec(text.slice(cmd.span.start, cmd.span.end))?.[0].toUpperCase() ?? 'a command' : 'a command';
  return { command: word, span: pick.span };
}

// ------------------------------------------------------------------------------------------- EQL / KQL

function eqlHover(at: QueryAt): { contents: string; span: Span } | undefined {
  const text = at.state.query.text;
  const scan = scanBefore(text, at.offset, 'eql');
  if (scan.inert) return undefined;
  const tok = tokenAt(text, at.offset, 'eql');
  if (!tok) return undefined;
  if (tok.kind === 'number') {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(tok.text);
    if (m) return { contents: `Time span: ${m[1]} ${EQL_TIME_UNITS[m[2]]}.`, span: tok.span };
    return undefined;
  }
  if (tok.kind === 'op') {
    const doc = EQL_KEYWORDS[tok.text.trim()];
    return doc ? { contents: `**${tok.text.trim()}**\n\n${doc.doc}${doc.example ? '\n\n```eql\n' + doc.example + '\n```' : ''}\n\n[Reference](${doc.url})`, span: tok.span } : undefined;
  }
  if (/^\s*\(/.test(text.slice(tok.span.end))) {
    const f = eqlFunction(tok.text);
    if (f) return { contents: eqlFunctionMarkdown(f), span: tok.span };
  }
  const lower = tok.text.toLowerCase();
  // An event category: the word before `where`.
  if (/^\s+where\b/i.test(text.slice(tok.span.end)) && !/[.]/.test(tok.text)) {
    const doc = ecsFieldDoc('event.category')?.allowedValues?.find((v) => v.name === lower)?.description;
    return { contents: `**${tok.text}**: event category\n\n${lower === 'any' ? EQL_KEYWORDS.any.doc : doc ?? `Events whose \`event.category\` is \`${lower}\`.`}`, span: tok.span };
  }
  const kw = EQL_KEYWORDS[lower];
  if (kw && !tok.text.includes('.')) return { contents: `**${lower}**\n\n${kw.doc}${kw.example ? '\n\n```eql\n' + kw.example + '\n```' : ''}\n\n[Reference](${kw.url})`, span: tok.span };
  const ref = languageFacts('eql')!.fieldReferences(at.state.ast).find((r) => r.span.start <= at.offset && at.offset <= r.span.end && !r.wildcard);
  if (ref) return { contents: describeLookup(ref.name, at.state.schema().lookup(ref.name), at.state.schema()), span: ref.span };
  return undefined;
}

function kqlHover(at: QueryAt): { contents: string; span: Span } | undefined {
  const text = at.state.query.text;
  const ref = languageFacts('kuery')!.fieldReferences(at.state.ast).find((r) => r.span.start <= at.offset && at.offset <= r.span.end && !r.wildcard);
  if (ref) return { contents: describeLookup(ref.name, at.state.schema().lookup(ref.name), at.state.schema()), span: ref.span };
  const tok = tokenAt(text, at.offset, 'kuery');
  if (!tok) return undefined;
  const doc = kqlKeywordMarkdown(tok.text.trim());
  if (doc && (tok.kind === 'op' || /^(and|or|not)$/i.test(tok.text))) return { contents: doc, span: tok.span };
  // A value of a field with ECS allowed values: what it means.
  const m = /([\w.@]+)\s*:\s*\(?(?:[^():]*?\bor\s+)?"?$/i.exec(text.slice(0, tok.span.start));
  if (m) {
    const d = ecsFieldDoc(m[1])?.allowedValues?.find((v) => v.name === tok.text);
    if (d) return { contents: `**${tok.text}**: allowed value of \`${m[1]}\`\n\n${d.description}`, span: tok.span };
  }
  return undefined;
}

function queryHover(at: QueryAt, snapshot: boolean): { contents: string; span: Span } | undefined {
  switch (at.state.query.language) {
    case 'esql':
      return esqlHover(at, snapshot);
    case 'eql':
      return eqlHover(at);
    case 'kuery':
      return kqlHover(at);
    default:
      return undefined;
  }
}

export function hover(state: DocumentState, fileOffset: number, ruleDocsBase?: string): Hover | undefined {
  const at = queryAt(state, fileOffset);
  if (at) {
    const h = queryHover(at, state.linter.options.snapshot ?? false);
    if (h) return { contents: h.contents, span: at.state.query.map.spanToHost(h.span) };
  }
  // Nothing else to say: what the diagnostic under the cursor is about.
  const d = state.lint().diagnostics.find((x) => x.span.start <= fileOffset && fileOffset <= x.span.end);
  const meta = d && ruleMeta(d.code);
  if (!d || !meta) return undefined;
  const link = ruleDocsBase ? `[docs/rules/${d.code}.md](${ruleDocsBase}${d.code}.md)` : `docs/rules/${d.code}.md`;
  return { contents: `**${d.code}**: ${meta.description}\n\nSee ${link}.`, span: d.span };
}

