// Inline suppressions: comments that silence diagnostics in one file, one TOML key or one query line,
// in the manner of ESLint's `eslint-disable` and Ruff's `noqa`. docs/suppressions.md is the user's guide.
//
//   # esql-lint-disable CODE[, CODE...] -- reason           (TOML comment: the whole file)
//   # esql-lint-disable-next-line CODE...                     (TOML comment: the value of the next key)
//   // esql-lint-disable-next-line CODE...                    (ES|QL, EQL: the next line of the query)
//   // esql-lint-disable-line CODE...  or  /* ... */          (ES|QL, EQL: this line of the query)
//   // esql-lint-disable CODE...                              (raw .esql/.eql file: the whole file)
//
// No code means every code. A directive that suppresses nothing is reported (`unused-suppression`),
// and so is a code that does not exist (`unknown-suppression-code`).
import { closestMatches, type Diagnostic, type Span } from '@esql-lint/core';
import type { RuleDocument } from '@esql-lint/rule-document';
import { ruleMeta, RULES } from './rules.js';

export const DIRECTIVE = 'esql-lint-disable';

/** What a directive covers: the file, a range of file offsets (a key's value), or one file line. */
export type SuppressionScope = { kind: 'file' } | { kind: 'range'; span: Span } | { kind: 'line'; line: number };

export interface SuppressionDirective {
  form: 'file' | 'next-line' | 'line';
  scope: SuppressionScope;
  /** The codes named (empty: every code), each with its span in the file. */
  codes: Array<{ code: string; span: Span }>;
  /** The comment's directive text in the file (from `esql-lint-disable` to the end of the codes). */
  span: Span;
  /** The text after `--`, if any. */
  reason?: string;
}

// `esql-lint-disable[-next-line|-line] codes [-- reason]` at the start of a comment's body.
const DIRECTIVE_RE = /^(\s*)esql-lint-disable(-next-line|-line)?(?=\s|$|\*\/)([^\n]*)$/;

/**
 * Reads a comment body (the text after `#` or `//`, or inside `/* *\/`); `toFile` turns an offset of
 * the body into a file offset (through the query's offset map for comments inside a query).
 */
function readDirective(body: string, toFile: (offset: number) => number): Omit<SuppressionDirective, 'scope'> | undefined {
  const m = DIRECTIVE_RE.exec(body);
  if (!m) return undefined;
  const form = m[2] === '-next-line' ? 'next-line' : m[2] === '-line' ? 'line' : 'file';
  const restStart = m[1].length + DIRECTIVE.length + (m[2]?.length ?? 0);
  let rest = m[3];
  let reason: string | undefined;
  const dashes = /(^|\s)--(\s|$)/.exec(rest);
  if (dashes) {
    reason = rest.slice(dashes.index + dashes[0].length).trim() || undefined;
    rest = rest.slice(0, dashes.index);
  }
  const codes: SuppressionDirective['codes'] = [];
  const codeRe = /[^\s,]+/g;
  let c: RegExpExecArray | null;
  let end = restStart;
  while ((c = codeRe.exec(rest))) {
    const start = restStart + c.index;
    end = start + c[0].length;
    codes.push({ code: c[0], span: { start: toFile(start), end: toFile(end) } });
  }
  return { form, codes, span: { start: toFile(m[1].length), end: toFile(end) }, ...(reason ? { reason } : {}) };
}

/** Every suppression directive of a document, in file offsets. Cheap when the file names none. */
export function findSuppressions(document: RuleDocument): SuppressionDirective[] {
  const { text } = document;
  if (!text.includes(DIRECTIVE)) return [];
  const out: SuppressionDirective[] = [];
  if (document.kind !== 'query') {
    const scan = scanToml(text);
    for (const comment of scan.comments) {
      const d = readDirective(text.slice(comment.start + 1, comment.end), (o) => comment.start + 1 + o);
      if (!d) continue;
      if (d.form === 'file') out.push({ scope: { kind: 'file' }, ...d });
      else if (d.form === 'next-line') {
        const target = nextStatement(text, comment.end, scan.strings);
        out.push({ scope: target ? { kind: 'range', span: target } : { kind: 'line', line: document.lines.position(comment.end).line + 1 }, ...d });
      } else out.push({ scope: { kind: 'line', line: document.lines.position(comment.start).line }, ...d });
    }
  }
  for (const query of document.queries) {
    if (query.language !== 'esql' && query.language !== 'eql') continue;
    if (!query.text.includes(DIRECTIVE)) continue;
    for (const comment of queryComments(query.text, query.language as 'esql' | 'eql')) {
      const bodyStart = comment.start + 2;
      const bodyEnd = comment.block ? Math.max(bodyStart, comment.end - 2) : comment.end;
      const d = readDirective(query.text.slice(bodyStart, bodyEnd), (o) => query.map.toHost(bodyStart + o));
      if (!d) continue;
      const line = (offset: number) => document.lines.position(query.map.toHost(offset)).line;
      if (d.form === 'file') out.push({ scope: { kind: 'file' }, ...d });
      else if (d.form === 'next-line') out.push({ scope: { kind: 'line', line: line(comment.end) + 1 }, ...d });
      else out.push({ scope: { kind: 'line', line: line(comment.start) }, ...d });
    }
  }
  return out;
}

interface Located {
  code: string;
  span: Span;
  range: { start: { line: number } };
}

/**
 * Drops the diagnostics that directives suppress and adds the reports on the directives themselves
 * (unused ones, unknown codes). `diagnostics` are located (file lines known); the added ones are
 * plain diagnostics in file offsets, for the caller to give severities and locate.
 */
export function applySuppressions<D extends Located>(directives: readonly SuppressionDirective[], diagnostics: D[]): { kept: D[]; reports: Diagnostic[] } {
  if (directives.length === 0) return { kept: diagnostics, reports: [] };
  const used = directives.map((d) => new Set<string>());
  const kept: D[] = [];
  for (const diag of diagnostics) {
    let suppressed = false;
    directives.forEach((dir, i) => {
      if (!covers(dir.scope, diag)) return;
      if (dir.codes.length === 0) {
        used[i].add('*');
        suppressed = true;
      } else if (dir.codes.some((c) => c.code === diag.code)) {
        used[i].add(diag.code);
        suppressed = true;
      }
    });
    if (!suppressed) kept.push(diag);
  }
  const reports: Diagnostic[] = [];
  directives.forEach((dir, i) => {
    const where = dir.scope.kind === 'file' ? 'in this file' : dir.scope.kind === 'range' ? "in the next key's value" : dir.form === 'next-line' ? 'on the next line' : 'on this line';
    if (dir.codes.length === 0) {
      if (!used[i].has('*')) reports.push({ code: 'unused-suppression', severity: 'warning', message: `Unused suppression: there is no problem ${where} to suppress.`, span: dir.span });
      return;
    }
    for (const c of dir.codes) {
      if (!ruleMeta(c.code)) {
        const near = closestMatches(c.code, RULES.map((r) => r.code), 1);
        reports.push({
          code: 'unknown-suppression-code',
          severity: 'warning',
          message: `"${c.code}" is not an esql-lint code, so it suppresses nothing${near.length ? `. Did you mean "${near[0]}"?` : ' (see esql-lint --list-rules).'}`,
          span: c.span,
          ...(near.length ? { fixes: [{ title: `Replace with ${near[0]}`, edits: [{ span: c.span, newText: near[0] }] }] } : {}),
        });
      } else if (!used[i].has(c.code)) {
        reports.push({ code: 'unused-suppression', severity: 'warning', message: `Unused suppression: there is no ${c.code} problem ${where} to suppress.`, span: c.span });
      }
    }
  });
  return { kept, reports };
}

function covers(scope: SuppressionScope, d: Located): boolean {
  if (scope.kind === 'file') return true;
  if (scope.kind === 'line') return d.range.start.line === scope.line;
  return d.span.start >= scope.span.start && d.span.start < Math.max(scope.span.end, scope.span.start + 1);
}

// ---------------------------------------------------------------------------------- TOML scanning

/**
 * The comments (`#` to the end of the line) and string literals of a TOML text, found by a small
 * scanner of its own so that it depends on no TOML reader and works on broken files too.
 */
export function scanToml(text: string): { comments: Span[]; strings: Span[] } {
  const comments: Span[] = [];
  const strings: Span[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '#') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      const end = text[j - 1] === '\r' ? j - 1 : j;
      comments.push({ start: i, end });
      i = j;
    } else if (c === '"' || c === "'") {
      const start = i;
      const triple = text.startsWith(c.repeat(3), i);
      i += triple ? 3 : 1;
      while (i < n) {
        const ch = text[i];
        if (ch === '\\' && c === '"') {
          i += 2;
          continue;
        }
        if (!triple && ch === '\n') break;
        if (ch === c && (!triple || text.startsWith(c.repeat(3), i))) {
          i += triple ? 3 : 1;
          // Up to two more quotes belong to the string's content ("""a"""" ends with a quote).
          if (triple) for (let k = 0; k < 2 && text[i] === c; k++) i++;
          break;
        }
        i++;
      }
      strings.push({ start, end: i });
    } else i++;
  }
  return { comments, strings };
}

/**
 * The key/value (or table header) on the first line after `from` that holds one: from its start to
 * the end of its value (arrays, inline tables and multi-line strings included).
 */
function nextStatement(text: string, from: number, strings: readonly Span[]): Span | undefined {
  let i = from;
  const n = text.length;
  // Skip blank lines and comment lines.
  for (;;) {
    while (i < n && (text[i] === '\n' || text[i] === '\r' || text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) return undefined;
    if (text[i] !== '#') break;
    const j = text.indexOf('\n', i);
    if (j < 0) return undefined;
    i = j;
  }
  const start = i;
  let depth = 0;
  let s = firstStringAtOrAfter(strings, i);
  while (i < n) {
    if (s < strings.length && strings[s].start === i) {
      i = strings[s].end;
      s++;
      continue;
    }
    const c = text[i];
    if (c === '#') {
      const j = text.indexOf('\n', i);
      i = j < 0 ? n : j;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) break;
    i++;
  }
  let end = i;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

function firstStringAtOrAfter(strings: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = strings.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strings[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---------------------------------------------------------------------------------- query scanning

/** The `//` and `/* *\/` comments of an ES|QL or EQL query, outside strings and quoted names. */
export function queryComments(text: string, language: 'esql' | 'eql'): Array<Span & { block: boolean }> {
  const out: Array<Span & { block: boolean }> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      let j = text.indexOf('\n', i);
      if (j < 0) j = n;
      out.push({ start: i, end: text[j - 1] === '\r' ? j - 1 : j, block: false });
      i = j;
    } else if (c === '/' && text[i + 1] === '*') {
      const j = text.indexOf('*/', i + 2);
      const end = j < 0 ? n : j + 2;
      out.push({ start: i, end, block: true });
      i = end;
    } else if (c === '"' || c === '`' || (c === "'" && language === 'eql')) {
      const triple = c === '"' && text.startsWith('"""', i);
      i += triple ? 3 : 1;
      while (i < n) {
        if (triple) {
          if (text.startsWith('"""', i)) {
            i += 3;
            break;
          }
          i++;
          continue;
        }
        const ch = text[i];
        if (ch === '\\' && c !== '`') {
          i += 2;
          continue;
        }
        if (ch === '\n') break;
        if (ch === c) {
          // A doubled backquote inside a quoted ES|QL name is one backquote.
          if (c === '`' && text[i + 1] === '`') {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
    } else i++;
  }
  return out;
}
