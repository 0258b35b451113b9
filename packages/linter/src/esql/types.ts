/**
 * ES|QL data types as the analysis sees them: the type names of `@elastic/esql-definitions`
 * (`keyword`, `text`, `long`, `integer`, `double`, `date`, `ip`...), plus three of our own:
 * `unknown` (we cannot tell: never an error), `null` (the null literal: fits anything) and the
 * two time-span literal types `date_period` and `time_duration`.
 */
export type EsqlType = string;

export const UNKNOWN: EsqlType = 'unknown';
export const NULL: EsqlType = 'null';

/** Elasticsearch mapping types that ES|QL reads as another type. */
const FROM_ES_TYPE: Record<string, EsqlType> = {
  keyword: 'keyword',
  constant_keyword: 'keyword',
  wildcard: 'keyword',
  text: 'text',
  match_only_text: 'text',
  semantic_text: 'text',
  long: 'long',
  integer: 'integer',
  short: 'integer',
  byte: 'integer',
  double: 'double',
  float: 'double',
  half_float: 'double',
  scaled_float: 'double',
  unsigned_long: 'unsigned_long',
  date: 'date',
  date_nanos: 'date_nanos',
  boolean: 'boolean',
  ip: 'ip',
  version: 'version',
  geo_point: 'geo_point',
  geo_shape: 'geo_shape',
  cartesian_point: 'cartesian_point',
  cartesian_shape: 'cartesian_shape',
  counter_long: 'counter_long',
  counter_integer: 'counter_integer',
  counter_double: 'counter_double',
  aggregate_metric_double: 'aggregate_metric_double',
  dense_vector: 'dense_vector',
};

/**
 * The ES|QL type of a field of the given Elasticsearch mapping type. Types ES|QL reads in ways we
 * don't model (object, nested, flattened, alias, histogram...) are `unknown`: never an error.
 */
export function esqlTypeOfField(esType: string | undefined): EsqlType {
  return (esType && FROM_ES_TYPE[esType]) || UNKNOWN;
}

/** Families of types that ES|QL converts between on its own (keyword/text; numbers; dates; time spans). */
export function family(t: EsqlType): string {
  switch (t) {
    case 'keyword':
    case 'text':
      return 'string';
    case 'integer':
    case 'long':
    case 'double':
    case 'unsigned_long':
    case 'counter_integer':
    case 'counter_long':
    case 'counter_double':
      return 'number';
    case 'date':
    case 'date_nanos':
      return 'date';
    case 'date_period':
    case 'time_duration':
      return 'timespan';
    default:
      return t;
  }
}

/** Types that are never a reason to report (we don't know them, or they fit anything). */
export function isOpenType(t: EsqlType): boolean {
  return t === UNKNOWN || t === NULL;
}

/**
 * A string literal where a value is expected: Elasticsearch converts it on its own (implicit casting).
 * `value` is the literal's text; `inOperator` says the literal is an operand of an operator (`==`, `+`, IN),
 * not a function argument.
 */
export interface StringLiteralUse {
  value?: string;
  inOperator?: boolean;
}

/**
 * Types a string literal converts to on its own (Elasticsearch's implicit casting): dates, IPs, versions,
 * booleans, spatial types everywhere; time spans in function arguments only (not with operators); numbers
 * in function arguments only, when the text is a number (`ROUND(x, "2")`; `pid == "1"` is refused).
 */
function castsFromStringLiteral(t: EsqlType, use: StringLiteralUse): boolean {
  switch (family(t)) {
    case 'number':
      return !use.inOperator && use.value !== undefined && use.value.trim() !== '' && Number.isFinite(Number(use.value));
    case 'timespan':
      return !use.inOperator;
    case 'dense_vector':
      // Only function arguments (KNN's query vector); `1 + "1"` is not vector arithmetic.
      return !use.inOperator;
    default:
      return true;
  }
}

/**
 * Whether a value of type `actual` is accepted where `expected` is wanted. Lenient where
 * Elasticsearch converts on its own: keyword and text are one family, numbers widen, a string
 * literal (`stringLiteral`) converts as `castsFromStringLiteral` says.
 */
export function accepts(expected: EsqlType, actual: EsqlType, stringLiteral: boolean | StringLiteralUse = false): boolean {
  if (isOpenType(expected) || isOpenType(actual)) return true;
  if (family(expected) === family(actual)) return true;
  if (!stringLiteral || family(actual) !== 'string') return false;
  return castsFromStringLiteral(expected, stringLiteral === true ? { inOperator: true } : stringLiteral);
}

/** The common type of two values of the same family (for CASE, COALESCE, IN lists): the first known one. */
export function either(a: EsqlType, b: EsqlType): EsqlType {
  if (isOpenType(a)) return b;
  return a;
}

/** Units of time-span literals that make a `time_duration` (the rest make a `date_period`). */
const DURATION_UNITS = new Set([
  'millisecond', 'milliseconds', 'ms', 'second', 'seconds', 'sec', 's', 'minute', 'minutes', 'min', 'hour', 'hours', 'h',
]);

export function timespanType(unit: string): EsqlType {
  return DURATION_UNITS.has(unit.toLowerCase()) ? 'time_duration' : 'date_period';
}

/** The type of an integer literal: integer, long or unsigned_long by its size. */
export function integerLiteralType(value: string): EsqlType {
  let n: bigint;
  try {
    n = BigInt(value);
  } catch {
    return 'double';
  }
  if (n <= 2147483647n) return 'integer';
  if (n <= 9223372036854775807n) return 'long';
  return n <= 18446744073709551615n ? 'unsigned_long' : 'double';
}

/** The types of METADATA fields. */
export const METADATA_TYPES: Record<string, EsqlType> = {
  _id: 'keyword',
  _index: 'keyword',
  _version: 'long',
  _score: 'double',
  _ignored: 'keyword',
  _index_mode: 'keyword',
  _tsid: 'keyword',
  _source: '_source',
  _size: 'integer',
};

/** The type of an inline cast target (`::int`, `::datetime`...): the canonical type name. */
export const CAST_TYPES: Record<string, EsqlType> = {
  bool: 'boolean',
  int: 'integer',
  string: 'keyword',
  datetime: 'date',
};
