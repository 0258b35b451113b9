import type * as esql from '@esql-lint/parser-esql';
import { analyzeEsql, functionDefinition } from '@esql-lint/linter';
import type { ResolvedSchema } from '@esql-lint/schema';
import { functionDefinitions } from '@elastic/esql-definitions/functions';
import { functionDocs } from '@elastic/esql-definitions/function-docs';

/** A column available at some point of an ES|QL pipeline. */
export interface AvailableColumn {
  name: string;
  type: string;
  fromSchema: boolean;
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
  const analysis = analyzeEsql({ ...ast, commands: previous }, schema, { text, snapshot });
  const columns = [...analysis.columns.values()].map((c) => ({ name: c.name, type: c.type, fromSchema: c.origin === 'schema' }));
  return { columns, schemaFields: analysis.includesSchemaFields };
}

/** `name(a: type, b?: type...) -> type` lines of a function's signatures (at most `limit`). */
export function functionSignatures(name: string, limit = 6): string[] {
  const def = functionDefinition(name);
  if (!def) return [];
  const lines = def.signatures.map((s) => {
    const params = s.params.map((p, i) => `${p.name}${p.optional ? '?' : ''}: ${p.type}${s.variadic && i === s.params.length - 1 ? '...' : ''}`);
    return `${def.name.toUpperCase()}(${params.join(', ')}) -> ${s.returnType}`;
  });
  const unique = [...new Set(lines)];
  return unique.length > limit ? [...unique.slice(0, limit), `... ${unique.length - limit} more signatures`] : unique;
}

/** The short description of an ES|QL function (from the Elasticsearch docs). */
export function functionDescription(name: string): string | undefined {
  return (functionDocs as Record<string, { description?: string }>)[name.toLowerCase()]?.description;
}

export interface EsqlFunctionInfo {
  name: string;
  kind: string;
  /** One-line summary of the first signature. */
  detail: string;
}

let names: EsqlFunctionInfo[] | undefined;

/** Every ES|QL function (snapshot-only ones when `snapshot`), upper-cased as the docs write them. */
export function esqlFunctions(snapshot: boolean): EsqlFunctionInfo[] {
  names ??= functionDefinitions
    .filter((f) => !f.name.startsWith('$') && /^[a-z_][a-z0-9_]*$/.test(f.name))
    .map((f) => ({ name: f.name, kind: f.type, detail: functionSignatures(f.name, 1)[0] ?? f.name, snapshotOnly: f.snapshotOnly }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return names.filter((f) => snapshot || !(f as { snapshotOnly?: boolean }).snapshotOnly);
}
