/**
 * What the editor features know of EQL: its functions (signatures, parameters) and keywords, documented
 * for esql-lint in our own words from the facts of Elastic's EQL reference. Completion, hover and
 * signature help read this one table; arities come from the parser's registry (parser-eql/functions.ts).
 */
import * as eql from '@esql-lint/parser-eql';

export interface EqlParam {
  name: string;
  type: string;
  optional?: boolean;
  variadic?: boolean;
  doc: string;
}

export interface EqlFunctionDoc {
  name: string;
  params: EqlParam[];
  returns: string;
  doc: string;
  example: string;
}

const FN_REF = 'https://www.elastic.co/docs/reference/query-languages/eql/eql-function-ref';
const SYNTAX_REF = 'https://www.elastic.co/docs/reference/query-languages/eql/eql-syntax';
const PIPE_REF = 'https://www.elastic.co/docs/reference/query-languages/eql/eql-pipe-ref';

const p = (name: string, type: string, doc: string, extra: Partial<EqlParam> = {}): EqlParam => ({ name, type, doc, ...extra });

const FUNCTIONS: EqlFunctionDoc[] = [
  { name: 'add', params: [p('addend', 'number', 'A number or numeric field.'), p('addend', 'number', 'A number or numeric field.')], returns: 'number', doc: 'The sum of two numbers.', example: 'process where add(process.pid, 1) == 5' },
  { name: 'between', params: [p('source', 'string', 'The string to search.'), p('left', 'string', 'The text just before the substring.'), p('right', 'string', 'The text just after the substring.'), p('greedy', 'boolean', 'Match the longest substring (true) or the shortest (false, the default).', { optional: true })], returns: 'string', doc: 'The part of a string between two other substrings. `between~` ignores case.', example: 'file where between(file.path, "System32\\\\", ".exe") == "cmd"' },
  { name: 'cidrMatch', params: [p('ip', 'ip', 'An IP address field.'), p('cidr_block', 'string', 'A CIDR block such as "10.0.0.0/8"; several may follow.', { variadic: true })], returns: 'boolean', doc: 'True when the IP address is in one of the CIDR blocks.', example: 'network where cidrMatch(source.ip, "10.0.0.0/8", "192.168.0.0/16")' },
  { name: 'concat', params: [p('value', 'any', 'A value to concatenate; any number may follow.', { variadic: true, optional: true })], returns: 'string', doc: 'The values converted to strings and joined.', example: 'process where concat(process.name, ".", process.pid) == "cmd.exe.4"' },
  { name: 'divide', params: [p('dividend', 'number', 'The number to divide.'), p('divisor', 'number', 'The number to divide by (not zero).')], returns: 'number', doc: 'The quotient of two numbers (integer division for integers).', example: 'process where divide(process.pid, 2) == 2' },
  { name: 'endsWith', params: [p('source', 'string', 'The string to test.'), p('substring', 'string', 'The ending to look for.')], returns: 'boolean', doc: 'True when the string ends with the substring. `endsWith~` ignores case.', example: 'file where endsWith(file.name, ".exe")' },
  { name: 'indexOf', params: [p('source', 'string', 'The string to search.'), p('substring', 'string', 'The substring to find.'), p('start_pos', 'integer', 'Where to start searching (0-based; default 0).', { optional: true })], returns: 'integer', doc: 'The position of the first occurrence of the substring, or null when absent. `indexOf~` ignores case.', example: 'file where indexOf(file.name, ".") == 4' },
  { name: 'length', params: [p('source', 'string', 'The string to measure.')], returns: 'integer', doc: 'The number of characters of a string.', example: 'process where length(process.name) > 20' },
  { name: 'modulo', params: [p('dividend', 'number', 'The number to divide.'), p('divisor', 'number', 'The number to divide by (not zero).')], returns: 'integer', doc: 'The remainder of a division.', example: 'process where modulo(process.pid, 10) == 0' },
  { name: 'multiply', params: [p('factor', 'number', 'A number or numeric field.'), p('factor', 'number', 'A number or numeric field.')], returns: 'number', doc: 'The product of two numbers.', example: 'process where multiply(process.pid, 2) == 8' },
  { name: 'number', params: [p('string', 'string', 'A string holding a number.'), p('base', 'integer', 'The radix: 2 to 36, default 10 (16 also accepts a 0x prefix).', { optional: true })], returns: 'number', doc: 'Parses a string as a number.', example: 'process where number(process.args_count) > 2' },
  { name: 'startsWith', params: [p('source', 'string', 'The string to test.'), p('substring', 'string', 'The beginning to look for.')], returns: 'boolean', doc: 'True when the string starts with the substring. `startsWith~` ignores case.', example: 'process where startsWith(process.name, "power")' },
  { name: 'string', params: [p('value', 'any', 'The value to convert.')], returns: 'string', doc: 'Converts a value to a string.', example: 'process where string(process.pid) == "4"' },
  { name: 'stringContains', params: [p('source', 'string', 'The string to search.'), p('substring', 'string', 'The substring to look for.')], returns: 'boolean', doc: 'True when the string contains the substring. `stringContains~` ignores case.', example: 'process where stringContains(process.command_line, "-enc")' },
  { name: 'substring', params: [p('source', 'string', 'The string to cut.'), p('start_pos', 'integer', 'The first position (0-based; negative counts from the end).'), p('end_pos', 'integer', 'The position after the last character (default: the end).', { optional: true })], returns: 'string', doc: 'A part of a string, from a start to an end position.', example: 'file where substring(file.name, -4) == ".exe"' },
  { name: 'subtract', params: [p('minuend', 'number', 'The number to subtract from.'), p('subtrahend', 'number', 'The number to subtract.')], returns: 'number', doc: 'The difference of two numbers.', example: 'process where subtract(process.pid, 1) == 3' },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name.toLowerCase(), f]));

/** An EQL function by name (any case, with or without `~`). */
export function eqlFunction(name: string): (EqlFunctionDoc & { info: eql.FunctionInfo }) | undefined {
  const key = name.replace(/~$/, '').toLowerCase();
  const doc = BY_NAME.get(key);
  const info = eql.lookupFunction(key);
  return doc && info ? { ...doc, info } : undefined;
}

export function eqlFunctions(): readonly EqlFunctionDoc[] {
  return FUNCTIONS;
}

export function eqlSignatureLabel(f: EqlFunctionDoc, tilde = false): string {
  return `${f.name}${tilde ? '~' : ''}(${f.params.map((x) => `${x.name}${x.optional ? '?' : ''}: ${x.type}${x.variadic ? '...' : ''}`).join(', ')}) -> ${f.returns}`;
}

export function eqlFunctionMarkdown(f: EqlFunctionDoc & { info?: eql.FunctionInfo }): string {
  const info = f.info ?? eql.lookupFunction(f.name);
  return [
    '```eql\n' + eqlSignatureLabel(f) + '\n```',
    f.doc,
    '```eql\n' + f.example + '\n```',
    `${info?.caseInsensitive ? `\`${f.name}~\` is the case-insensitive form · ` : ''}[Reference](${FN_REF}#eql-fn-${f.name.toLowerCase()})`,
  ].join('\n\n');
}

export interface EqlKeywordDoc {
  doc: string;
  example?: string;
  url: string;
}

export const EQL_KEYWORDS: Record<string, EqlKeywordDoc> = {
  where: { doc: 'Follows an event category: the condition events of that category must meet.', example: 'process where process.name == "cmd.exe"', url: `${SYNTAX_REF}#eql-basic-syntax` },
  any: { doc: 'An event category that matches events of every category.', example: 'any where event.outcome == "failure"', url: `${SYNTAX_REF}#eql-basic-syntax` },
  sequence: { doc: 'Matches an ordered series of events: each `[ ... ]` query must match an event after the previous one. `by` joins them on shared field values, `with maxspan` bounds the time they may span.', example: 'sequence by host.id with maxspan=1m\n  [process where process.name == "a"]\n  [network where true]', url: `${SYNTAX_REF}#eql-sequences` },
  sample: { doc: 'Matches groups of events, in any order, that share the values of the `by` fields (no time ordering).', example: 'sample by host.id\n  [process where true]\n  [network where true]', url: `${SYNTAX_REF}#eql-samples` },
  by: { doc: 'Join keys: the events of a sequence or sample must share the values of these fields.', example: 'sequence by host.id, user.name', url: `${SYNTAX_REF}#eql-sequences` },
  with: { doc: 'Options of a sequence: `with maxspan=<time>` limits how long the whole sequence may span.', example: 'sequence with maxspan=30s', url: `${SYNTAX_REF}#eql-with-maxspan-keywords` },
  maxspan: { doc: 'The longest time a sequence may span, with a unit: `ms`, `s`, `m`, `h`, `d`.', example: 'sequence with maxspan=5m', url: `${SYNTAX_REF}#eql-with-maxspan-keywords` },
  until: { doc: 'Ends a sequence: when an event matches this query, the sequences in progress are dropped.', example: 'sequence by process.entity_id\n  [process where true]\n  [network where true]\nuntil [process where event.type == "end"]', url: `${SYNTAX_REF}#eql-until-keyword` },
  join: { doc: 'Matches events that share join keys, in any order (not supported by Elasticsearch: use sample).', url: `${SYNTAX_REF}#eql-samples` },
  and: { doc: 'True when both conditions are true.', example: 'process where a == 1 and b == 2', url: `${SYNTAX_REF}#eql-syntax-logical-operators` },
  or: { doc: 'True when either condition is true.', example: 'process where a == 1 or b == 2', url: `${SYNTAX_REF}#eql-syntax-logical-operators` },
  not: { doc: 'Negates a condition; also `not in`.', example: 'process where not process.name in ("a", "b")', url: `${SYNTAX_REF}#eql-syntax-logical-operators` },
  in: { doc: 'True when the value equals one of the values in parentheses (case-sensitive).', example: 'process where process.name in ("cmd.exe", "powershell.exe")', url: `${SYNTAX_REF}#eql-syntax-lookup-operators` },
  'in~': { doc: 'Like `in`, ignoring case.', example: 'process where process.name in~ ("CMD.exe")', url: `${SYNTAX_REF}#eql-syntax-lookup-operators` },
  like: { doc: 'Matches wildcard patterns (`*` any characters, `?` one), case-sensitive; several patterns may be given in parentheses.', example: 'file where file.name like "*.exe"', url: `${SYNTAX_REF}#eql-syntax-pattern-comparison-keywords` },
  'like~': { doc: 'Like `like`, ignoring case.', example: 'file where file.name like~ "*.EXE"', url: `${SYNTAX_REF}#eql-syntax-pattern-comparison-keywords` },
  regex: { doc: 'Matches regular expressions (the whole value must match), case-sensitive.', example: 'process where process.name regex "c[a-z]d\\\\.exe"', url: `${SYNTAX_REF}#eql-syntax-pattern-comparison-keywords` },
  'regex~': { doc: 'Like `regex`, ignoring case.', url: `${SYNTAX_REF}#eql-syntax-pattern-comparison-keywords` },
  of: { doc: 'Relationship keywords (`child of`, `descendant of`, `event of`) are not supported by Elasticsearch.', url: `${SYNTAX_REF}` },
  true: { doc: 'The boolean true.', url: SYNTAX_REF },
  false: { doc: 'The boolean false.', url: SYNTAX_REF },
  null: { doc: 'No value: `field == null` matches events without the field.', example: 'process where process.parent.name == null', url: SYNTAX_REF },
  head: { doc: 'Pipe: keeps the first N matches (oldest first).', example: 'process where true | head 5', url: `${PIPE_REF}#eql-pipe-head` },
  tail: { doc: 'Pipe: keeps the last N matches (most recent).', example: 'process where true | tail 5', url: `${PIPE_REF}#eql-pipe-tail` },
  ':': { doc: 'Case-insensitive equality for strings; with a list of wildcard patterns, like `like~`.', example: 'process where process.name : "CMD.exe"', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '==': { doc: 'Equality (case-sensitive for strings).', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '!=': { doc: 'Inequality.', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '<': { doc: 'Less than.', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '<=': { doc: 'Less than or equal.', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '>': { doc: 'Greater than.', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '>=': { doc: 'Greater than or equal.', url: `${SYNTAX_REF}#eql-syntax-comparison-operators` },
  '![': { doc: 'A missing event in a sequence: the sequence matches only if no such event occurs there (needs `with maxspan`).', example: 'sequence with maxspan=1h\n  [process where true]\n  ![network where true]\n  [file where true]', url: `${SYNTAX_REF}#eql-missing-events` },
  '?': { doc: 'Optional field: `?field` is null rather than an error when the index has no such field.', example: 'process where ?process.parent.args_count > 2', url: `${SYNTAX_REF}#eql-syntax-optional-fields` },
};

/** EQL time units (`maxspan=5m`). */
export const EQL_TIME_UNITS: Record<string, string> = { ms: 'milliseconds', s: 'seconds', m: 'minutes', h: 'hours', d: 'days' };
