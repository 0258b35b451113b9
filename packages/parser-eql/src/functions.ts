/**
 * The functions Elasticsearch EQL registers (EqlFunctionRegistry), with their arities and whether a
 * case-insensitive `name~(...)` form exists. Names are matched case-insensitively, as Elasticsearch does.
 */
export interface FunctionInfo {
  /** The documented spelling. */
  name: string;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  /** Accepts the `~` suffix (case-insensitive variant). */
  caseInsensitive: boolean;
}

const list: FunctionInfo[] = [
  { name: 'add', minArgs: 2, maxArgs: 2, caseInsensitive: false },
  { name: 'between', minArgs: 3, maxArgs: 4, caseInsensitive: true },
  { name: 'cidrMatch', minArgs: 2, maxArgs: Infinity, caseInsensitive: false },
  { name: 'concat', minArgs: 0, maxArgs: Infinity, caseInsensitive: false },
  { name: 'divide', minArgs: 2, maxArgs: 2, caseInsensitive: false },
  { name: 'endsWith', minArgs: 2, maxArgs: 2, caseInsensitive: true },
  { name: 'indexOf', minArgs: 2, maxArgs: 3, caseInsensitive: true },
  { name: 'length', minArgs: 1, maxArgs: 1, caseInsensitive: false },
  { name: 'modulo', minArgs: 2, maxArgs: 2, caseInsensitive: false },
  { name: 'multiply', minArgs: 2, maxArgs: 2, caseInsensitive: false },
  { name: 'number', minArgs: 1, maxArgs: 2, caseInsensitive: false },
  { name: 'startsWith', minArgs: 2, maxArgs: 2, caseInsensitive: true },
  { name: 'string', minArgs: 1, maxArgs: 1, caseInsensitive: false },
  { name: 'stringContains', minArgs: 2, maxArgs: 2, caseInsensitive: true },
  { name: 'substring', minArgs: 2, maxArgs: 3, caseInsensitive: false },
  { name: 'subtract', minArgs: 2, maxArgs: 2, caseInsensitive: false },
];

export const EQL_FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(list.map((f) => [f.name.toLowerCase(), f]));

export function lookupFunction(name: string): FunctionInfo | undefined {
  return EQL_FUNCTIONS.get(name.toLowerCase());
}

export function describeArity(f: FunctionInfo): string {
  if (f.maxArgs === Infinity) return f.minArgs === 0 ? 'any number of arguments' : `at least ${plural(f.minArgs)}`;
  if (f.minArgs === f.maxArgs) return `exactly ${plural(f.minArgs)}`;
  return `${f.minArgs} to ${f.maxArgs} arguments`;
}

function plural(n: number): string {
  return n === 1 ? '1 argument' : `${n} arguments`;
}
