/**
 * Fuzzing the language service: mutated corpus rule files (the rule text read at test time only), raw
 * query files and a few adversarial generated rules. Every public feature is called as the language
 * server calls it (documentHighlights included), at a set of positions (start, end, random offsets, offsets in the query, line ends,
 * inside surrogate pairs), and each answer is checked: no throw, every span inside the document and not
 * splitting a surrogate pair, selection ranges nested around the offset, field and value completions
 * capped, edits (rename, formatting, quick fixes) that do not overlap and whose result analyses without
 * throwing, formatting idempotent and changing only whitespace and keyword case.
 *
 * `npm test` runs a bounded number of cases (FUZZ_RUNS, default 30); `npm run fuzz` runs many more.
 * FUZZ_SEED changes the cases; FUZZ_LOG=<file> writes the case and the call about to run before each
 * call (to find a hang: run under `timeout` and read the file), and the failing cases next to it
 * (`<file>.fail-N.json`; FUZZ_REPLAY=<those files> runs them again). FUZZ_TIMES=1 prints the calls over 100 ms.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import * as kql from '@esql-lint/parser-kql';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { createLanguageService, type LanguageService, type TextEdit } from '../src/index.js';
import { corpusRuleFiles, HAS_CORPUS } from '../../../test/support/corpus.js';
import { editAt, rng } from '../../../test/support/fuzz.js';
import { eqlRule, esqlRule, kqlRule } from './support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const LOG = process.env.FUZZ_LOG;
const MAX_COMPLETIONS = 50;

const PIECES = [
  ' ', '\n', '\r\n', '\t', '(', ')', '[', ']', '{', '}', '|', ':', '"', "'", "'''", '"""', '`', '\\', '\\u', '\\n', '*', ',', '.', '=', '==', '#', '//', '/*', '*/',
  '\u0000', '🙂', '\ud83d', 'é', '\u2028', ' or ', ' and ', ' not ', '| where ', '| stats c = count(*) by ', '| eval x = ', '| keep ', '| rename a as b ', 'FROM logs-* ',
  'sequence by host.id ', '[process where true]', 'process.name : ', 'TO_LOWER(', 'x = 1', '\n[rule]\n', '\nquery = """\n', "\nquery = '", '\nindex = [', 'METADATA _id',
];

/** Pieces that keep a `'''` string a string. */
const QUERY_PIECES = PIECES.filter((p) => !p.includes("'''") && !p.includes('\n[') && !p.includes('\nquery') && !p.includes('\nindex'));

interface Case {
  name: string;
  path: string;
  text: string;
}

/** Some edits of a text: deletions, insertions, truncation, duplicated slices, long lines, line endings. */
function mutate(text: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const queryAt = text.search(/query = |"query":/);
  let t = text;
  for (let n = 0; n < 1 + Math.floor(r() * 3); n++) {
    // Half of the edits inside or near the query, where most features work.
    const near = queryAt >= 0 && r() < 0.5;
    const pos = () => (near ? Math.min(t.length, queryAt + Math.floor(r() * 400)) : Math.floor(r() * (t.length + 1)));
    const a = pos();
    const kind = Math.floor(r() * 8);
    if (kind < 5) t = editAt(t, a, r, PIECES);
    // A very long line.
    else if (kind === 5) t = t.slice(0, a) + pick(PIECES.filter((p) => !p.includes('\n'))).repeat(500 + Math.floor(r() * 3000)) + t.slice(a);
    else if (kind === 6) t = t.replace(/\r?\n/g, '\r\n');
    else {
      // A slice moved.
      const b = pos();
      t = t.slice(0, Math.min(a, b)) + t.slice(Math.max(a, b), Math.max(a, b) + 40) + t.slice(Math.min(a, b));
    }
  }
  return t;
}

const STARS = '*'.repeat(2000);

/** Generated rules: deep nesting, long chains, thousands of stars, long pipelines. */
const ADVERSARIAL: Case[] = [
  { name: 'ES|QL deep nesting', path: '/virtual/rules/deep.toml', text: esqlRule(`FROM logs-* | WHERE ${'('.repeat(600)}a${')'.repeat(600)}`) },
  { name: 'ES|QL nested calls', path: '/virtual/rules/calls.toml', text: esqlRule(`FROM logs-* | EVAL x = ${'TO_LOWER('.repeat(300)}process.name${')'.repeat(300)}`) },
  { name: 'EQL deep nesting', path: '/virtual/rules/deep.toml', text: eqlRule(`process where ${'('.repeat(600)}true${')'.repeat(600)}`) },
  { name: 'KQL deep nesting', path: '/virtual/rules/deep.toml', text: kqlRule(`${'('.repeat(600)}a:1${')'.repeat(600)}`) },
  { name: 'KQL long chain', path: '/virtual/rules/chain.toml', text: kqlRule(Array.from({ length: 2000 }, (_, i) => `process.nmae${i}:${i}`).join(' or ')) },
  { name: 'EQL long chain', path: '/virtual/rules/chain.toml', text: eqlRule('process where ' + Array.from({ length: 2000 }, (_, i) => `process.nmae${i} == ${i}`).join(' and ')) },
  { name: 'ES|QL long chain', path: '/virtual/rules/chain.toml', text: esqlRule('FROM logs-* | WHERE ' + Array.from({ length: 2000 }, (_, i) => `f${i} == ${i}`).join(' or ')) },
  { name: 'ES|QL long pipeline', path: '/virtual/rules/pipeline.toml', text: esqlRule('FROM logs-*' + Array.from({ length: 400 }, (_, i) => `\n| EVAL c${i} = c${i - 1} + 1`).join('')) },
  { name: 'ES|QL 2,000 stars', path: '/virtual/rules/stars.toml', text: esqlRule(`FROM logs-* | EVAL user_agent.original = "x" | KEEP user_agent.origin${STARS}al | DROP a${STARS}b | RENAME a${STARS} AS b`) },
  { name: 'KQL 2,000 stars', path: '/virtual/rules/stars.toml', text: kqlRule(`process.${STARS}nmae${STARS}:x and ${'a*'.repeat(2000)}b:1`) },
  { name: 'EQL 2,000 stars', path: '/virtual/rules/stars.toml', text: eqlRule(`process where process.name : "${STARS}" and process.${STARS}name == "a"`) },
  { name: 'index of 2,000 stars', path: '/virtual/rules/stars.toml', text: kqlRule('process.name:x').replace('"logs-*"', `"logs-${'e*'.repeat(2000)}x"`) },
  { name: 'emoji everywhere', path: '/virtual/rules/emoji.toml', text: esqlRule('FROM logs-🙂 | EVAL 🙂 = "🙂🙂" | WHERE `🙂` == "x🙂" // 🙂\n| KEEP 🙂*').replace('name = "test"', 'name = "🙂"') },
  { name: 'raw ES|QL file, CRLF', path: '/virtual/q.esql', text: 'FROM logs-*\r\n| EVAL a = 1\r\n| WHERE a > 1\r\n| KEEP a\r\n' },
  { name: 'basic string query with escapes', path: '/virtual/rules/basic.toml', text: esqlRule('x').replace("query = '''\nx\n'''", 'query = "FROM logs-* | EVAL a = \\"\\u00e9\\" | WHERE a == \\"x\\\\n\\" | KEEP a"') },
  { name: 'literal string query on one line', path: '/virtual/rules/literal.toml', text: esqlRule('x').replace("query = '''\nx\n'''", "query = 'from logs-*   |   where   process.name == \"a\"  |  keep process.name'") },
];

function* cases(runs: number, r: () => number): Generator<Case> {
  const files = HAS_CORPUS ? corpusRuleFiles() : [];
  const seeds: Case[] = files.length
    ? []
    : [
        { name: 'kql', path: '/virtual/rules/a.toml', text: kqlRule('process.name : "x" and host.os.type : "windows"') },
        { name: 'eql', path: '/virtual/rules/b.toml', text: eqlRule('sequence by host.id [process where process.name == "a"] [network where true]') },
        { name: 'esql', path: '/virtual/rules/c.toml', text: esqlRule('FROM logs-* METADATA _id | EVAL x = TO_LOWER(process.name) | STATS c = COUNT(*) BY x | WHERE c > 1 | KEEP x, c') },
      ];
  for (let i = 0; i < runs; i++) {
    let base: Case;
    if (files.length) {
      const file = files[Math.floor(r() * files.length)];
      base = { name: file.slice(file.lastIndexOf('/rules') + 1), path: file, text: readFileSync(file, 'utf8') };
    } else base = seeds[Math.floor(r() * seeds.length)];
    // One in six: the query alone as a raw query file.
    if (i % 6 === 5) {
      const q = parseRuleDocument(base.text, base.path).queries[0];
      const ext = { esql: 'esql', eql: 'eql', kuery: 'kql' }[q?.language ?? ''];
      if (q && ext) {
        yield { name: `${base.name} (raw query, mutated)`, path: `/virtual/query.${ext}`, text: mutate(q.text, r) };
        continue;
      }
    }
    // One in six: the rule and one more as a Kibana NDJSON export (the JSON host's string escapes).
    if (i % 6 === 2) {
      const doc = parseRuleDocument(base.text, base.path);
      const rule = doc.kind === 'rule' ? doc.rule : undefined;
      if (rule && typeof rule.query === 'string') {
        const line = (n: number) => JSON.stringify({ rule_id: `r${n}`, name: `rule ${n}`, type: rule.type, language: rule.language, index: rule.index, query: rule.query });
        yield { name: `${base.name} (NDJSON, mutated)`, path: '/virtual/export.ndjson', text: mutate(`${line(1)}\n${line(2)}\n`, r) };
        continue;
      }
    }
    // One in six: edits inside the query only, which keep the TOML valid (most edits elsewhere break it).
    const literal = i % 6 === 4 ? parseRuleDocument(base.text, base.path).queries[0]?.literalSpan : undefined;
    if (literal && base.text.startsWith("'''", literal.start)) {
      let query = base.text.slice(literal.start + 3, literal.end - 3);
      for (let n = 0; n < 1 + Math.floor(r() * 6); n++) query = editAt(query, Math.floor(r() * (query.length + 1)), r, QUERY_PIECES);
      yield { name: `${base.name} (query mutated)`, path: base.path, text: base.text.slice(0, literal.start + 3) + query + base.text.slice(literal.end - 3) };
      continue;
    }
    yield { name: `${base.name} (mutated)`, path: base.path, text: mutate(base.text, r) };
  }
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** The offset falls between the two halves of a surrogate pair. */
const splitsPair = (text: string, o: number) => o > 0 && o < text.length && isHigh(text.charCodeAt(o - 1)) && isLow(text.charCodeAt(o));

/** The offsets to ask at: start, end, random ones, in the queries, line ends, inside surrogate pairs. */
function positions(text: string, path: string, r: () => number): number[] {
  const out = new Set<number>([0, text.length]);
  for (let i = 0; i < 3; i++) out.add(Math.floor(r() * (text.length + 1)));
  let literals: Span[] = [];
  try {
    literals = parseRuleDocument(text, path).queries.map((q) => q.literalSpan);
  } catch {
    // The service must answer anyway; positions come from elsewhere.
  }
  for (const s of literals.slice(0, 2)) {
    out.add(s.start);
    out.add(s.end);
    for (let i = 0; i < 4; i++) out.add(s.start + Math.floor(r() * (s.end - s.start + 1)));
    const eol = text.indexOf('\n', s.start + Math.floor(r() * (s.end - s.start + 1)));
    if (eol >= 0) out.add(eol > 0 && text[eol - 1] === '\r' ? eol - 1 : eol);
  }
  const eol = text.indexOf('\n', Math.floor(r() * text.length));
  if (eol >= 0) out.add(eol);
  const pairs: number[] = [];
  for (let i = 1; i < text.length && pairs.length < 20; i++) if (splitsPair(text, i)) pairs.push(i);
  for (let i = 0; i < Math.min(2, pairs.length); i++) out.add(pairs[Math.floor(r() * pairs.length)]);
  return [...out];
}

/** Checks the answers of the service for one document; returns the problems found. */
class Checker {
  readonly problems: string[] = [];

  constructor(
    private readonly service: LanguageService,
    private readonly c: Case,
    private readonly r: () => number,
  ) {}

  private fail(what: string, message: string) {
    this.problems.push(`${this.c.name}: ${what}: ${message}`);
  }

  /** Runs a call, logging it first (FUZZ_LOG) and turning a throw into a problem. */
  call<T>(what: string, fn: () => T): T | undefined {
    if (LOG) writeFileSync(LOG, `${this.c.name}\n${this.c.path}\n${what}\n`);
    const t0 = Date.now();
    try {
      return fn();
    } catch (e) {
      this.fail(what, `threw ${(e as Error)?.stack?.split('\n').slice(0, 4).join(' ') ?? e}`);
      return undefined;
    } finally {
      if (process.env.FUZZ_TIMES && Date.now() - t0 > 100) console.log(`${Date.now() - t0} ms: ${this.c.name}: ${what}`);
    }
  }

  /** A span inside the text, start <= end, not splitting a surrogate pair (but at the cursor, which may). */
  span(what: string, s: Span | undefined, text = this.c.text, cursor?: number, pairs = true): boolean {
    if (!s || !(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length)) {
      this.fail(what, `span ${JSON.stringify(s)} outside 0-${text.length}`);
      return false;
    }
    for (const o of [s.start, s.end]) {
      if (pairs && o !== cursor && splitsPair(text, o)) {
        this.fail(what, `span ${s.start}-${s.end} splits a surrogate pair at ${o}`);
        return false;
      }
    }
    return true;
  }

  /** Edits inside the text that do not overlap; returns the edited text, or undefined. */
  edits(what: string, edits: readonly TextEdit[], text = this.c.text): string | undefined {
    const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    for (const e of sorted) if (!this.span(what, e.span, text) || typeof e.newText !== 'string') return undefined;
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1].span;
      const b = sorted[i].span;
      // (An insertion right before a replacement that starts there is one change: `|eval` -> `| EVAL`.)
      if (b.start < a.end || (b.start === a.start && b.start === b.end)) {
        this.fail(what, `edits ${a.start}-${a.end} and ${b.start}-${b.end} overlap`);
        return undefined;
      }
    }
    let out = '';
    let at = 0;
    for (const e of sorted) {
      out += text.slice(at, e.span.start) + e.newText;
      at = e.span.end;
    }
    return out + text.slice(at);
  }

  /** The edited text analysed again: no throw, diagnostics in range. */
  reanalyse(what: string, text: string) {
    const path = this.c.path.replace(/(\.\w+)$/, '.edited$1');
    const d = this.call(`${what}: diagnostics of the result`, () => this.service.diagnostics(path, text));
    for (const x of d?.diagnostics ?? []) if (!this.span(`${what}: diagnostic ${x.code} of the result`, x.span, text, undefined, false)) break;
    this.call(`${what}: semantic tokens of the result`, () => this.service.semanticTokens(path, text));
    this.call(`${what}: completion in the result`, () => this.service.completions(path, text, Math.floor(this.r() * (text.length + 1))));
    this.service.close(path);
  }

  run() {
    const { service, c } = this;
    const { text, path } = c;
    const len = text.length;

    const diagnostics = this.call('diagnostics', () => service.diagnostics(path, text));
    for (const d of diagnostics?.diagnostics ?? []) {
      if (!this.span(`diagnostic ${d.code}`, d.span, text)) break;
      if (d.code === 'internal-error') this.fail('diagnostics', `internal-error: ${d.message}`);
    }
    const perCode = new Map<string, number>();
    for (const d of diagnostics?.diagnostics ?? []) perCode.set(d.code, (perCode.get(d.code) ?? 0) + 1);
    // 100 per code per query and one summary; a file has at most two queries (query, threat_query).
    for (const [code, n] of perCode) if (n > 202 + 10) this.fail('diagnostics', `${n} diagnostics of ${code}`);

    const tokens = this.call('semanticTokens', () => service.semanticTokens(path, text)) ?? [];
    let last = 0;
    for (const t of tokens) {
      if (!this.span(`semantic token ${t.type}`, t.span)) break;
      if (t.span.start < last) {
        this.fail('semanticTokens', `token ${t.span.start}-${t.span.end} before the end of the previous one (${last}): not in text order`);
        break;
      }
      last = t.span.end;
    }
    const a = Math.floor(this.r() * (len + 1));
    const range = { start: a, end: Math.min(len, a + Math.floor(this.r() * 500)) };
    const ranged = this.call('semanticTokens (range)', () => service.semanticTokens(path, text, range)) ?? [];
    for (const t of ranged) {
      if (!this.span('semantic token (range)', t.span)) break;
      if (t.span.end < range.start || t.span.start > range.end) {
        this.fail('semanticTokens (range)', `token ${t.span.start}-${t.span.end} does not meet the range ${range.start}-${range.end}`);
        break;
      }
    }

    for (const f of this.call('foldingRanges', () => service.foldingRanges(path, text)) ?? []) if (!this.span('folding range', f.span)) break;

    const symbols = this.call('documentSymbols', () => service.documentSymbols(path, text)) ?? [];
    const stack = symbols.map((s) => ({ s, parent: undefined as Span | undefined }));
    while (stack.length) {
      const { s, parent } = stack.pop()!;
      if (!this.span(`symbol ${s.kind} ${s.name.slice(0, 20)}`, s.span) || !this.span(`symbol ${s.kind} selection`, s.selectionSpan)) break;
      if (s.selectionSpan.start < s.span.start || s.selectionSpan.end > s.span.end) this.fail('documentSymbols', `selection ${s.selectionSpan.start}-${s.selectionSpan.end} outside ${s.span.start}-${s.span.end}`);
      if (parent && (s.span.start < parent.start || s.span.end > parent.end)) this.fail('documentSymbols', `child ${s.span.start}-${s.span.end} outside its parent ${parent.start}-${parent.end}`);
      for (const child of s.children) stack.push({ s: child, parent: s.span });
    }

    const offsets = positions(text, path, this.r);
    const selections = this.call('selectionRanges', () => service.selectionRanges(path, text, offsets));
    if (selections && selections.length !== offsets.length) this.fail('selectionRanges', `${selections.length} answers for ${offsets.length} offsets`);
    selections?.forEach((spans, i) => {
      const o = offsets[i];
      let prev: Span | undefined;
      for (const s of spans) {
        if (!this.span(`selection range at ${o}`, s, text, o)) return;
        if (s.start > o || s.end < o) return this.fail('selectionRanges', `${s.start}-${s.end} does not hold the offset ${o}`);
        if (prev && (s.start > prev.start || s.end < prev.end)) return this.fail('selectionRanges', `${s.start}-${s.end} does not hold the inner ${prev.start}-${prev.end}`);
        prev = s;
      }
    });

    for (const o of offsets) this.at(o);
    this.formatting();
    this.codeActions(diagnostics?.diagnostics ?? []);
    for (let i = 0; i < 4 && this.call('warmUp', () => service.warmUp(path, text)) !== undefined; i++);
    service.close(path);
  }

  /** The features at one offset. */
  private at(o: number) {
    const { service, c } = this;
    const { text, path } = c;
    for (const trigger of [undefined, '.', ' ', '(']) {
      const list = this.call(`completions at ${o}${trigger ? ` (trigger ${JSON.stringify(trigger)})` : ''}`, () => service.completions(path, text, o, trigger ? { trigger } : undefined));
      if (!list) continue;
      const long = list.items.filter((i) => i.kind === 'field' || i.kind === 'column' || i.kind === 'value').length;
      if (long > MAX_COMPLETIONS) this.fail(`completions at ${o}`, `${long} field, column and value items, more than the cap ${MAX_COMPLETIONS}`);
      for (const item of list.items) {
        if (!this.span(`completion ${item.label.slice(0, 30)} at ${o}`, item.span, text, o)) break;
        if (item.span.start > o || item.span.end < o) {
          this.fail(`completions at ${o}`, `item ${item.label.slice(0, 30)} replaces ${item.span.start}-${item.span.end}, not around the cursor`);
          break;
        }
      }
      if (trigger && !list.items.length) break;
    }
    const hover = this.call(`hover at ${o}`, () => service.hover(path, text, o));
    if (hover) this.span(`hover at ${o}`, hover.span, text, o);
    const help = this.call(`signatureHelp at ${o}`, () => service.signatureHelp(path, text, o));
    if (help) {
      if (!help.signatures.length || help.activeSignature < 0 || help.activeSignature >= help.signatures.length) this.fail(`signatureHelp at ${o}`, `active signature ${help.activeSignature} of ${help.signatures.length}`);
      if (!(help.activeParameter >= 0)) this.fail(`signatureHelp at ${o}`, `active parameter ${help.activeParameter}`);
      for (const s of help.signatures) {
        for (const p of s.parameters) if (!(p.label[0] >= 0 && p.label[0] <= p.label[1] && p.label[1] <= s.label.length)) this.fail(`signatureHelp at ${o}`, `parameter label ${p.label} outside ${JSON.stringify(s.label)}`);
      }
    }
    for (const s of this.call(`definition at ${o}`, () => service.definition(path, text, o)) ?? []) if (!this.span(`definition at ${o}`, s)) break;
    for (const include of [true, false]) {
      for (const s of this.call(`references at ${o}`, () => service.references(path, text, o, include)) ?? []) if (!this.span(`references at ${o}`, s)) break;
    }
    for (const h of this.call(`documentHighlights at ${o}`, () => service.documentHighlights(path, text, o)) ?? []) {
      if (!this.span(`documentHighlights at ${o}`, h.span)) break;
      if (h.kind !== 'read' && h.kind !== 'write') this.fail(`documentHighlights at ${o}`, `kind ${h.kind}`);
    }
    const prepared = this.call(`prepareRename at ${o}`, () => service.prepareRename(path, text, o));
    if (prepared && 'span' in prepared) this.span(`prepareRename at ${o}`, prepared.span);
    // Rename where a name is (and, now and then, where none is: it must say why, not throw).
    if ((prepared && 'span' in prepared) || this.r() < 0.2) {
      for (const name of ['renamed_col', 'Esql.a b', '`x`', '🙂', '', 'a\nb']) {
        const result = this.call(`rename at ${o} to ${JSON.stringify(name)}`, () => service.rename(path, text, o, name));
        if (!result || 'error' in result) continue;
        const edited = this.edits(`rename at ${o} to ${JSON.stringify(name)}`, result.edits);
        if (edited !== undefined && name === 'renamed_col') this.reanalyse(`rename at ${o}`, edited);
      }
    }
  }

  /** Formatting edits lie in the queries' strings and change only whitespace in the query texts. */
  private onlyWhitespace(what: string, edits: readonly TextEdit[], formatted: string): boolean {
    const before = parseRuleDocument(this.c.text, this.c.path).queries;
    const after = parseRuleDocument(formatted, this.c.path).queries;
    const outside = edits.find((e) => !before.some((q) => q.literalSpan.start <= e.span.start && e.span.end <= q.literalSpan.end));
    if (outside) this.fail(what, `edit ${outside.span.start}-${outside.span.end} outside the query strings`);
    const squash = (t: string) => t.replace(/\s+/g, '');
    const changed = before.length !== after.length || before.some((q, i) => squash(q.text) !== squash(after[i].text));
    if (changed) this.fail(what, `changed more than whitespace in the queries: ${before.length} queries before, ${after.length} after`);
    return !outside && !changed;
  }

  private formatting() {
    const { service, c } = this;
    const { text, path } = c;
    const result = this.call('formatting', () => service.formatting(path, text));
    if (!result) return;
    for (const s of result.skipped) this.span('formatting: skipped', s.span);
    const formatted = this.edits('formatting', result.edits);
    if (formatted === undefined) return;
    if (!this.onlyWhitespace('formatting', result.edits, formatted)) return;
    if (formatted !== text) {
      this.reanalyse('formatting', formatted);
      const again = this.call('formatting the formatted text', () => service.formatting(path + '.formatted.toml', formatted));
      if (again && again.edits.length) this.fail('formatting', `not idempotent: formatting the formatted text gives ${again.edits.length} edits, first ${JSON.stringify(again.edits[0])}`);
      service.close(path + '.formatted.toml');
    }
    // Format Selection at a random range: edits inside it.
    const a = Math.floor(this.r() * (text.length + 1));
    const range = { start: a, end: Math.min(text.length, a + Math.floor(this.r() * 300)) };
    const partial = this.call(`formatting ${range.start}-${range.end}`, () => service.formatting(path, text, range));
    if (partial) {
      for (const e of partial.edits) {
        if (e.span.start < range.start || e.span.end > range.end) {
          this.fail('range formatting', `edit ${e.span.start}-${e.span.end} outside the range ${range.start}-${range.end}`);
          break;
        }
      }
      const edited = this.edits('range formatting', partial.edits);
      if (edited !== undefined) this.onlyWhitespace('range formatting', partial.edits, edited);
    }
  }

  private codeActions(diagnostics: ReadonlyArray<{ span: Span; code: string }>) {
    const { service, c } = this;
    const { text, path } = c;
    const spans: Span[] = [{ start: 0, end: text.length }, ...diagnostics.slice(0, 6).map((d) => d.span)];
    let applied = 0;
    for (const span of spans) {
      const actions = this.call(`codeActions ${span.start}-${span.end}`, () => service.codeActions(path, text, span)) ?? [];
      for (const action of actions) {
        this.span(`code action ${action.diagnosticCode}: diagnostic span`, action.diagnosticSpan);
        const edited = this.edits(`code action ${action.diagnosticCode} ${JSON.stringify(action.title.slice(0, 40))}`, action.edits);
        if (edited !== undefined && applied++ < 3) this.reanalyse(`code action ${action.diagnosticCode}`, edited);
      }
    }
  }
}

describe('fuzz: the language service', () => {
  const service = createLanguageService({ noConfig: true, maxCompletions: MAX_COMPLETIONS });

  function check(list: Iterable<Case>): string[] {
    const failures: string[] = [];
    let n = 0;
    for (const c of list) {
      const r = rng(SEED + ((c as { seed?: number }).seed ?? n));
      n++;
      if (LOG) appendFileSync(LOG + '.cases', `${n}\t${c.name}\t${c.text.length}\n`);
      const checker = new Checker(service, c, r);
      const t0 = Date.now();
      checker.run();
      if (process.env.FUZZ_TIMES) console.log(`${Date.now() - t0} ms ${c.name} ${c.text.length}`);
      if (checker.problems.length) {
        if (LOG) writeFileSync(`${LOG}.fail-${n}.json`, JSON.stringify({ ...c, seed: n - 1 }));
        failures.push(...checker.problems.slice(0, 3));
      }
    }
    return failures;
  }

  it(`${RUNS} mutated rule and query files: every feature answers, in range`, () => {
    // FUZZ_REPLAY=<file.json>,...: the failing cases FUZZ_LOG wrote, again.
    const replay = process.env.FUZZ_REPLAY?.split(',').map((f) => JSON.parse(readFileSync(f, 'utf8')) as Case);
    const failures = check(replay ?? cases(RUNS, rng(SEED)));
    expect(failures.slice(0, 8)).toEqual([]);
  });

  it('adversarial generated rules: deep nesting, long chains, 2,000-star patterns, emoji, escapes', () => {
    const failures = check(ADVERSARIAL);
    expect(failures.slice(0, 8)).toEqual([]);
  });
});

describe('fuzz findings', () => {
  const service = createLanguageService({ noConfig: true });

  it('an EQL chain of 20,000 terms: the features that walk the tree answer (the recursive walk overflowed the stack)', () => {
    // Found by the adversarial rules at a larger scale: completion, hover, references, rename and formatting threw RangeError.
    const query = 'process where ' + Array.from({ length: 20_000 }, (_, i) => `f${i % 7} == ${i}`).join(' and ');
    const text = eqlRule(query);
    const path = '/virtual/rules/chain.toml';
    const at = text.indexOf('f3 == 10');
    expect(service.completions(path, text, at + 'f3 == 10 '.length).items.some((i) => i.label === 'and')).toBe(true);
    expect(service.hover(path, text, at + 1)?.contents).toMatch(/f3/);
    expect(service.references(path, text, at + 1).length).toBeGreaterThan(2000);
    const renamed = service.rename(path, text, at + 1, 'g3');
    expect('error' in renamed ? renamed.error : renamed.edits.length).toBeDefined();
    expect(service.formatting(path, text).edits.length).toBeGreaterThan(0);
    // The walk visits in the order of a plain recursion over childrenOf: enter, children in source order, leave;
    // `enter` returning false skips the children and the leave.
    for (const source of ['any where a == 1 and not (b < c + 2) or d and e', 'process where ' + 'a == 1 and '.repeat(50) + 'b', 'any where 1 + 2 * 3 - 4 < 5 or x']) {
      const ast = eql.parse(source).ast;
      for (const skip of ['', 'Comparison', 'LogicalExpression']) {
        const order: string[] = [];
        const expected: string[] = [];
        const recurse = (n: eql.Node, parent?: eql.Node) => {
          expected.push(`+${n.type}<${parent?.type}`);
          if (n.type === skip) return;
          for (const c of eql.childrenOf(n)) recurse(c, n);
          expected.push(`-${n.type}<${parent?.type}`);
        };
        recurse(ast);
        eql.walk(ast, {
          enter: (n, parent) => (order.push(`+${n.type}<${parent?.type}`), n.type === skip ? false : undefined),
          leave: (n, parent) => void order.push(`-${n.type}<${parent?.type}`),
        });
        expect(order).toEqual(expected);
      }
    }
  });

  it('a cursor inside an escape (\\", \\r\\n of a CRLF file, JSON \\"): completions replace around it, selection ranges hold it', () => {
    // Found by the NDJSON cases: between the `\` and the `"` of an escape, items replaced the text after the cursor.
    const files = [
      { path: '/virtual/rules/basic.toml', text: esqlRule('x').replace("query = '''\nx\n'''", 'query = "from logs-* | where process.name == \\"a\\" and \\u0070rocess.pid > 1"') },
      { path: '/virtual/rules/crlf.toml', text: kqlRule('process.name : "a" and\r\nhost.os.type : "b"').replace(/\n/g, '\r\n').replace(/\r\r/g, '\r') },
      { path: '/virtual/export.ndjson', text: JSON.stringify({ rule_id: 'a', name: 'a', type: 'eql', language: 'eql', index: ['logs-*'], query: 'process where process.name == "a" and\nprocess.pid > 1' }) + '\n' },
    ];
    for (const { path, text } of files) {
      const literal = parseRuleDocument(text, path).queries[0].literalSpan;
      const offsets = Array.from({ length: literal.end - literal.start + 1 }, (_, i) => literal.start + i);
      const outside: string[] = [];
      for (const o of offsets) {
        for (const item of service.completions(path, text, o).items) if (item.span.start > o || item.span.end < o) outside.push(`${path} at ${o}: ${item.label} ${item.span.start}-${item.span.end}`);
      }
      service.selectionRanges(path, text, offsets).forEach((spans, i) => {
        for (const s of spans) if (s.start > offsets[i] || s.end < offsets[i]) outside.push(`${path}: selection ${s.start}-${s.end} at ${offsets[i]}`);
      });
      expect(outside.slice(0, 3)).toEqual([]);
      // Completion still works on either side of the escape.
      expect(service.completions(path, text, text.indexOf('process.name') + 'process.na'.length).items.some((i) => i.label === 'process.name')).toBe(true);
    }
  });

  it('completion in EQL and KQL nested past MAX_NESTING: nothing expected, no content assist (seconds per keystroke at 1,600 levels)', () => {
    // Found by this file's adversarial rules: EQL's content assist took 0.8 s at 600 levels, 16 s at 1,600.
    const eqlAt = (n: number) => `process where ${'('.repeat(n)}true${')'.repeat(n)}`;
    expect(eql.expectedAt(eqlAt(199), eqlAt(199).length).length).toBeGreaterThan(0);
    expect(eql.expectedAt(eqlAt(5000), eqlAt(5000).length)).toEqual([]);
    expect(eql.expectedAt(eqlAt(5000), 'process where '.length + 3000)).toEqual([]);
    const kqlAt = (n: number) => `${'('.repeat(n)}a:1${')'.repeat(n)}`;
    expect(kql.expectedAt(kqlAt(499), kqlAt(499).length).length).toBeGreaterThan(0);
    expect(kql.expectedAt(kqlAt(5000), kqlAt(5000).length)).toEqual([]);
    for (const text of [eqlRule(eqlAt(5000)), kqlRule(kqlAt(5000))]) {
      const list = service.completions('/virtual/rules/deep.toml', text, text.lastIndexOf(')'));
      expect(list.items.every((i) => i.kind !== 'field')).toBe(true);
    }
  });
});
