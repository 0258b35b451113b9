/**
 * Checks of Elasticsearch's ES|QL verifier that need no data and no cluster state, beyond the column
 * flow and the signature matching of analyze.ts: constant-only and enum-valued parameters (from
 * @elastic/esql-definitions' parameter hints), time-span strings, arguments that must have one common
 * type (COALESCE, GREATEST, LEAST, MV_APPEND, CASE), temporal amounts used as values, SORT keys and
 * wildcards by command, full-text search outside WHERE and STATS, METADATA fields.
 * Each check stays quiet when what it depends on did not resolve (unknown names, unknown types).
 */
import { isIP } from '@esql-lint/core/platform';
import { diagnostic, type Diagnostic, type Span } from '@esql-lint/core';
import type * as esql from '@esql-lint/parser-esql';
import type { FunctionDefinition, Signature } from '@elastic/esql-definitions';
import { TIME_SPAN_UNITS } from '@elastic/esql-definitions';
import { aType, callsUnknownFunction, isFoldable, ordinal } from './expressions.js';
import { family, isOpenType, type EsqlType } from './types.js';

/** What the checks need of the analysis. */
export interface VerifierContext {
  report(d: Diagnostic): void;
  text(span: Span): string;
  readonly snapshot: boolean;
}

/** What the argument checks need of the parameters at one position, over the signatures that fit the call's arity. */
interface ParamsAt {
  /** The first fitting signature's name for the parameter (for messages). */
  name: string;
  /** Every fitting signature wants a constant here. */
  constantOnly: boolean;
  /** The values the first parameter with a hint allows, if one has such a list. */
  allowed: readonly string[] | undefined;
  /** A time span is taken here and a string is not (a string literal must then be a time span). */
  timespanOnly: boolean;
}

function paramAt(s: Signature, i: number) {
  if (i < s.params.length) return s.params[i];
  return s.variadic ? s.params[s.params.length - 1] : undefined;
}

function paramsAt(sigs: readonly Signature[], i: number): ParamsAt | undefined {
  const params = sigs.map((s) => paramAt(s, i)).filter((p) => p !== undefined);
  if (params.length === 0) return undefined;
  const families = new Set(params.map((p) => family(p.type)));
  return {
    name: params[0].name,
    constantOnly: params.every((p) => p.hint?.kind === 'constant'),
    allowed: params.find((p) => p.hint?.allowedValues)?.hint?.allowedValues,
    timespanOnly: families.has('timespan') && !families.has('string'),
  };
}

/**
 * The parameter summaries of each argument position of a call with `n` arguments: computed once per
 * definition and argument count (every call of the function asks; definitions have up to dozens of
 * signatures), or for each call when it has very many arguments (not kept).
 */
const paramsByArity = new WeakMap<FunctionDefinition, Map<number, ReadonlyArray<ParamsAt | undefined>>>();
const MEMO_MAX_ARGS = 64;
function argumentParams(def: FunctionDefinition, n: number): ReadonlyArray<ParamsAt | undefined> {
  let byArity = paramsByArity.get(def);
  const known = byArity?.get(n);
  if (known) return known;
  const sigs = def.signatures.filter((s) => {
    const required = s.params.filter((p) => !p.optional).length;
    return n >= required && (s.variadic || n <= s.params.length);
  });
  const out = Array.from({ length: n }, (_, i) => paramsAt(sigs, i));
  if (n <= MEMO_MAX_ARGS) {
    if (!byArity) paramsByArity.set(def, (byArity = new Map()));
    byArity.set(n, out);
  }
  return out;
}

const UNITS = new Set(TIME_SPAN_UNITS.map((u) => u.toLowerCase()));

/** Whether a string is a time span Elasticsearch converts on its own (`"1 day"`, `"15 minutes"`, `"1h"`). */
export function isTimeSpanString(value: string): boolean {
  const m = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(value);
  return !!m && UNITS.has(m[2].toLowerCase());
}

/** Functions whose value arguments must all have one type (text counts as keyword). */
export const HOMOGENEOUS = new Set(['coalesce', 'greatest', 'least', 'mv_append']);

/** Full-text functions: Elasticsearch runs them only in WHERE and STATS. */
export const FULL_TEXT_FUNCTIONS = new Set(['match', 'match_phrase', 'multi_match', 'qstr', 'kql', 'knn', 'term']);

/** The type as Elasticsearch compares it for "same type" rules: text is keyword. */
function noText(t: EsqlType): EsqlType {
  return t === 'text' ? 'keyword' : t;
}

function numberLiteralValue(e: esql.Expression | undefined): number | undefined {
  if (e?.type === 'Literal' && (e.literalType === 'integer' || e.literalType === 'decimal')) return Number(e.value);
  if (e?.type === 'UnaryExpression' && e.operator === '-') {
    const v = numberLiteralValue(e.operand);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/**
 * The argument rules of one function call, once its name, argument count and signature resolved.
 * `types` are the argument types (`unknown` for what did not resolve).
 */
export function checkCallArguments(cx: VerifierContext, e: esql.FunctionCall, def: FunctionDefinition, types: EsqlType[]): void {
  const shown = e.name.toUpperCase();
  const params = argumentParams(def, e.args.length);
  e.args.forEach((a, i) => {
    const at = params[i];
    if (at === undefined || callsUnknownFunction(a, cx.snapshot)) return;
    const name = at.name;
    // Constant-only parameters.
    if (at.constantOnly && !isFoldable(a) && !(a.type === 'Literal' && a.literalType === 'param')) {
      cx.report(diagnostic('non-constant-value', 'error', `The ${ordinal(i + 1)} argument of ${shown} (${name}) must be a constant, not ${cx.text(a.span)}.`, a.span));
      return;
    }
    if (a.type !== 'Literal' || a.literalType !== 'string') return;
    // Enum-valued parameters.
    const allowed = at.allowed;
    if (allowed && !allowed.some((v) => v.toLowerCase() === a.value.toLowerCase())) {
      cx.report(diagnostic('invalid-argument', 'error', `"${a.value}" is not a valid ${name} for ${shown}: use ${allowed.map((v) => `"${v}"`).join(' or ')}.`, a.span));
      return;
    }
    // A string where only time spans are taken: Elasticsearch converts it, if it is one.
    if (at.timespanOnly && !isTimeSpanString(a.value)) {
      cx.report(diagnostic('invalid-argument', 'error', `"${a.value}" is not a time span (the ${name} of ${shown}): write a number and a unit, as in "1 hour" or "7 days".`, a.span));
    }
  });
  const fn = def.name;
  if (fn === 'weighted_avg') {
    const w = e.args[1];
    if (w && (numberLiteralValue(w) === 0 || (w.type === 'Literal' && w.literalType === 'null'))) {
      cx.report(diagnostic('invalid-argument', 'error', `The weight of ${cx.text(e.span)} cannot be ${cx.text(w.span)}: a weighted average needs a weight that is not 0 or null.`, w.span));
    }
  } else if (fn === 'top') {
    const v = numberLiteralValue(e.args[1]);
    if (v !== undefined && v <= 0) {
      cx.report(diagnostic('invalid-argument', 'error', `The limit of ${cx.text(e.span)} must be greater than 0.`, e.args[1]!.span));
    }
  }
  if (HOMOGENEOUS.has(fn)) checkSameType(cx, shown, e.args, types);
  else if (fn === 'case') {
    const values = e.args.map((a, i) => ({ a, t: types[i] })).filter((_, i) => i % 2 === 1 || i === e.args.length - 1);
    checkSameType(cx, shown, values.map((v) => v.a), values.map((v) => v.t), 'value');
  }
}

/** The values of COALESCE, GREATEST, LEAST, MV_APPEND and CASE must have the type of the first one. */
function checkSameType(cx: VerifierContext, shown: string, args: esql.Expression[], types: EsqlType[], what = 'argument'): void {
  let first: { t: EsqlType; a: esql.Expression } | undefined;
  args.forEach((a, i) => {
    const t = types[i];
    if (isOpenType(t)) return;
    if (!first) {
      first = { t, a };
      return;
    }
    if (noText(t) === noText(first.t)) return;
    cx.report(diagnostic('incompatible-types', 'error', `The ${what}s of ${shown} must have one type: ${cx.text(first.a.span)} is ${aType(first.t)} value but ${cx.text(a.span)} is ${aType(t)} value. Convert one of them (TO_LONG, TO_DOUBLE, TO_STRING...).`, a.span));
  });
}

/** Whether a type is a temporal amount (`1 day`, `2 hours`): a value of expressions, never of a column. */
export function isTemporalAmount(t: EsqlType): boolean {
  return family(t) === 'timespan';
}

/** A column would hold a temporal amount (EVAL y = 1 day, ROW a = 1 hour, a STATS result). */
export function checkColumnValueType(cx: VerifierContext, command: string, e: esql.Expression, t: EsqlType): void {
  if (!isTemporalAmount(t)) return;
  cx.report(diagnostic('time-span-value', 'error', `${command} cannot make a column of ${cx.text(e.span)}: it is a time span (${t}), which only works inside date arithmetic and functions (@timestamp - ${cx.text(e.span)}, BUCKET, DATE_TRUNC).`, e.span));
}

/** Types Elasticsearch cannot sort on (DataType.isSortable: `_source`, counters, spatial and grid types, aggregate_metric_double). */
export const UNSORTABLE_TYPES: readonly EsqlType[] = [
  'geo_point', 'geo_shape', 'cartesian_point', 'cartesian_shape', 'geohash', 'geotile', 'geohex', '_source',
  'counter_long', 'counter_integer', 'counter_double', 'aggregate_metric_double',
];
const UNSORTABLE = new Set(UNSORTABLE_TYPES);

export function isSortableType(t: EsqlType): boolean {
  return !UNSORTABLE.has(t);
}

export function checkSortKey(cx: VerifierContext, o: esql.SortOrder, t: EsqlType): void {
  if (!o.expression || isSortableType(t)) return;
  cx.report(diagnostic('unsupported-type', 'error', `SORT cannot sort on ${aType(t)} value (${cx.text(o.expression.span)}).`, o.expression.span));
}

/** A `*` where the command takes names only. */
export function wildcardNotAllowed(cx: VerifierContext, where: string, p: { name: string; span: Span }): void {
  cx.report(diagnostic('invalid-wildcard', 'error', `${where} does not take wildcards: name the column${where.startsWith('ENRICH policy') ? ' (policy)' : ''} in full instead of ${p.name}.`, p.span));
}

export function fullTextOutsideWhere(cx: VerifierContext, what: string, span: Span, command: string | undefined): void {
  cx.report(diagnostic('misplaced-full-text', 'error', `${what} is only supported in WHERE and STATS commands, not in ${command ?? 'this command'}.`, span));
}

/** An IPv4 or IPv6 address, as Elasticsearch converts a string to an IP. */
export function isIpString(value: string): boolean {
  return isIP(value) !== 0;
}

/**
 * A date string as Elasticsearch converts it on its own (strict_date_optional_time: `2024`, `2024-01-31`,
 * `2024-01-31T12:00`, `2024-01-31T12:00:00.000Z`, `2024-01-31T12:00:00+02:00`).
 */
export function isDateString(value: string): boolean {
  return /^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2}([.,]\d{1,9})?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?$/.test(value);
}
