import type { ExpectedItem, Span } from '@esql-lint/core';
import * as esql from '@esql-lint/parser-esql';
import { accepts, esqlTypeOfField, functionDefinition } from '@esql-lint/linter';
import { ecsFieldDoc, knownDataStreams, type ResolvedSchema } from '@esql-lint/schema';
import type { FunctionDefinition } from '@elastic/esql-definitions';
import { applyCase, keywordCase, type KeywordCase } from './case.js';
import { COMMAND_PREFIXES, ESQL_KEYWORDS, esqlCommand, esqlCommands, type EsqlCommandInfo } from './esql-commands.js';
import { esqlPosition, type EsqlPosition } from './esql-position.js';
import { columnsBefore, esqlFunctions, namesRead, functionMarkdown, paramTypesAt, quoteName, returnsOneOf, type AvailableColumn } from './esql.js';
import { fieldDocumentation, ItemCollector, rankedFields, streamsOf, type FieldRanking } from './ranking.js';
import { openBrackets, reduceForAssist, scanBefore } from './scan.js';
import type { CompletionList } from './types.js';

export interface QueryCompletionInput {
  text: string;
  offset: number;
  ast: unknown;
  schema: () => ResolvedSchema;
  snapshot: boolean;
  /** The rule's `index` patterns. */
  ruleIndex: readonly string[];
  /** The rule's `metadata.integration` packages. */
  integrations: readonly string[];
  /** Query span -> file span. */
  toHost: (span: Span) => Span;
  maxLong: number;
  /** The query is a detection rule's (created columns follow the `Esql.` naming convention). */
  isRule: boolean;
}

let keywordSet: Set<string> | undefined;
function esqlKeywordSet(): Set<string> {
  keywordSet ??= new Set([
    ...esqlCommands().flatMap((c) => c.name.split(' ')),
    ...Object.keys(ESQL_KEYWORDS).flatMap((k) => k.split(' ')).filter((k) => /^[A-Z_]+$/.test(k)),
  ]);
  return keywordSet;
}

/** The case of the query's keywords. */
export function esqlKeywordCase(text: string): KeywordCase {
  return keywordCase(text, esqlKeywordSet());
}

/** Upper-case keywords and function names of a snippet, in the query's case. */
function casedSnippet(snippet: string, c: KeywordCase): string {
  if (c === 'upper') return snippet;
  return snippet.replace(/\b[A-Z][A-Z_]+\b/g, (w) => (esqlKeywordSet().has(w) || functionDefinition(w) ? w.toLowerCase() : w));
}

const BOOLEAN: ReadonlySet<string> = new Set(['boolean']);
const TIMESPANS = ['1 minute', '5 minutes', '15 minutes', '1 hour', '1 day', '1 week', '30 seconds', '1 month', '1 year'];
const METADATA_FIELDS = ['_id', '_index', '_version', '_score', '_source', '_ignored', '_index_mode'];

export function esqlCompletions(input: QueryCompletionInput): CompletionList {
  const { text, offset } = input;
  const pos = esqlPosition(text, offset);
  if (pos.inert) return (pos.inert === 'string' && grokPatternCompletions(input)) || { items: [], incomplete: false };
  // The case of the word being typed, else the query's.
  const letters = pos.word.replace(/[^A-Za-z]/g, '');
  const kc: KeywordCase = letters && letters === letters.toUpperCase() ? 'upper' : letters && letters === letters.toLowerCase() ? 'lower' : esqlKeywordCase(text);
  // Index patterns hold `-` and `*`: the word being typed is everything back to a blank or a comma.
  if (pos.command?.args === 'sources' && pos.clause !== 'METADATA') {
    let s = offset;
    while (s > 0 && /[^\s,|`"]/.test(text[s - 1])) s--;
    pos.wordStart = s;
    pos.word = text.slice(s, offset);
  }
  const out = new ItemCollector(pos.word, input.toHost({ start: pos.wordStart, end: offset }), input.maxLong);
  const c = new EsqlCompleter(input, pos, out, kc);
  c.run();
  return { items: out.items, incomplete: out.incomplete };
}

/**
 * In a GROK pattern, after `%{`: the names of Elasticsearch's built-in grok patterns (the ECS bank ES|QL
 * uses; a name it does not have is an error), replacing the name typed so far.
 */
function grokPatternCompletions(input: QueryCompletionInput): CompletionList | undefined {
  const { text, offset } = input;
  const scan = scanBefore(text, offset, 'esql');
  if (scan.inert !== 'string' || scan.inertStart === undefined) return undefined;
  const typed = /%\{([A-Za-z0-9_]*)$/.exec(text.slice(scan.inertStart, offset));
  if (!typed) return undefined;
  // The string's command: the first word after the last pipe (or FORK branch bracket) before it.
  const tokens = scan.tokens;
  let k = tokens.length - 1;
  while (k >= 0 && tokens[k].kind !== 'pipe' && !(tokens[k].kind === 'open' && tokens[k].text === '(' && tokens[k + 1]?.kind === 'word')) k--;
  const command = tokens[k + 1];
  if (command?.kind !== 'word' || command.text.toUpperCase() !== 'GROK') return undefined;
  const start = offset - typed[1].length;
  const out = new ItemCollector(typed[1], input.toHost({ start, end: offset }), input.maxLong);
  for (const name of esql.GROK_PATTERN_NAMES) out.add(name, 'value', { detail: 'grok pattern (Elasticsearch built-in, ECS)' });
  return { items: out.items, incomplete: out.incomplete };
}

class EsqlCompleter {
  private expectedCache: ExpectedItem[] | undefined;
  private columnsCache: { columns: AvailableColumn[]; schemaFields: boolean } | undefined;

  constructor(
    private readonly input: QueryCompletionInput,
    private readonly pos: EsqlPosition,
    private readonly out: ItemCollector,
    private readonly kc: KeywordCase,
  ) {}

  private get expected(): ExpectedItem[] {
    return (this.expectedCache ??= EXPRESSION_ARGS.has(this.pos.command?.args ?? 'none') && !(this.pos.command?.args === 'join' && this.pos.clause !== 'ON')
      ? expressionExpected(this.pos, this.input.snapshot)
      : expectedInCommand(this.input.text, this.pos));
  }

  private expects(label: string, kind: ExpectedItem['kind'] = 'keyword'): boolean {
    return this.expected.some((e) => e.kind === kind && e.label === label);
  }

  private kw(label: string): string {
    return applyCase(label, this.kc);
  }

  run(): void {
    const { pos } = this;
    if (!pos.command) {
      if (pos.unknownCommand && COMMAND_PREFIXES[pos.unknownCommand] && pos.args.length === 0) {
        // `LOOKUP ` typed: the rest of the command's name.
        const info = esqlCommand(COMMAND_PREFIXES[pos.unknownCommand]);
        if (info && (this.input.snapshot || !info.snapshotOnly)) this.keyword(info.name.split(' ')[1], info.doc);
        return;
      }
      if (pos.unknownCommand && pos.args.length === 0 && pos.last) return;
      if (!pos.unknownCommand) this.commands();
      return;
    }
    switch (pos.command.args) {
      case 'sources':
        return this.sources();
      case 'columns':
      case 'column':
        return this.columnList();
      case 'rename':
        return this.rename();
      case 'number':
        if (pos.afterOperand) this.follow();
        return;
      case 'pattern':
        return this.pattern();
      case 'enrich':
        return this.enrich();
      case 'join':
        if (pos.clause === 'ON') return this.expression('condition');
        if (pos.afterOperand) this.follow();
        return;
      case 'assignments':
        return this.expression(pos.command.name === 'ROW' ? 'row' : 'eval');
      case 'aggregates':
        return this.expression(pos.clause === 'BY' ? 'by' : pos.clause === 'WHERE' ? 'condition' : 'agg');
      case 'sort':
        return this.expression('sort');
      case 'condition':
        return this.expression('condition');
      default:
        return this.generic();
    }
  }

  // ------------------------------------------------------------------ commands

  private commands(): void {
    const source = this.pos.commandIndex === 0;
    const allowed = new Set(this.expected.filter((e) => e.kind === 'keyword').map((e) => e.label));
    for (const info of esqlCommands()) {
      if (info.source !== source || (info.snapshotOnly && !this.input.snapshot)) continue;
      const first = info.name.split(' ')[0];
      if (!allowed.has(first) && !(first === 'INLINE' && allowed.has('INLINE'))) continue;
      if (info.name === 'INLINESTATS' || info.name === 'SET') continue;
      const label = this.kw(info.name);
      const snippet = info.snippet ? casedSnippet(info.snippet, this.kc) : undefined;
      this.out.add(label, 'keyword', {
        detail: info.syntax,
        documentation: commandMarkdown(info),
        ...(snippet ? { insertText: snippet, snippet: true } : { insertText: label + ' ', retrigger: 'suggest' }),
      });
    }
  }

  // ------------------------------------------------------------------ FROM

  private sources(): void {
    const { pos, input } = this;
    if (pos.clause === 'METADATA') {
      if (pos.afterOperand) return this.follow();
      const listed = new Set(pos.item.concat(pos.args).filter((t) => t.kind === 'word').map((t) => t.text));
      for (const f of METADATA_FIELDS) if (!listed.has(f)) this.out.add(f, 'field', { detail: 'metadata field' });
      return;
    }
    // Index patterns hold `-`, `*`, `:`: read the raw text after the command name.
    const segment = input.text.slice(0, pos.wordStart).split('|').pop() ?? '';
    const name = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:from|ts)\b/i.exec(segment);
    const afterName = name ? segment.slice(name[0].length) : '';
    const afterPattern = /[^\s,]\s+$/.test(afterName);
    if (afterPattern) {
      this.keyword('METADATA', ESQL_KEYWORDS.METADATA.doc, true);
      this.symbol(',');
      this.symbol('|', 'Pipe the rows to the next command', 'suggest');
      return;
    }
    const listed = new Set(afterName.split(/[\s,]+/).filter(Boolean));
    for (const p of input.ruleIndex) if (!listed.has(p)) this.out.add(p, 'value', { detail: "the rule's index pattern" });
    const streams = streamsOf(input.text, input.ruleIndex, input.integrations);
    const known = knownDataStreams();
    const mine = known.filter((s) => streams.includes(s.dataset) || streams.includes(s.package));
    for (const s of [...mine, ...known]) {
      const p = `logs-${s.dataset}-*`;
      if (!listed.has(p)) this.out.add(p, 'value', { detail: `${s.package} integration data stream` });
    }
    for (const p of ['logs-*', 'logs-endpoint.events.*', 'metrics-*', '.alerts-security.*']) if (!listed.has(p)) this.out.add(p, 'value', { detail: 'index pattern' });
  }

  // ------------------------------------------------------------------ KEEP / DROP / MV_EXPAND / RENAME

  private columnList(): void {
    const { pos } = this;
    if (pos.afterOperand) {
      if (pos.command!.args === 'columns') this.symbol(',');
      return this.follow();
    }
    if (pos.command!.args === 'column' && pos.args.length > 0) return;
    const listed = new Set(pos.args.filter((t) => t.kind === 'word' || t.kind === 'quoted').map((t) => t.text.replace(/^`|`$/g, '')));
    this.columns({ exclude: listed });
  }

  private rename(): void {
    const { pos } = this;
    if (pos.clause === 'AS') {
      // A new name: nothing to offer but what may follow it.
      if (pos.afterOperand) {
        this.symbol(',');
        this.follow();
      }
      return;
    }
    const assigned = pos.item.some((t) => t.kind === 'op' && t.text === '=');
    if (pos.afterOperand) {
      if (!assigned) this.keyword('AS', ESQL_KEYWORDS.AS.doc, true);
      this.symbol(',');
      return this.follow();
    }
    if (pos.item.length === 0 || assigned) this.columns({});
  }

  private pattern(): void {
    const { pos } = this;
    if (pos.args.length === 0) return this.columns({ types: new Set(['keyword', 'text']) });
    if (pos.last?.kind === 'string') {
      if (pos.command!.name === 'DISSECT') this.keyword('APPEND_SEPARATOR', ESQL_KEYWORDS.APPEND_SEPARATOR.doc);
      this.follow();
    }
  }

  private enrich(): void {
    const { pos } = this;
    if (pos.clause === 'ON' && !pos.afterOperand) return this.columns({});
    if (pos.clause === 'WITH') {
      if (pos.afterOperand) {
        this.symbol(',');
        this.follow();
      }
      return;
    }
    if (pos.afterOperand) {
      if (pos.clause !== 'ON') this.keyword('ON', ESQL_KEYWORDS.ON.doc, true);
      this.keyword('WITH', ESQL_KEYWORDS.WITH.doc, true);
      this.follow();
    }
  }

  // ------------------------------------------------------------------ expressions

  private expression(mode: 'condition' | 'eval' | 'row' | 'agg' | 'by' | 'sort'): void {
    const { pos } = this;
    const call = pos.call;
    if (call) return this.argument(mode);
    if (pos.depth > 0) {
      // Inside plain brackets: an IN list or a parenthesised expression.
      if (this.values()) return;
      if (pos.afterOperand) return this.operators(mode);
      return this.operand(mode, undefined);
    }
    if (pos.afterOperand) return this.operators(mode);
    if (this.values()) return;
    const assigned = pos.item.length === 2 && pos.item[1].kind === 'op' && pos.item[1].text === '=';
    if (pos.itemStart && (mode === 'eval' || mode === 'agg' || mode === 'by' || mode === 'row')) this.newColumn();
    if (mode === 'agg' && (pos.itemStart || assigned)) {
      this.functions(new Set(['agg']), undefined);
      this.functions(new Set(['scalar']), undefined);
      if (pos.itemStart && pos.clause === undefined && this.expects('BY')) this.keyword('BY', ESQL_KEYWORDS.BY.doc, true);
      return;
    }
    this.operand(mode, undefined);
  }

  /** What starts an operand: columns, functions, literals keywords. */
  private operand(mode: string, types: Set<string> | undefined, inAggregate = false): void {
    const { pos } = this;
    const fieldsFirst = mode !== 'agg';
    const fnKinds =
      mode === 'agg' && !inAggregate ? ['agg', 'scalar'] : mode === 'by' ? ['grouping', 'scalar'] : ['scalar'];
    if (this.input.ast && (this.input.ast as esql.Query).commands?.[0]?.type === 'TsCommand' && mode === 'agg' && !inAggregate) fnKinds.unshift('time_series_agg');
    // A boolean argument is usually a comparison that starts with a field of any type.
    const fieldTypes = types && !types.has('boolean') ? types : undefined;
    if (fieldsFirst && mode !== 'row') this.columns({ ...(fieldTypes ? { types: fieldTypes } : {}) });
    if (mode === 'condition' && !types) {
      // Functions returning a boolean first.
      this.functions(new Set(fnKinds), BOOLEAN);
    }
    this.functions(new Set(fnKinds), types);
    if (!fieldsFirst) this.columns({ ...(fieldTypes ? { types: fieldTypes } : {}) });
    if (!pos.call || types === undefined || [...types].some((t) => t === 'boolean')) {
      for (const k of ['TRUE', 'FALSE']) if (this.expects(k)) this.keyword(k, ESQL_KEYWORDS[k].doc);
    }
    if (this.expects('NULL')) this.keyword('NULL', ESQL_KEYWORDS.NULL.doc);
    if (mode === 'condition' && this.expects('NOT')) this.keyword('NOT', ESQL_KEYWORDS.NOT.doc, true);
  }

  /** Inside `f(`: what fits the argument. */
  private argument(mode: 'condition' | 'eval' | 'row' | 'agg' | 'by' | 'sort'): void {
    const { pos } = this;
    const call = pos.call!;
    const def = functionDefinition(call.name);
    if (!def) return; // An unknown function: we cannot tell what fits.
    const { types, constant } = paramTypesAt(def, call.argIndex);
    const arg = call.args[call.args.length - 1];
    const more = paramTypesAt(def, call.argIndex + 1).types.size > 0;
    if (arg.length > 0 && isOperandEnd(arg[arg.length - 1])) {
      if (more) this.symbol(',');
      this.symbol(')');
      this.operators(mode, true);
      return;
    }
    if (types.size === 0) return;
    if (constant && [...types].every((t) => t === 'date_period' || t === 'time_duration')) {
      for (const t of TIMESPANS) this.out.add(t, 'value', { detail: 'time span' });
      return;
    }
    if (def.name === 'count' && call.argIndex === 0 && arg.length === 0) this.out.add('*', 'operator', { detail: 'count every row' });
    const inAggregate = pos.calls.some((c) => functionDefinition(c.name)?.type === 'agg' || functionDefinition(c.name)?.type === 'time_series_agg');
    this.operand(mode === 'agg' && inAggregate ? 'agg-arg' : mode, types, inAggregate);
  }

  /** After an operand: operators, keywords, `,` and `|`, in the order that fits the place. */
  private operators(mode: string, inCall = false): void {
    const { pos } = this;
    const groups: Record<string, Array<() => void>> = { follow: [], compare: [], nulls: [], list: [], pattern: [], logic: [], sort: [], clause: [], arith: [], cast: [] };
    if (!inCall) {
      if (this.expects(',', 'token') && mode !== 'condition') groups.follow.push(() => this.symbol(','));
      groups.follow.push(() => this.follow());
    }
    for (const e of this.expected) {
      const l = e.label;
      if (e.kind === 'keyword') {
        switch (l) {
          case 'IS':
            groups.nulls.push(() => this.keyword('IS NOT NULL', ESQL_KEYWORDS['IS NOT NULL'].doc), () => this.keyword('IS NULL', ESQL_KEYWORDS['IS NULL'].doc));
            break;
          case 'IN':
            groups.list.push(() => this.keyword('IN (', ESQL_KEYWORDS['IN ('].doc, false, 'IN ($0)'));
            break;
          case 'NOT':
            groups.list.push(() => this.keyword('NOT IN (', ESQL_KEYWORDS['NOT IN ('].doc, false, 'NOT IN ($0)'));
            groups.pattern.push(() => this.keyword('NOT LIKE', ESQL_KEYWORDS['NOT LIKE'].doc, true), () => this.keyword('NOT RLIKE', ESQL_KEYWORDS['NOT RLIKE'].doc, true));
            break;
          case 'LIKE':
          case 'RLIKE':
            groups.pattern.unshift(() => this.keyword(l, ESQL_KEYWORDS[l].doc, true));
            break;
          case 'AND':
          case 'OR':
            groups.logic.push(() => this.keyword(l, ESQL_KEYWORDS[l].doc, true));
            break;
          case 'ASC':
          case 'DESC':
            groups.sort.push(() => this.keyword(l, ESQL_KEYWORDS[l].doc, true));
            break;
          case 'NULLS':
            groups.sort.push(() => this.keyword('NULLS FIRST', ESQL_KEYWORDS['NULLS FIRST'].doc), () => this.keyword('NULLS LAST', ESQL_KEYWORDS['NULLS LAST'].doc));
            break;
          case 'FIRST':
          case 'LAST':
          case 'NULL':
          case 'TRUE':
          case 'FALSE':
            break;
          case 'WHERE':
            if (mode === 'agg' && !inCall) groups.clause.push(() => this.keyword('WHERE', 'In STATS: this aggregate counts only the rows that match.', true));
            break;
          case 'BY':
            if (!inCall) groups.clause.push(() => this.keyword('BY', ESQL_KEYWORDS.BY.doc, true));
            break;
          default:
            if (ESQL_KEYWORDS[l] && !esqlCommand(l)) groups.clause.push(() => this.keyword(l, ESQL_KEYWORDS[l].doc, true));
        }
        continue;
      }
      if (!/^[^\w\s`?()[\]{},|.]+$/.test(l) || pos.word !== '') continue;
      if (l === '=~' && !this.input.snapshot) continue;
      if (l === ':' && mode !== 'condition') continue;
      const group = l === '::' ? 'cast' : /^[+\-*/%]$/.test(l) ? 'arith' : 'compare';
      groups[group].push(() => this.symbol(l));
    }
    const compared = pos.item.some((t) => (t.kind === 'op' && /^(==|!=|<|<=|>|>=|=~|:)$/.test(t.text)) || (t.kind === 'word' && /^(IS|IN|LIKE|RLIKE)$/i.test(t.text)));
    let order: string[];
    if (mode === 'condition' && !compared && !inCall) order = ['compare', 'nulls', 'list', 'pattern', 'arith', 'cast', 'logic', 'follow', 'clause', 'sort'];
    else if (mode === 'condition' && !inCall) order = ['logic', 'follow', 'arith', 'compare', 'nulls', 'list', 'pattern', 'cast', 'clause', 'sort'];
    else if (mode === 'sort') order = ['sort', 'follow', 'arith', 'cast', 'compare', 'nulls', 'list', 'pattern', 'logic', 'clause'];
    else if (inCall) order = ['arith', 'compare', 'logic', 'nulls', 'list', 'pattern', 'cast', 'clause', 'sort', 'follow'];
    else order = ['follow', 'clause', 'arith', 'compare', 'logic', 'nulls', 'list', 'pattern', 'cast', 'sort'];
    for (const g of order) for (const add of groups[g]) add();
  }

  /** `field == <|>`, `field IN (<|>`: the values ECS allows, the known datasets. */
  private values(): boolean {
    const { pos } = this;
    const item = pos.item;
    let field: string | undefined;
    const n = item.length;
    if (n >= 2 && item[n - 1].kind === 'op' && ['==', '!=', ':'].includes(item[n - 1].text) && item[n - 2].kind === 'word') field = item[n - 2].text;
    else {
      const open = openBrackets(pos.args);
      const top = open[open.length - 1];
      if (top && !top.call) {
        const before = pos.args.slice(0, top.index);
        const m = before.length;
        const list = pos.args.slice(top.index + 1);
        const listDone = list.length > 0 && list[list.length - 1].kind !== 'comma';
        if (m >= 2 && before[m - 1].kind === 'word' && before[m - 1].text.toUpperCase() === 'IN' && !listDone) {
          const f = before[m - 2].kind === 'word' && before[m - 2].text.toUpperCase() === 'NOT' ? before[m - 3] : before[m - 2];
          if (f?.kind === 'word') field = f.text;
        }
      }
    }
    if (!field) return false;
    const values = fieldValues(this.input.schema(), field, streamsOf(this.input.text, this.input.ruleIndex, this.input.integrations));
    if (values.length === 0) return false;
    for (const v of values) this.out.add(`"${v.value}"`, 'value', { detail: v.detail, filterText: v.value, ...(v.documentation ? { documentation: v.documentation } : {}) });
    return true;
  }

  private generic(): void {
    const { pos } = this;
    if (pos.afterOperand) {
      for (const e of this.expected) if (e.kind === 'keyword' && ESQL_KEYWORDS[e.label] && !esqlCommand(e.label)) this.keyword(e.label, ESQL_KEYWORDS[e.label].doc, true);
      this.follow();
      return;
    }
    if (this.expected.some((e) => e.kind === 'token' && /^field name/.test(e.label))) this.columns({});
    if (this.expects('NULL')) this.functions(new Set(['scalar']), undefined);
    for (const e of this.expected) if (e.kind === 'keyword' && ESQL_KEYWORDS[e.label] && !esqlCommand(e.label)) this.keyword(e.label, ESQL_KEYWORDS[e.label].doc, true);
  }

  // ------------------------------------------------------------------ items

  /** `|` (and the `,` of lists) where the command may end. */
  private follow(): void {
    if (this.expects('|', 'token') || this.pos.afterOperand) this.symbol('|', 'Pipe the rows to the next command', 'suggest');
  }

  private symbol(label: string, detail?: string, retrigger?: 'suggest'): void {
    if (this.pos.word !== '' && !/^\w/.test(label)) return;
    const doc = ESQL_KEYWORDS[label]?.doc;
    this.out.add(label, 'operator', {
      ...(detail ?? doc ? { detail: detail ?? doc } : {}),
      insertText: label === ')' ? ')' : label === '|' ? '| ' : label === ',' ? ', ' : `${label} `,
      ...(retrigger || label === '|' || label === ',' ? { retrigger: 'suggest' as const } : {}),
    });
  }

  private keyword(label: string, doc?: string, space = false, snippet?: string): void {
    const cased = this.kw(label);
    const info = ESQL_KEYWORDS[label];
    this.out.add(cased, 'keyword', {
      ...(doc ? { documentation: keywordMarkdown(label, doc, info?.example, info?.url) } : {}),
      ...(snippet ? { insertText: this.kw(snippet.replace(/\$0/, '')).replace('()', '($0)'), snippet: true } : space ? { insertText: cased + ' ', retrigger: 'suggest' as const } : {}),
    });
  }

  private newColumn(): void {
    const existing = new Set(this.available().columns.map((c) => c.name));
    let n = 0;
    const prefix = this.input.isRule ? 'Esql.' : '';
    while (existing.has(`${prefix}col${n}`)) n++;
    const name = `${prefix}col${n}`;
    this.out.add(`${name} =`, 'column', {
      detail: 'a new column',
      documentation: this.input.isRule ? 'Columns a detection rule creates are named `Esql.*` (detection-rules convention).' : 'Names the column the expression creates.',
      insertText: `${prefix}\${1:col${n}} = `,
      snippet: true,
      retrigger: 'suggest',
      filterText: name,
    });
  }

  private available(): { columns: AvailableColumn[]; schemaFields: boolean } {
    if (this.columnsCache) return this.columnsCache;
    const { input, pos } = this;
    if (pos.commandIndex === 0 || !input.ast) return (this.columnsCache = { columns: [], schemaFields: false });
    return (this.columnsCache = columnsBefore(input.ast as esql.Query, input.text, pos.wordStart, input.schema(), input.snapshot));
  }

  private ranking(): FieldRanking {
    const used = this.input.ast ? namesRead(this.input.ast as esql.Query) : new Set<string>();
    return { used, streams: streamsOf(this.input.text, this.input.ruleIndex, this.input.integrations) };
  }

  /** Columns the query created, then the schema fields the pipeline still carries, ranked; metadata last. */
  private columns(opts: { types?: Set<string>; exclude?: Set<string> }): void {
    const { columns, schemaFields } = this.available();
    const fits = (type: string | undefined, strict: boolean) =>
      !opts.types || ((type === undefined || type === 'unknown') ? !strict : [...opts.types].some((t) => accepts(t, type)));
    const ranking = this.ranking();
    const created = columns.filter((c) => c.origin === 'created');
    const kept = columns.filter((c) => c.origin === 'schema').sort((a, b) => Number(ranking.used.has(b.name)) - Number(ranking.used.has(a.name)));
    const metadata = columns.filter((c) => c.origin === 'metadata');
    const addColumn = (c: AvailableColumn) => {
      if (opts.exclude?.has(c.name) || !fits(c.type, c.origin !== 'created')) return;
      const quoted = quoteName(c.name);
      this.out.add(c.name, c.origin === 'created' ? 'column' : 'field', {
        detail: c.type,
        documentation: c.origin === 'created' ? `\`${c.type}\` column created by the query.` : c.origin === 'metadata' ? `\`${c.type}\` metadata field.` : fieldDocumentation(this.input.schema(), c.name).documentation ?? `\`${c.type}\``,
        ...(quoted !== c.name ? { insertText: quoted } : {}),
      });
    };
    for (const c of [...created, ...kept]) addColumn(c);
    if (schemaFields) {
      const schema = this.input.schema();
      const listed = new Set(columns.map((c) => c.name));
      for (const name of rankedFields(schema, ranking)) {
        if (listed.has(name) || opts.exclude?.has(name) || !this.out.matches(name)) continue;
        if (this.out.full) {
          this.out.incomplete = true;
          break;
        }
        const l = schema.lookup(name);
        const esType = l.kind === 'known' || l.kind === 'open' ? l.type : undefined;
        if (!fits(esType === undefined ? undefined : esqlTypeOfField(esType), true)) continue;
        const doc = fieldDocumentation(schema, name);
        const quoted = quoteName(name);
        if (!this.out.add(name, 'field', { ...doc, ...(quoted !== name ? { insertText: quoted } : {}) }) && this.out.incomplete) break;
      }
    }
    for (const c of metadata) addColumn(c);
  }

  private functions(kinds: Set<string>, types: ReadonlySet<string> | undefined): void {
    for (const f of esqlFunctions(this.input.snapshot)) {
      if (!kinds.has(f.kind)) continue;
      if (types && !returnsOneOf(f.def, types)) continue;
      const label = this.kw(f.name);
      const noArgs = f.def.signatures.every((s) => s.params.length === 0);
      this.out.add(label, 'function', {
        detail: f.detail,
        documentation: functionMarkdown(f.def, [], 3),
        insertText: noArgs ? `${label}()` : `${label}($1)`,
        snippet: true,
        ...(noArgs ? {} : { retrigger: 'parameterHints' as const }),
      });
    }
  }
}

const EXPRESSION_ARGS = new Set(['condition', 'assignments', 'aggregates', 'sort', 'join']);

const k = (label: string): ExpectedItem => ({ kind: 'keyword', label });
const t = (label: string): ExpectedItem => ({ kind: 'token', label });
const OPERAND_START = [k('NOT'), k('NULL'), k('TRUE'), k('FALSE'), t('field name'), t('(')];
const COMPARISONS = ['==', '!=', '<', '<=', '>', '>='].map(t);
const ARITHMETIC = ['+', '-', '*', '/', '%'].map(t);

/**
 * What may follow in an expression of WHERE, EVAL, STATS, SORT, ROW and the ON of a join, from the shape
 * of the expression grammar (the same answers as the parser's content assist, which costs ~10 ms a call
 * on the ES|QL grammar: too much for each keystroke).
 */
export function expressionExpected(pos: EsqlPosition, snapshot: boolean): ExpectedItem[] {
  if (!pos.afterOperand) {
    const out = [...OPERAND_START];
    if (pos.command?.args === 'aggregates' && pos.clause === undefined && pos.itemStart) out.push(k('BY'));
    return out;
  }
  const last = pos.last;
  const prev = pos.args[pos.args.length - 2];
  const word = last?.kind === 'word' ? last.text.toUpperCase() : '';
  const out: ExpectedItem[] = [];
  const top = pos.depth === 0;
  const end = () => {
    if (top) {
      if (pos.command?.args !== 'condition' && pos.command?.args !== 'join') out.push(t(','));
      if (pos.command?.args === 'join') out.push(t(','));
      out.push(t('|'));
    }
  };
  // `a IS NULL`, `a IS NOT NULL`: a finished condition.
  if (word === 'NULL' && prev?.kind === 'word' && /^(IS|NOT)$/i.test(prev.text)) {
    out.push(k('AND'), k('OR'));
    end();
    return out;
  }
  if (pos.command?.args === 'sort' && top && /^(ASC|DESC|FIRST|LAST)$/.test(word)) {
    if (word === 'ASC' || word === 'DESC') out.push(k('NULLS'));
    end();
    return out;
  }
  out.push(...COMPARISONS);
  if (snapshot) out.push(t('=~'));
  out.push(...ARITHMETIC, t('::'), k('IS'), k('IN'), k('NOT'), k('LIKE'), k('RLIKE'), k('AND'), k('OR'));
  if (pos.command?.args === 'condition' || pos.clause === 'WHERE') out.push(t(':'));
  if (top && pos.command?.args === 'sort') out.push(k('ASC'), k('DESC'), k('NULLS'));
  if (top && pos.command?.args === 'aggregates' && pos.clause !== 'BY') out.push(k('WHERE'), k('BY'));
  end();
  return out;
}

/**
 * The parser's expected items at the cursor, computed on the cursor's command alone (behind a stand-in
 * `FROM x |` for processing commands): what a command accepts does not depend on the commands before it,
 * and content assist over a whole long query costs far too much per keystroke.
 */
const assistCache = new Map<string, ExpectedItem[]>();

function cachedExpectedAt(text: string): ExpectedItem[] {
  let hit = assistCache.get(text);
  if (!hit) {
    hit = esql.expectedAt(text, text.length);
    if (assistCache.size > 500) assistCache.delete(assistCache.keys().next().value!);
    assistCache.set(text, hit);
  }
  return hit;
}

export function expectedInCommand(text: string, pos: EsqlPosition): ExpectedItem[] {
  if (pos.commandIndex === 0 && pos.commandStart === 0 && pos.args.length < 40) return cachedExpectedAt(text.slice(0, pos.wordStart));
  const stub = pos.commandIndex === 0 ? '' : 'FROM x | ';
  const command = text.slice(pos.commandStart, pos.wordStart);
  if (pos.args.length < 40 || !pos.command) return cachedExpectedAt(stub + command);
  // A long command: its name (and a stand-in for its clause), then the end of the current item.
  const args = pos.args;
  const nameEnd = args.length ? text.slice(pos.commandStart, args[0].start) : command;
  const clause = pos.clause === 'BY' ? 'c = COUNT(*) BY ' : pos.clause === 'WHERE' && pos.command.args === 'aggregates' ? 'c = COUNT(*) WHERE ' : undefined;
  if (pos.clause && !clause) return cachedExpectedAt(stub + command);
  const itemFrom = pos.item.length ? pos.item[0].start : pos.wordStart;
  const reduced = reduceForAssist(text, pos.item, itemFrom, pos.wordStart, (t, depth) => (t.kind === 'word' && /^(and|or)$/i.test(t.text)) || (depth > 0 && t.kind === 'comma'));
  return cachedExpectedAt(stub + nameEnd + (clause ?? '') + reduced);
}

function isOperandEnd(t: { kind: string; text: string }): boolean {
  return t.kind === 'string' || t.kind === 'number' || t.kind === 'quoted' || t.kind === 'close' || (t.kind === 'word' && !['AND', 'OR', 'NOT', 'IN', 'LIKE', 'RLIKE', 'IS'].includes(t.text.toUpperCase()));
}

/** Values worth offering for a field: ECS allowed values, integration datasets. */
export function fieldValues(schema: ResolvedSchema, field: string, streams: readonly string[]): Array<{ value: string; detail: string; documentation?: string }> {
  if (field === 'event.dataset' || field === 'data_stream.dataset') {
    const known = knownDataStreams();
    const mine = known.filter((s) => streams.includes(s.dataset) || streams.includes(s.package));
    const seen = new Set<string>();
    return [...mine, ...known].filter((s) => !seen.has(s.dataset) && seen.add(s.dataset)).map((s) => ({ value: s.dataset, detail: `${s.package} integration data stream` }));
  }
  if (field === 'event.module' || field === 'data_stream.namespace') return [];
  const allowed = schema.allowedValues(field);
  if (!allowed) return [];
  const doc = ecsFieldDoc(field);
  return allowed.map((v) => {
    const d = doc?.allowedValues?.find((a) => a.name === v)?.description;
    return { value: v, detail: `allowed value of ${field}`, ...(d ? { documentation: d } : {}) };
  });
}

export function commandMarkdown(info: EsqlCommandInfo): string {
  return [
    '```esql\n' + info.syntax + '\n```',
    info.doc,
    info.example ? '```esql\n' + info.example + '\n```' : '',
    `${info.snapshotOnly ? 'Snapshot builds only · ' : ''}[Reference](${info.url})`,
  ].filter(Boolean).join('\n\n');
}

export function keywordMarkdown(label: string, doc: string, example?: string, url?: string): string {
  return [`**${label}**`, doc, example ? '```esql\n' + example + '\n```' : '', url ? `[Reference](${url})` : ''].filter(Boolean).join('\n\n');
}

export type { FunctionDefinition };
