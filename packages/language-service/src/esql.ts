import * as esql from '@esql-lint/parser-esql';
import { accepts, analyzeEsql, functionDefinition, type EsqlAnalysis } from '@esql-lint/linter';
import type { ResolvedSchema } from '@esql-lint/schema';
import type { FunctionDefinition, Signature } from '@elastic/esql-definitions';
import { functionDefinitions } from '@elastic/esql-definitions/functions';
import { functionDocs } from '@elastic/esql-definitions/function-docs';

/** A column available at some point of an ES|QL pipeline. */
export interface AvailableColumn {
  name: string;
  type: string;
  fromSchema: boolean;
  origin: 'schema' | 'metadata' | 'created';
}

/** Blanks and comments, then a pipe. */
const PIPE_NEXT = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*\|/;

/**
 * The columns a command at `offset` can read: the output of the commands before it (the ones followed
 * by a `|` before the offset). Schema fields are included when the pipeline still carries them.
 */
export function columnsBefore(ast: esql.Query, text: string, offset: number, schema: ResolvedSchema, snapshot: boolean): { columns: AvailableColumn[]; schemaFields: boolean } {
  const previous = ast.commands.filter((c) => c.span.end <= offset && PIPE_NEXT.test(text.slice(c.span.end, offset)));
  if (previous.length === 0) return { columns: [], schemaFields: false };
  // One analysis per prefix of the pipeline, per parsed document (the AST is that document's).
  let byPrefix = columnsCache.get(ast);
  if (!byPrefix) columnsCache.set(ast, (byPrefix = new Map()));
  const key = `${previous.length}|${snapshot}`;
  const hit = byPrefix.get(key);
  if (hit && hit.schema === schema) return hit.result;
  const analysis = analyzeEsql({ ...ast, commands: previous }, schema, { text, snapshot });
  const columns = [...analysis.columns.values()].map((c) => ({ name: c.name, type: c.type, fromSchema: c.origin === 'schema', origin: c.origin }));
  const result = { columns, schemaFields: analysis.includesSchemaFields };
  byPrefix.set(key, { schema, result });
  return result;
}

const columnsCache = new WeakMap<esql.Query, Map<string, { schema: ResolvedSchema; result: { columns: AvailableColumn[]; schemaFields: boolean } }>>();
const analysisCache = new WeakMap<esql.Query, { schema: ResolvedSchema; snapshot: boolean; analysis: EsqlAnalysis }>();

/** The analysis of a whole query, once per parsed document. */
export function cachedAnalysis(ast: esql.Query, text: string, schema: ResolvedSchema, snapshot: boolean): EsqlAnalysis {
  const hit = analysisCache.get(ast);
  if (hit && hit.schema === schema && hit.snapshot === snapshot) return hit.analysis;
  const analysis = analyzeEsql(ast, schema, { text, snapshot });
  analysisCache.set(ast, { schema, snapshot, analysis });
  return analysis;
}

const readsCache = new WeakMap<esql.Query, Set<string>>();

/** The names the query reads (for ranking), once per parsed document. */
export function namesRead(ast: esql.Query): Set<string> {
  let set = readsCache.get(ast);
  if (!set) {
    set = new Set();
    for (const r of esql.fieldReferences(ast)) if (r.role === 'read') set.add(r.name);
    readsCache.set(ast, set);
  }
  return set;
}

interface Docs {
  description?: string;
  examples?: string[];
  params?: Record<string, string>;
  note?: string;
}

export function functionDocsOf(name: string): Docs | undefined {
  return (functionDocs as Record<string, Docs>)[name.toLowerCase()];
}

/** The short description of an ES|QL function (from the Elasticsearch docs). */
export function functionDescription(name: string): string | undefined {
  return functionDocsOf(name)?.description;
}

const FN_PAGES: Record<string, string> = { agg: 'aggregation-functions', time_series_agg: 'time-series-aggregation-functions', grouping: 'grouping-functions' };

/** Elastic's reference page of a function. */
export function functionUrl(def: FunctionDefinition): string {
  const base = 'https://www.elastic.co/docs/reference/query-languages/esql/functions-operators';
  const page = FN_PAGES[def.type];
  return page ? `${base}/${page}#esql-${def.name}` : `https://www.elastic.co/docs/reference/query-languages/esql/esql-functions-operators`;
}

/** `NAME(a: type, b?: type...) -> type` */
export function signatureLabel(name: string, s: Signature): string {
  const params = s.params.map((p, i) => `${p.name}${p.optional ? '?' : ''}: ${p.type}${s.variadic && i === s.params.length - 1 ? '...' : ''}`);
  return `${name.toUpperCase()}(${params.join(', ')}) -> ${s.returnType}`;
}

/** Distinct signatures of a function, merging those that differ only in their return type's spelling. */
export function distinctSignatures(def: FunctionDefinition): Signature[] {
  const seen = new Set<string>();
  return def.signatures.filter((s) => {
    const key = signatureLabel(def.name, s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `name(a: type, b?: type...) -> type` lines of a function's signatures (at most `limit`), best first. */
export function functionSignatures(name: string, limit = 6, argTypes: string[] = []): string[] {
  const def = functionDefinition(name);
  if (!def) return [];
  const sigs = orderSignatures(distinctSignatures(def), argTypes);
  const lines = sigs.map((s) => signatureLabel(def.name, s));
  return lines.length > limit ? [...lines.slice(0, limit), `... ${lines.length - limit} more signatures`] : lines;
}

/** Signatures ordered by how well they fit the argument types known so far (exact types first). */
export function orderSignatures(sigs: Signature[], argTypes: string[], argCount = argTypes.length): Signature[] {
  if (argCount === 0) return sigs;
  const score = (s: Signature): number => {
    let n = s.variadic || s.params.length >= argCount ? 0 : -100;
    argTypes.forEach((t, i) => {
      const p = i < s.params.length ? s.params[i] : s.variadic ? s.params[s.params.length - 1] : undefined;
      if (!p) n -= 100;
      else if (t === 'unknown') n += 0;
      else if (p.type === t) n += 10;
      else if (accepts(p.type, t)) n += 3;
      else n -= 20;
    });
    return n;
  };
  return sigs.map((s, i) => ({ s, i, k: score(s) })).sort((a, b) => b.k - a.k || a.i - b.i).map((x) => x.s);
}

/** The parameter types a function takes at argument `i` (of signatures with that many parameters). */
const paramCache = new WeakMap<FunctionDefinition, Map<number, { types: Set<string>; constant: boolean; names: Set<string> }>>();

export function paramTypesAt(def: FunctionDefinition, i: number): { types: Set<string>; constant: boolean; names: Set<string> } {
  let byIndex = paramCache.get(def);
  if (!byIndex) paramCache.set(def, (byIndex = new Map()));
  let hit = byIndex.get(i);
  if (!hit) byIndex.set(i, (hit = computeParamTypes(def, i)));
  return hit;
}

function computeParamTypes(def: FunctionDefinition, i: number): { types: Set<string>; constant: boolean; names: Set<string> } {
  const types = new Set<string>();
  const names = new Set<string>();
  let constant = true;
  let any = false;
  for (const s of def.signatures) {
    const p = i < s.params.length ? s.params[i] : s.variadic ? s.params[s.params.length - 1] : undefined;
    if (!p) continue;
    any = true;
    types.add(p.type);
    names.add(p.name);
    if (p.hint?.kind !== 'constant') constant = false;
  }
  return { types, constant: any && constant, names };
}

const markdownCache = new Map<string, string>();

/** Markdown documentation of a function: description, signatures, an example, a link. */
export function functionMarkdown(def: FunctionDefinition, argTypes: string[] = [], limit = 6): string {
  if (argTypes.length) return buildFunctionMarkdown(def, argTypes, limit);
  const key = `${def.name}|${limit}`;
  let md = markdownCache.get(key);
  if (md === undefined) markdownCache.set(key, (md = buildFunctionMarkdown(def, argTypes, limit)));
  return md;
}

function buildFunctionMarkdown(def: FunctionDefinition, argTypes: string[], limit: number): string {
  const docs = functionDocsOf(def.name);
  const parts: string[] = [];
  parts.push('```esql\n' + functionSignatures(def.name, limit, argTypes).join('\n') + '\n```');
  if (docs?.description) parts.push(docs.description.trim());
  if (docs?.examples?.length) parts.push('```esql\n' + docs.examples[0].trim() + '\n```');
  const flags = [def.type === 'agg' ? 'aggregate function (STATS)' : def.type === 'grouping' ? 'grouping function (STATS ... BY)' : def.type === 'time_series_agg' ? 'time series aggregate (TS ... STATS)' : '', def.preview ? 'technical preview' : '', def.snapshotOnly ? 'snapshot builds only' : '', def.license ? `${def.license} license` : '']
    .filter(Boolean)
    .join(' · ');
  parts.push(`${flags ? flags + ' · ' : ''}[Reference](${functionUrl(def)})`);
  return parts.join('\n\n');
}

export interface EsqlFunctionInfo {
  name: string;
  kind: string;
  def: FunctionDefinition;
  /** One-line summary of the first signature. */
  detail: string;
}

let all: EsqlFunctionInfo[] | undefined;

/** Every ES|QL function (snapshot-only ones when `snapshot`). */
export function esqlFunctions(snapshot: boolean): EsqlFunctionInfo[] {
  all ??= functionDefinitions
    .filter((f) => !f.name.startsWith('$') && /^[a-z_][a-z0-9_]*$/.test(f.name))
    .map((f) => ({ name: f.name, kind: f.type, def: f, detail: functionSignatures(f.name, 1)[0] ?? f.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return all.filter((f) => snapshot || !f.def.snapshotOnly);
}

/** Whether some signature of the function returns a type accepted where one of `types` is expected. */
const returnsCache = new Map<string, boolean>();

const typeKeys = new WeakMap<ReadonlySet<string>, string>();

export function returnsOneOf(def: FunctionDefinition, types: ReadonlySet<string>): boolean {
  if (types.size === 0) return true;
  let typesKey = typeKeys.get(types);
  if (typesKey === undefined) typeKeys.set(types, (typesKey = [...types].join(',')));
  const key = def.name + '|' + typesKey;
  let hit = returnsCache.get(key);
  if (hit === undefined) {
    const returns = new Set(def.signatures.map((s) => s.returnType));
    hit = [...returns].some((r) => [...types].some((t) => t !== 'function_named_parameters' && accepts(t, r)));
    returnsCache.set(key, hit);
  }
  return hit;
}

/** Whether an ES|QL name must be written in backquotes. */
export function needsQuoting(name: string): boolean {
  return !/^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(name) || /\.\.|\.$/.test(name) || /^@/.test(name) && name !== '@timestamp' && !/^@[A-Za-z_]/.test(name);
}

export function quoteName(name: string): string {
  return needsQuoting(name) ? '`' + name.replace(/`/g, '``') + '`' : name;
}
