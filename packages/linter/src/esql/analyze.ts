import { closestMatches, diagnostic, wildcardPattern, type Diagnostic, type Span, type WildcardPattern } from '@esql-lint/core';
import * as esql from '@esql-lint/parser-esql';
import type { FieldLookup, ResolvedSchema } from '@esql-lint/schema';
import { fieldLookupDiagnostic, unknownFieldDiagnostic } from '../fields.js';
import {
  castFunction, describeCandidates, functionDefinition, functionNames, matchSignatures, maxArgs, minArgs, operatorDefinition,
  type Arg,
} from './functions.js';
import { Scope, type ColumnOrigin, type EsqlColumn, type EsqlColumnRead } from './columns.js';
import { commandSpec } from './commands.js';
import type { CommandContext, ExprContext } from './model.js';
import { aType, callsUnknownFunction, columnNames, containsAggregate, isExpression, isFoldable } from './expressions.js';
import {
  checkCallArguments, checkColumnValueType, FULL_TEXT_FUNCTIONS, HOMOGENEOUS, fullTextOutsideWhere, isIpString, isDateString, wildcardNotAllowed,
} from './verifier.js';
import {
  accepts, CAST_TYPES, either, esqlTypeOfField, family, integerLiteralType, isOpenType, METADATA_TYPES, NULL, timespanType,
  UNKNOWN, type EsqlType,
} from './types.js';

export type { ColumnOrigin, EsqlColumn, EsqlColumnRead } from './columns.js';

export interface EsqlAnalysisOptions {
  /** The query text (names unnamed STATS/EVAL expressions by their text, as Elasticsearch does). */
  text: string;
  /** Accept snapshot-only functions. */
  snapshot?: boolean;
}

/** What the analysis of an ES|QL query found. */
export interface EsqlAnalysis {
  /**
   * The output columns that the analysis can name: metadata fields, created columns, and schema fields
   * the query keeps by name. When `includesSchemaFields` is true the output also holds the (not listed)
   * schema fields of the FROM indices.
   */
  columns: Map<string, EsqlColumn>;
  includesSchemaFields: boolean;
  /** The output may hold columns we cannot know (after LOOKUP JOIN, ENRICH without WITH, FORK...). */
  open: boolean;
  /** Whether `name` is an output column (schema fields included; `true` for any name when `open`). */
  hasColumn(name: string): boolean;
  /** The type of an output column, `unknown` if we cannot tell, `undefined` if it is not an output column. */
  columnType(name: string): EsqlType | undefined;
  /** Every column read, in pipeline order. */
  reads: EsqlColumnRead[];
  /** Diagnostics (query offsets): unknown-column, unknown-field, unverified-field, unknown-function, ... */
  diagnostics: Diagnostic[];
  /** The query has a STATS command (an aggregating query, in Kibana's and detection-rules' terms). */
  aggregating: boolean;
  /** A column name could not be resolved: the output columns are uncertain. */
  uncertain: boolean;
  /** METADATA fields the source command asks for. */
  metadata: Set<string>;
  /** Whether some command of the query creates a column of this name (anywhere in the pipeline). */
  createdAnywhere(name: string): boolean;
}

const ESQL_PREFIX = /^Esql(_priv)?\./;

/** Whether a name follows detection-rules' naming convention for columns a query creates. */
export function hasEsqlPrefix(name: string): boolean {
  return ESQL_PREFIX.test(name);
}

const COMPARISON_OPERATORS: Record<string, string> = {
  '==': 'equals', '!=': 'not_equals', '<': 'less_than', '<=': 'less_than_or_equal', '>': 'greater_than', '>=': 'greater_than_or_equal',
};
const ARITHMETIC_OPERATORS: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod' };

/** What the aggregates of a STATS may refer to: its BY groups. */
interface StatsGroups {
  /** Names of the BY groups (`g` of `BY g = ...`, `host.name` of `BY host.name`, the text of an unnamed expression). */
  names: Set<string>;
  /** Texts of the grouping functions of the BY clause. */
  groupings: Set<string>;
  /** The BY expressions that are not a plain column, for "column used inside a BY group" messages. */
  expressions: Array<{ text: string; columns: Set<string> }>;
}

class Analyzer implements CommandContext {
  scope = new Scope();
  readonly diagnostics: Diagnostic[] = [];
  readonly reads: EsqlColumnRead[] = [];
  readonly metadata = new Set<string>();
  private readonly lookups = new Map<string, FieldLookup>();
  readonly defined = new Set<string>();
  /** Set after the first unresolved name: later unknown-column errors would only be its echoes. */
  uncertain = false;
  aggregating = false;
  /** Why a name is gone (DROP, RENAME), for messages. */
  private readonly goneBy = new Map<string, string>();

  constructor(
    readonly schema: ResolvedSchema,
    readonly options: EsqlAnalysisOptions,
    ast: esql.Query,
  ) {
    for (const r of esql.fieldReferences(ast)) if (r.role === 'define') this.defined.add(r.name);
  }

  lookup(name: string): FieldLookup {
    let l = this.lookups.get(name);
    if (!l) {
      l = this.schema.lookup(name);
      this.lookups.set(name, l);
    }
    return l;
  }

  text(span: Span): string {
    return this.options.text.slice(span.start, span.end);
  }

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  schemaPresent(name: string, scope = this.scope): boolean {
    if (!scope.schemaOpen || scope.removed.has(name)) return false;
    if (!scope.keepFilters.every((f) => f.some((r) => r.test(name)))) return false;
    if (scope.dropPatterns.some((r) => r.test(name))) return false;
    return this.lookup(name).kind !== 'unknown';
  }

  schemaColumn(name: string): EsqlColumn {
    const l = this.lookup(name);
    const type = l.kind === 'known' || l.kind === 'open' ? esqlTypeOfField(l.type) : UNKNOWN;
    return { name, type, origin: 'schema' };
  }

  /** The column `name` at this point, or undefined. */
  resolve(name: string, scope = this.scope): EsqlColumn | undefined {
    const e = scope.explicit.get(name);
    if (e) return e;
    if (this.schemaPresent(name, scope)) return this.schemaColumn(name);
    if (scope.open) return { name, type: UNKNOWN, origin: 'created' };
    return undefined;
  }

  /** Resolves a column read, reporting it when it does not exist. */
  read(name: string, span: Span, parameterized = false): EsqlColumn | undefined {
    if (parameterized || !name) return { name, type: UNKNOWN, origin: 'created' };
    const col = this.resolve(name);
    this.reads.push({ name, span, type: col?.type });
    if (col) {
      if (col.origin === 'schema' && this.lookup(name).kind === 'incomplete') {
        const d = fieldLookupDiagnostic(this.schema, name, this.lookup(name), span);
        if (d) this.report(d);
      }
      return col;
    }
    this.unresolved(name, span);
    return undefined;
  }

  /** The names that exist at this point, for did-you-mean (schema fields only when reporting). */
  currentNames(): string[] {
    const out = [...this.scope.explicit.keys()];
    if (this.scope.schemaOpen) for (const f of this.schema.fieldNames()) if (this.schemaPresent(f)) out.push(f);
    return out;
  }

  unresolved(name: string, span: Span): void {
    const inSchema = this.lookup(name).kind !== 'unknown';
    const somewhere = inSchema || this.defined.has(name) || name in METADATA_TYPES || hasEsqlPrefix(name);
    if (!somewhere) {
      const created = closestMatches(name, this.scope.explicit.keys(), 3);
      if (this.scope.schemaOpen && created.length === 0) {
        this.report(unknownFieldDiagnostic(this.schema, name, span));
      } else {
        const suggestions = closestMatches(name, this.currentNames(), 3);
        this.report(this.nameDiagnostic('unknown-field', `Unknown field "${name}": it is in none of the schemas this rule runs against and no command of the query creates it.`, span, suggestions));
      }
    } else if (!this.uncertain) {
      let why: string;
      if (name in METADATA_TYPES && !this.metadata.has(name) && !this.defined.has(name)) why = `it is a metadata field: ask for it with METADATA ${name} in FROM`;
      else if (this.goneBy.has(name)) why = `${this.goneBy.get(name)} removed it`;
      else if (inSchema && this.scope.closedBy) why = `the ${this.scope.closedBy} before it removed the index fields`;
      else if (inSchema && !this.scope.schemaOpen) why = 'the source command does not bring index fields';
      else if (this.defined.has(name)) why = 'it is created later in the query, or removed before this point';
      else why = 'no command before this point creates it';
      const suggestions = closestMatches(name, this.currentNames(), 3);
      this.report(this.nameDiagnostic('unknown-column', `Column "${name}" does not exist at this point of the query: ${why}.`, span, suggestions));
    }
    this.uncertain = true;
  }

  nameDiagnostic(code: string, message: string, span: Span, suggestions: string[]): Diagnostic {
    if (suggestions.length) message += ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?`;
    const fixes = suggestions.slice(0, 1).map((s) => ({ title: `Replace with ${s}`, edits: [{ span, newText: quoteName(s) }] }));
    return diagnostic(code, 'error', message, span, fixes);
  }

  define(name: string | undefined, type: EsqlType, span: Span | undefined, scope = this.scope): void {
    if (!name) return;
    scope.explicit.delete(name);
    scope.explicit.set(name, { name, type, origin: 'created', ...(span ? { span } : {}) });
  }

  // ------------------------------------------------------------------ expressions

  typeOf(e: esql.Expression | undefined, ctx: ExprContext): EsqlType {
    if (!e) return UNKNOWN;
    switch (e.type) {
      case 'Literal':
        return literalType(e);
      case 'ListLiteral':
        return e.elements.reduce<EsqlType>((t, x) => either(t, literalType(x)), NULL);
      case 'Column':
        return this.read(e.name, e.span, e.parameterized)?.type ?? UNKNOWN;
      case 'FunctionCall':
        return this.call(e, ctx);
      case 'BinaryExpression':
        return this.binary(e, ctx);
      case 'UnaryExpression': {
        const t = this.typeOf(e.operand, ctx);
        if (e.operator === 'not') {
          this.expectBoolean(e.operand, t, 'NOT');
          return 'boolean';
        }
        if (e.operator === '-' && t === 'unsigned_long') {
          this.report(diagnostic('incompatible-types', 'error', `Cannot negate an unsigned_long value (${this.text(e.span)}): convert it with TO_LONG or TO_DOUBLE first.`, e.span));
          return UNKNOWN;
        }
        if (e.operator === '-' && !isOpenType(t) && !['number', 'timespan'].includes(family(t))) {
          this.report(diagnostic('incompatible-types', 'error', `Cannot negate ${aType(t)} value: "-" takes numbers and time spans.`, e.span));
          return UNKNOWN;
        }
        return t;
      }
      case 'InExpression': {
        const t = this.typeOf(e.expression, ctx);
        const def = operatorDefinition('in');
        for (const x of e.list) {
          const xt = this.typeOf(x, ctx);
          if (!def || isOpenType(t) || isOpenType(xt)) continue;
          if (!matchSignatures(def.signatures, [{ type: t }, arg(x, xt, true)]).matched && !accepts(t, xt, isStringLiteral(x))) {
            this.report(diagnostic('incompatible-types', 'error', `IN compares ${aType(t)} value with ${this.text(x.span)}, ${aType(xt)}: the list values must have the type of the tested value.`, x.span));
          }
        }
        return 'boolean';
      }
      case 'LikeExpression': {
        const t = this.typeOf(e.expression, ctx);
        if (!isOpenType(t) && family(t) !== 'string') {
          this.report(diagnostic('incompatible-types', 'error', `${e.operator.toUpperCase()} matches strings, but this is ${aType(t)} value: convert it with TO_STRING() first.`, e.expression.span));
        }
        return 'boolean';
      }
      case 'IsNullExpression':
        this.typeOf(e.expression, ctx);
        return 'boolean';
      case 'MatchExpression':
        this.typeOf(e.field, ctx);
        if (!ctx.fullText) fullTextOutsideWhere(this, 'The ":" (match) operator', e.span, ctx.command);
        return 'boolean';
      case 'Cast':
        return this.cast(e, ctx);
      case 'MapExpression':
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  expectBoolean(e: esql.Expression | undefined, t: EsqlType, what: string): void {
    if (!e || isOpenType(t) || t === 'boolean') return;
    this.report(diagnostic('incompatible-types', 'error', `${what} needs a boolean condition, but ${this.text(e.span)} is ${aType(t)} value.`, e.span));
  }

  cast(e: esql.Cast, ctx: ExprContext): EsqlType {
    const t = this.typeOf(e.expr, ctx);
    const fn = castFunction(e.targetType);
    const def = fn ? functionDefinition(fn) : undefined;
    if (!def) return UNKNOWN;
    const m = matchSignatures(def.signatures, [arg(e.expr, t)]);
    if (!m.matched) {
      this.report(diagnostic('no-matching-signature', 'error', `A ${t} value cannot be cast to ${e.targetType}: ${fn!.toUpperCase()} takes ${describeCandidates(m.candidates, 8)}.`, e.span));
      return UNKNOWN;
    }
    return CAST_TYPES[e.targetType] ?? m.returnType;
  }

  binary(e: esql.BinaryExpression, ctx: ExprContext): EsqlType {
    if (e.operator === 'and' || e.operator === 'or') {
      // Long AND/OR chains (lists of thousands of conditions) are left-deep trees: walk their spine in
      // a loop so the depth of the recursion does not grow with the length of the chain.
      const operands: Array<esql.Expression | undefined> = [];
      let cur: esql.Expression | undefined = e;
      while (cur?.type === 'BinaryExpression' && cur.operator === e.operator) {
        operands.push(cur.right);
        cur = cur.left;
      }
      operands.push(cur);
      for (let i = operands.length - 1; i >= 0; i--) this.expectBoolean(operands[i], this.typeOf(operands[i], ctx), e.operator.toUpperCase());
      return 'boolean';
    }
    const lt = this.typeOf(e.left, ctx);
    const rt = this.typeOf(e.right, ctx);
    if (!e.left || !e.right) return UNKNOWN;
    const comparison = COMPARISON_OPERATORS[e.operator];
    const def = operatorDefinition(comparison ?? ARITHMETIC_OPERATORS[e.operator]);
    if (!def || isOpenType(lt) || isOpenType(rt)) return comparison ? 'boolean' : isOpenType(lt) ? rt : lt;
    if (e.operator === '-' && family(lt) === 'timespan' && family(rt) === 'date') {
      this.report(diagnostic('incompatible-types', 'error', `Cannot subtract a date (${this.text(e.right.span)}) from a time span (${this.text(e.left.span)}): the arguments are in an order Elasticsearch does not support; write ${this.text(e.right.span)} - ${this.text(e.left.span)}.`, e.span));
      return UNKNOWN;
    }
    if (!comparison && (lt === 'unsigned_long') !== (rt === 'unsigned_long') && family(lt) === 'number' && family(rt) === 'number') {
      this.report(diagnostic('incompatible-types', 'error', `"${e.operator}" combines an unsigned_long value with ${aType(lt === 'unsigned_long' ? rt : lt)} value: unsigned_long only combines with unsigned_long (convert with TO_UNSIGNED_LONG, or the other side with TO_LONG/TO_DOUBLE).`, e.span));
      return UNKNOWN;
    }
    if (comparison) this.checkConvertedLiteral(e.left, lt, e.right, rt);
    const m = matchSignatures(def.signatures, [arg(e.left, lt, true), arg(e.right, rt, true)]);
    if (!m.matched) {
      const l = this.text(e.left.span);
      const r = this.text(e.right.span);
      const message = comparison
        ? `Cannot compare ${l} (${lt}) with ${r} (${rt}): both sides of "${e.operator}" must have compatible types.`
        : `"${e.operator}" does not take ${lt} and ${rt} values (${l} ${e.operator} ${r}).`;
      this.report(diagnostic('incompatible-types', 'error', message, e.span));
      return comparison ? 'boolean' : UNKNOWN;
    }
    return comparison ? 'boolean' : m.returnType;
  }

  /** A string literal compared with a date or an IP is converted by Elasticsearch: it must be one. */
  checkConvertedLiteral(l: esql.Expression, lt: EsqlType, r: esql.Expression, rt: EsqlType): void {
    for (const [field, ft, lit] of [[l, lt, r], [r, rt, l]] as const) {
      if (lit.type !== 'Literal' || lit.literalType !== 'string') continue;
      const bad = (family(ft) === 'date' && !isDateString(lit.value)) || (ft === 'ip' && !isIpString(lit.value));
      if (bad) {
        this.report(diagnostic('invalid-argument', 'error', `"${lit.value}" cannot be compared with ${this.text(field.span)} (${ft}): Elasticsearch converts the string to ${ft === 'ip' ? 'an IP address' : 'a date (ISO 8601, as in "2024-01-31T12:00:00Z")'} and this one is not.`, lit.span));
      }
    }
  }

  call(e: esql.FunctionCall, ctx: ExprContext): EsqlType {
    const def = functionDefinition(e.name);
    const snapshotOnly = def?.snapshotOnly && !this.options.snapshot;
    if (!def || snapshotOnly) {
      for (const a of e.args) this.typeOf(a, ctx);
      const suggestions = closestMatches(e.name.toLowerCase(), functionNames(this.options), 3);
      let message = `Unknown function "${e.name}"${snapshotOnly ? ' (only in snapshot builds of Elasticsearch)' : ''}.`;
      if (suggestions.length) message += ` Did you mean ${suggestions.map((s) => s.toUpperCase()).join(', ')}?`;
      // The fix follows the case the name was written in (`lenght` -> `length`, `LENGHT` -> `LENGTH`).
      const cased = (s: string) => (e.name === e.name.toLowerCase() ? s.toLowerCase() : s.toUpperCase());
      const fixes = snapshotOnly ? [] : suggestions.slice(0, 1).map((s) => ({ title: `Replace with ${cased(s)}`, edits: [{ span: e.nameSpan, newText: cased(s) }] }));
      this.report(diagnostic('unknown-function', 'error', message, e.nameSpan, fixes));
      return UNKNOWN;
    }
    const shown = e.name.toUpperCase();
    if (FULL_TEXT_FUNCTIONS.has(def.name) && !ctx.fullText) fullTextOutsideWhere(this, `${shown} (a full-text function)`, e.nameSpan, ctx.command);
    const isAggregate = def.type === 'agg' || def.type === 'time_series_agg';
    if (isAggregate) {
      if (ctx.mode === 'filter') {
        this.report(diagnostic('aggregate-misuse', 'error', `${shown} is an aggregate function: the WHERE of a STATS aggregate filters rows before aggregating and cannot use one.`, e.nameSpan));
      } else if (ctx.mode !== 'agg') {
        this.report(diagnostic('aggregate-misuse', 'error', `${shown} is an aggregate function: use it in STATS, not ${ctx.mode === 'by' ? 'in a BY group' : `in ${ctx.command ?? 'this command'}`}.`, e.nameSpan));
      } else if (ctx.inAggregate && def.type === 'agg') {
        this.report(diagnostic('aggregate-misuse', 'error', `${shown} is nested in another aggregate function: aggregates cannot be nested.`, e.nameSpan));
      }
    } else if (def.type === 'grouping') {
      const repeated = (ctx.mode === 'agg' || ctx.mode === 'filter') && ctx.groupings?.has(normalizeText(this.text(e.span)));
      if (ctx.mode === 'by' && ctx.inGrouping) {
        this.report(diagnostic('aggregate-misuse', 'error', `${shown} is nested in another grouping function: grouping functions cannot be nested.`, e.nameSpan));
      } else if (ctx.mode !== 'by' && !repeated) {
        this.report(diagnostic('aggregate-misuse', 'error', `${shown} is a grouping function: use it in STATS ... BY${ctx.mode === 'agg' || ctx.mode === 'filter' ? ' (an aggregate may only repeat a BY grouping expression)' : ''}.`, e.nameSpan));
      }
    }
    const inner: ExprContext = { ...ctx, inAggregate: ctx.inAggregate || isAggregate, inGrouping: ctx.inGrouping || def.type === 'grouping' };
    const args: Arg[] = e.args.map((a) => arg(a, this.typeOf(a, inner)));
    if (e.options) args.push({ type: UNKNOWN });
    const n = args.length;
    const min = minArgs(def);
    const max = maxArgs(def);
    if (n < min || n > max) {
      const expected = max === Infinity ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`;
      this.report(diagnostic('wrong-argument-count', 'error', `${shown} takes ${expected} argument${expected === '1' ? '' : 's'}, not ${n}.`, e.span));
      const returns = new Set(def.signatures.map((s) => s.returnType));
      return returns.size === 1 ? [...returns][0] : UNKNOWN;
    }
    const types = e.args.map((_, i) => args[i].type);
    if (def.name === 'case') {
      const t = this.caseType(e, args);
      checkCallArguments(this, e, def, types);
      return t;
    }
    const m = matchSignatures(def.signatures, args);
    if (m.matched) checkCallArguments(this, e, def, types);
    else if (HOMOGENEOUS.has(def.name)) {
      // COALESCE(long, keyword): the first value's type is fine, the others must have it (one error per odd one).
      const first = args.find((a) => !isOpenType(a.type));
      const uniform = first && matchSignatures(def.signatures, args.map((a) => (isOpenType(a.type) ? a : first)));
      if (uniform?.matched) {
        checkCallArguments(this, e, def, types);
        return uniform.returnType;
      }
    }
    if (!m.matched) {
      const bad = m.badArg !== undefined ? e.args[m.badArg] : undefined;
      const got = `(${args.map((a) => a.type).join(', ')})`;
      const message = bad
        ? `${shown} does not take ${aType(args[m.badArg!].type)} value as argument ${m.badArg! + 1} (${this.text(bad.span)}): it takes ${describeCandidates(m.candidates)}.`
        : `No signature of ${shown} takes ${got}: it takes ${describeCandidates(m.candidates)}.`;
      this.report(diagnostic('no-matching-signature', 'error', message, bad?.span ?? e.span));
    }
    return m.returnType;
  }

  /** CASE(cond, value, cond, value, ..., [else]): conditions are booleans; the type is the values' type. */
  caseType(e: esql.FunctionCall, args: Arg[]): EsqlType {
    let t: EsqlType = NULL;
    args.forEach((a, i) => {
      const isCondition = i % 2 === 0 && i < args.length - 1;
      if (isCondition) this.expectBoolean(e.args[i], a.type, 'CASE');
      else t = either(t, a.type);
    });
    return t === NULL ? UNKNOWN : family(t) === 'string' ? 'keyword' : t;
  }

  // ------------------------------------------------------------------ commands

  run(commands: esql.Command[]): void {
    for (const c of commands) this.command(c);
  }

  command(c: esql.Command): void {
    const spec = commandSpec(c);
    const row: ExprContext = { mode: 'row', inAggregate: false, command: spec.name || commandWord(c), ...(spec.fullText ? { fullText: true } : {}) };
    spec.analyze(c, this, row);
  }

  get snapshot(): boolean {
    return this.options.snapshot ?? false;
  }

  markUncertain(): void {
    this.uncertain = true;
  }

  source(c: esql.FromCommand | esql.TsCommand): void {
    this.scope = new Scope();
    this.scope.schemaOpen = true;
    for (const m of c.metadata) {
      // The parser reports a field that is not a metadata field; what the query reads of it would be an echo.
      if (!(m.name in METADATA_TYPES)) this.uncertain = true;
      this.metadata.add(m.name);
      this.scope.explicit.set(m.name, { name: m.name, type: METADATA_TYPES[m.name] ?? UNKNOWN, origin: 'metadata', span: m.span });
    }
    if (c.subqueries.length) this.scope.open = true;
  }

  rename(c: esql.RenameCommand): void {
    const scope = this.scope;
    for (const r of c.renames) {
      if (!r.oldName || !r.newName) continue;
      if (r.oldName.wildcard || r.newName.wildcard) {
        wildcardNotAllowed(this, 'RENAME', r.oldName.wildcard ? r.oldName : r.newName);
        scope.open = true;
        continue;
      }
      const col = this.read(r.oldName.name, r.oldName.span, r.oldName.parameterized);
      scope.explicit.delete(r.oldName.name);
      scope.removed.add(r.oldName.name);
      this.goneBy.set(r.oldName.name, 'the RENAME before it');
      this.define(r.newName.name, col?.type ?? UNKNOWN, r.newName.span);
    }
  }

  assignments(as: esql.Assignment[], ctx: ExprContext): void {
    for (const a of as) {
      const t = this.typeOf(a.expression, ctx);
      if (a.expression) checkColumnValueType(this, ctx.command ?? 'EVAL', a.expression, t);
      if (a.name) {
        if (!a.name.parameterized) this.define(a.name.name, t, a.name.span);
      } else if (a.expression) {
        // Elasticsearch names an unnamed field by its whole text, parentheses around the expression included.
        this.define(a.expression.type === 'Column' ? a.expression.name : this.text(a.span), t, a.expression.span);
      }
    }
  }

  stats(c: esql.StatsCommand | esql.InlineStatsCommand): void {
    if (c.type === 'StatsCommand') this.aggregating = true;
    const groups: StatsGroups = { names: new Set(), groupings: new Set(), expressions: [] };
    const outputs: EsqlColumn[] = [];
    for (const b of c.by) {
      const t = this.typeOf(b.expression, { mode: 'by', inAggregate: false, command: 'STATS', fullText: true });
      const e = b.expression;
      if (e?.type === 'FunctionCall' && functionDefinition(e.name)?.type === 'grouping') groups.groupings.add(normalizeText(this.text(e.span)));
      if (e?.type === 'Column' && t.startsWith('counter_')) {
        this.report(diagnostic('aggregate-misuse', 'error', `STATS cannot group by "${e.name}", ${aType(t)} field: counters are only aggregated.`, e.span));
      }
      if (e && (b.name || e.type !== 'Column')) groups.expressions.push({ text: this.text(b.span), columns: columnNames(e) });
      const name = b.name?.name ?? (e?.type === 'Column' ? e.name : e ? this.text(b.span) : undefined);
      if (!name) continue;
      groups.names.add(name);
      const span = b.name?.span ?? e?.span;
      outputs.push({ name, type: t, origin: e?.type === 'Column' && !b.name ? this.resolveOrigin(e.name) : 'created', ...(span ? { span } : {}) });
    }
    // The aggregates may use the BY groups by name (Elasticsearch resolves them against the groupings too).
    const before = this.scope;
    this.scope = before.clone();
    for (const o of outputs) if (o.origin === 'created' && !this.resolve(o.name)) this.define(o.name, o.type, o.span);
    const aggregates: EsqlColumn[] = [];
    for (const a of c.aggregates) {
      if (!a.expression) continue;
      const t = this.typeOf(a.expression, { mode: 'agg', inAggregate: false, groupings: groups.groupings, command: 'STATS', fullText: true });
      this.checkAggregate(a.expression, groups, 0);
      if (a.where) {
        this.expectBoolean(a.where, this.typeOf(a.where, { mode: 'filter', inAggregate: false, groupings: groups.groupings, command: 'STATS', fullText: true }), 'The WHERE of an aggregate');
        if (!containsAggregate(a.expression)) {
          this.report(diagnostic('aggregate-misuse', 'error', `A WHERE filter only applies to aggregate functions, and ${this.text(a.expression.span)} has none.`, a.where.span));
        }
      }
      const name = a.name?.name ?? this.text(a.span);
      aggregates.push({ name, type: t, origin: 'created', span: a.name?.span ?? a.span });
    }
    this.scope = before;
    const scope = c.type === 'StatsCommand' ? new Scope() : this.scope;
    if (c.type === 'StatsCommand') scope.closedBy = 'STATS';
    for (const col of [...aggregates, ...outputs]) {
      scope.explicit.delete(col.name);
      scope.explicit.set(col.name, col);
    }
    this.scope = scope;
  }

  /**
   * Elasticsearch's rules for a STATS aggregate: it is built from aggregate functions, constants and
   * references to the BY groups; a BY group alone (a group name, or a repeated grouping function) is
   * refused at the top level, as is a constant; a column that is not a BY group must be inside an
   * aggregate function.
   */
  checkAggregate(e: esql.Expression, groups: StatsGroups, level: number): void {
    const shown = this.text(e.span);
    // An unknown function is reported as such (it may be a misspelled aggregate): no echo here.
    if (callsUnknownFunction(e, this.snapshot)) return;
    if (level === 0 && isFoldable(e)) {
      this.report(diagnostic('aggregate-misuse', 'error', `STATS needs an aggregate function here (COUNT, SUM, MAX, VALUES...): ${shown} is a constant.`, e.span));
      return;
    }
    if (e.type === 'FunctionCall') {
      const def = functionDefinition(e.name);
      // An unknown function is reported as such: it may be a misspelled aggregate.
      if (!def || def.type === 'agg' || def.type === 'time_series_agg') return;
      const kind = def.type;
      if (kind === 'grouping') {
        if (level === 0 && groups.groupings.has(normalizeText(shown))) {
          this.report(diagnostic('aggregate-misuse', 'error', `${shown} is already a BY group of this STATS: it cannot also be an aggregate (the BY group is in the output already).`, e.span));
        }
        return;
      }
    }
    if (isFoldable(e)) return;
    if (e.type === 'Column') {
      if (e.parameterized || !this.resolve(e.name)) return;
      if (groups.names.has(e.name)) {
        if (level === 0) this.report(diagnostic('aggregate-misuse', 'error', `"${e.name}" is already a BY group of this STATS: it cannot also be an aggregate (the BY group is in the output already).`, e.span));
        return;
      }
      const group = groups.expressions.find((g) => g.columns.has(e.name));
      const message = group
        ? `"${e.name}" is used in the BY group ${group.text}: an aggregate can use that group by its name, or "${e.name}" inside an aggregate function.`
        : `"${e.name}" must be inside an aggregate function or be a BY group of this STATS.`;
      this.report(diagnostic('aggregate-misuse', 'error', message, e.span));
      return;
    }
    for (const child of esql.children(e)) if (isExpression(child)) this.checkAggregate(child, groups, level + 1);
  }

  resolveOrigin(name: string): ColumnOrigin {
    return this.scope.explicit.get(name)?.origin ?? 'schema';
  }

  keep(c: esql.KeepCommand): void {
    const scope = this.scope;
    const next = new Scope();
    next.removed = scope.removed;
    next.dropPatterns = scope.dropPatterns;
    next.keepFilters = [...scope.keepFilters];
    const wildcards: WildcardPattern[] = [];
    for (const p of c.columns) {
      if (p.parameterized) {
        next.open = true;
        continue;
      }
      if (!p.wildcard) {
        const col = this.read(p.name, p.span);
        next.explicit.delete(p.name);
        const kept: EsqlColumn = col ? { ...col } : { name: p.name, type: UNKNOWN, origin: 'created' };
        delete kept.keptByPattern;
        next.explicit.set(p.name, kept);
        continue;
      }
      const re = wildcardPattern(p.name);
      wildcards.push(re);
      let matched = false;
      for (const [name, col] of scope.explicit) {
        if (!re.test(name)) continue;
        matched = true;
        next.explicit.delete(name);
        next.explicit.set(name, { ...col, keptByPattern: true });
      }
      if (!matched) this.checkPatternMatches(p, re);
    }
    next.schemaOpen = scope.schemaOpen && wildcards.length > 0;
    if (wildcards.length) next.keepFilters.push(wildcards);
    else next.closedBy = 'KEEP';
    next.open = next.open || (scope.open && wildcards.length > 0);
    this.scope = next;
  }

  drop(c: esql.DropCommand): void {
    const scope = this.scope;
    for (const p of c.columns) {
      if (p.parameterized) continue;
      if (!p.wildcard) {
        this.read(p.name, p.span);
        scope.explicit.delete(p.name);
        scope.removed.add(p.name);
        this.goneBy.set(p.name, 'the DROP before it');
        continue;
      }
      if (/^\*+$/.test(p.name)) {
        this.report(diagnostic('invalid-wildcard', 'error', 'DROP * would remove every column, which Elasticsearch refuses: name the columns to drop, or KEEP the ones you want.', p.span));
        continue;
      }
      const re = wildcardPattern(p.name);
      let matched = false;
      for (const name of [...scope.explicit.keys()]) {
        if (!re.test(name)) continue;
        matched = true;
        scope.explicit.delete(name);
      }
      if (!matched) this.checkPatternMatches(p, re);
      scope.dropPatterns = [...scope.dropPatterns, re];
    }
  }

  /** A KEEP/DROP pattern that matches no listed column: report it unless schema fields may match. */
  checkPatternMatches(p: esql.ColumnPattern, re: WildcardPattern): void {
    const scope = this.scope;
    if (scope.open || this.uncertain) return;
    if (scope.schemaOpen) {
      if (this.schema.matchPattern(p.name).some((f) => this.schemaPresent(f) && re.test(f))) return;
      const prefix = p.name.slice(0, p.name.indexOf('*')).replace(/\.$/, '');
      if (!prefix || this.lookup(prefix).kind !== 'unknown') return;
    }
    this.report(diagnostic('unknown-column', 'error', `No column matches the pattern "${p.name}" at this point of the query.`, p.span));
  }

  fork(c: esql.ForkCommand): void {
    const start = this.scope;
    const merged = new Scope();
    merged.schemaOpen = false;
    for (const b of c.branches) {
      this.scope = start.clone();
      this.run(b.commands);
      for (const [n, col] of this.scope.explicit) {
        const prev = merged.explicit.get(n);
        if (!prev) merged.explicit.set(n, col);
        else if (!isOpenType(prev.type) && !isOpenType(col.type) && noText(prev.type) !== noText(col.type)) {
          this.report(diagnostic('incompatible-types', 'error', `Column "${n}" has conflicting types in the FORK branches: ${prev.type} in one, ${col.type} in this one. Convert it to one type in every branch.`, col.span ?? b.span));
        }
      }
      merged.open ||= this.scope.open || this.scope.schemaOpen;
    }
    this.scope = merged;
    this.define('_fork', 'keyword', undefined);
  }
}

function noText(t: EsqlType): EsqlType {
  return t === 'text' ? 'keyword' : t;
}

/** The command word for messages: `EvalCommand` -> `EVAL`. */
function commandWord(c: esql.Command): string {
  return c.type.replace(/Command$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function quoteName(name: string): string {
  return /^[A-Za-z_@][\w.@]*$/.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

function literalType(l: esql.Literal): EsqlType {
  switch (l.literalType) {
    case 'integer':
      return integerLiteralType(l.value);
    case 'decimal':
      return 'double';
    case 'string':
      return 'keyword';
    case 'boolean':
      return 'boolean';
    case 'null':
      return NULL;
    case 'timespan':
      return timespanType(l.unit);
    default:
      return UNKNOWN;
  }
}

function isStringLiteral(e: esql.Expression | undefined): boolean {
  return e?.type === 'Literal' && e.literalType === 'string';
}

/** An argument for signature matching; `inOperator` for the operands of operators (they cast string literals less). */
function arg(e: esql.Expression | undefined, type: EsqlType, inOperator = false): Arg {
  return e?.type === 'Literal' && e.literalType === 'string' ? { type, stringLiteral: { value: e.value, inOperator } } : { type };
}

/** Expression text without whitespace, to compare a grouping function with its repetition. */
function normalizeText(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

/**
 * Follows the columns of an ES|QL query through its pipeline and types every expression: which
 * columns exist after each command (with their types), unknown columns and fields, unknown
 * functions, wrong argument counts and types, incompatible comparisons, aggregates out of place.
 * Never reports on what it cannot know (unavailable schemas, ENRICH and LOOKUP JOIN outputs).
 */
export function analyzeEsql(ast: esql.Query, schema: ResolvedSchema, options: EsqlAnalysisOptions): EsqlAnalysis {
  const a = new Analyzer(schema, options, ast);
  a.run(ast.commands);
  const final = a.scope;
  const hasColumn = (name: string) => a.resolve(name, final) !== undefined;
  return {
    columns: final.explicit,
    includesSchemaFields: final.schemaOpen,
    open: final.open,
    hasColumn,
    columnType: (name) => a.resolve(name, final)?.type,
    reads: a.reads,
    diagnostics: a.diagnostics,
    aggregating: a.aggregating,
    uncertain: a.uncertain,
    metadata: a.metadata,
    createdAnywhere: (name) => a.defined.has(name),
  };
}
