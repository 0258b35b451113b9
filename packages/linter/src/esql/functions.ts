import { functionDefinitions } from '@elastic/esql-definitions/functions';
import { operatorDefinitions } from '@elastic/esql-definitions/operators';
import { inlineCasts } from '@elastic/esql-definitions/inline-cast';
import type { FunctionDefinition, OperatorDefinition, Signature } from '@elastic/esql-definitions';
import { accepts, family, isOpenType, UNKNOWN, type EsqlType, type StringLiteralUse } from './types.js';

export type FunctionKind = 'scalar' | 'agg' | 'grouping' | 'time_series_agg' | string;

let functions: Map<string, FunctionDefinition> | undefined;
let operators: Map<string, OperatorDefinition> | undefined;

/** The definition of an ES|QL function by name (case-insensitive). */
export function functionDefinition(name: string): FunctionDefinition | undefined {
  functions ??= new Map(functionDefinitions.map((f) => [f.name, f]));
  return functions.get(name.toLowerCase());
}

export function functionNames(options: { snapshot?: boolean } = {}): string[] {
  return functionDefinitions.filter((f) => options.snapshot || !f.snapshotOnly).map((f) => f.name);
}

/** The definition of an operator by its name in the definitions (`equals`, `add`, `in`, `like`...). */
export function operatorDefinition(name: string): OperatorDefinition | undefined {
  operators ??= new Map(operatorDefinitions.map((o) => [o.name, o]));
  return operators.get(name);
}

/** The conversion function of an inline cast target (`::ip` -> `to_ip`). */
export function castFunction(type: string): string | undefined {
  return (inlineCasts as Record<string, string>)[type.toLowerCase()];
}

/** An argument as signature matching sees it. */
export interface Arg {
  type: EsqlType;
  /** A string literal: converts to dates, IPs, versions... on its own. */
  stringLiteral?: StringLiteralUse;
}

const arities = new WeakMap<Signature[], { min: number; max: number }>();
/** The least and most arguments of the signatures (memoized per definition: every call asks). */
function arity(signatures: Signature[]): { min: number; max: number } {
  let a = arities.get(signatures);
  if (!a) {
    a = { min: Math.min(...signatures.map((s) => s.params.filter((p) => !p.optional).length)), max: Math.max(...signatures.map((s) => (s.variadic ? Infinity : s.params.length))) };
    arities.set(signatures, a);
  }
  return a;
}

export function minArgs(def: { signatures: Signature[] }): number {
  return arity(def.signatures).min;
}

export function maxArgs(def: { signatures: Signature[] }): number {
  return arity(def.signatures).max;
}

/** The parameter type of argument `i` under a signature (variadic signatures repeat their last parameter). */
function paramType(sig: Signature, i: number): string | undefined {
  if (i < sig.params.length) return sig.params[i].type;
  return sig.variadic ? sig.params[sig.params.length - 1]?.type : undefined;
}

function arityFits(sig: Signature, n: number): boolean {
  const required = sig.params.filter((p) => !p.optional).length;
  return n >= required && (sig.variadic || n <= sig.params.length);
}

/** Parameters that take whole numbers only: Elasticsearch widens integers, never narrows a double. */
const WHOLE_NUMBER_TYPES = new Set(['integer', 'long', 'unsigned_long']);

function argFits(expected: string, a: Arg): boolean {
  if (expected === 'function_named_parameters') return true;
  if (WHOLE_NUMBER_TYPES.has(expected) && (a.type === 'double' || a.type === 'counter_double')) return false;
  return accepts(expected, a.type, a.stringLiteral);
}

export interface SignatureMatch {
  /** The result type (`unknown` when the matching signatures disagree or none matches). */
  returnType: EsqlType;
  matched: boolean;
  /** When nothing matches: the argument no signature accepts, if a single one is to blame. */
  badArg?: number;
  /** Parameter lists (types) that take this many arguments, for the message. */
  candidates: string[][];
}

/**
 * What of an argument decides signature matching: its type, and for a string literal where it is used
 * and whether its text is a number (all `castsFromStringLiteral` reads).
 */
function argKey(a: Arg): string {
  const sl = a.stringLiteral;
  if (!sl) return a.type;
  const numeric = sl.value !== undefined && sl.value.trim() !== '' && Number.isFinite(Number(sl.value));
  return `${a.type}\u0000${sl.inOperator ? 'o' : 'f'}${numeric ? 'n' : 's'}`;
}

const matches = new WeakMap<Signature[], Map<string, SignatureMatch>>();

/**
 * Matches arguments against signatures the way Elasticsearch resolves a function or an operator.
 * Memoized per signature list and argument key (the answers are read, never changed).
 */
export function matchSignatures(signatures: Signature[], args: Arg[]): SignatureMatch {
  let bySignatures = matches.get(signatures);
  if (!bySignatures) matches.set(signatures, (bySignatures = new Map()));
  const key = args.map(argKey).join('\u0001');
  let m = bySignatures.get(key);
  if (!m) bySignatures.set(key, (m = computeMatch(signatures, args)));
  return m;
}

function computeMatch(signatures: Signature[], args: Arg[]): SignatureMatch {
  const fitting = signatures.filter((s) => arityFits(s, args.length));
  const candidates = fitting.map((s) => args.map((_, i) => paramType(s, i) ?? '?'));
  const matching = fitting.filter((s) => args.every((a, i) => argFits(paramType(s, i) ?? '', a)));
  if (matching.length === 0) {
    let badArg: number | undefined;
    for (let i = 0; i < args.length; i++) {
      if (!fitting.some((s) => argFits(paramType(s, i) ?? '', args[i]))) {
        badArg = i;
        break;
      }
    }
    return { returnType: UNKNOWN, matched: false, candidates, ...(badArg !== undefined ? { badArg } : {}) };
  }
  // Prefer signatures whose types match exactly, then by family.
  const exact = matching.filter((s) => args.every((a, i) => isOpenType(a.type) || paramType(s, i) === a.type));
  const pool = exact.length ? exact : matching;
  const returns = new Set(pool.map((s) => s.returnType));
  let returnType: EsqlType = UNKNOWN;
  if (returns.size === 1) returnType = [...returns][0];
  else if (new Set([...returns].map(family)).size === 1 && family([...returns][0]) === 'string') returnType = 'keyword';
  return { returnType, matched: true, candidates };
}

/** `(keyword, integer)` lists for a message, at most `limit` distinct ones. */
export function describeCandidates(candidates: string[][], limit = 4): string {
  const distinct = [...new Set(candidates.map((c) => `(${c.join(', ')})`))];
  const shown = distinct.slice(0, limit).join(', ');
  return distinct.length > limit ? `${shown}, ...` : shown;
}
