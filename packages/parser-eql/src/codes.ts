/**
 * The diagnostic codes of the EQL parser. `syntax-error` is for what Elasticsearch's EQL grammar refuses;
 * what its parse-tree builder or verifier refuses (a query that parses but that Elasticsearch will not
 * run) has the code of its cause, so that tools can filter by code.
 */
export const EQL_CODES = [
  'syntax-error',
  /** A function Elasticsearch EQL does not have (or a `~` variant it does not have). */
  'unknown-function',
  /** A function called with too few or too many arguments. */
  'wrong-argument-count',
  /** `join`, process relationships (`descendant of`), pipes other than head/tail, array indexes. */
  'unsupported-eql',
  /** A comparison between two fields (Elasticsearch compares a field with constants only). */
  'field-comparison',
  /** A field or function where a constant is needed: the values of `in`, the patterns of `:`, `like`, `regex`. */
  'non-constant-value',
  /** A number too large for a long or a double. */
  'number-out-of-range',
  /** The structure of a sequence or sample: query counts, join keys, maxspan, runs, until, missing events. */
  'invalid-sequence',
  /** The argument of a `head` or `tail` pipe. */
  'invalid-pipe-argument',
] as const;

export type EqlCode = (typeof EQL_CODES)[number];
