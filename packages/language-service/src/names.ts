import type { Span } from '@esql-lint/core';
import * as eql from '@esql-lint/parser-eql';
import * as esql from '@esql-lint/parser-esql';
import * as kql from '@esql-lint/parser-kql';
import type { ResolvedSchema } from '@esql-lint/schema';

/** How a name of a query is written where it occurs, which decides how a rename writes it. */
export type OccurrenceSyntax = 'column' | 'pattern-field' | 'metadata' | 'field';

/** One occurrence of a column or field name in a query (query offsets). */
export interface NameOccurrence {
  name: string;
  span: Span;
  role: 'read' | 'define';
  /**
   * What the name is bound to: `created:<name>` (a column the query creates: every definition of the
   * name and the reads they reach), `schema:<name>`, `metadata:<name>`, `join:<name>` (a field of a
   * LOOKUP JOIN's index), `implicit:<name>` (a column a command names itself: COMPLETION's `completion`).
   */
  binding: string;
  /** Where the column read here was defined (query offsets): the last definition before the read. */
  definition?: Span;
  syntax: OccurrenceSyntax;
  /** EQL: `join-key:<k>` for the k-th key of a sequence/sample/join term's `by` (joined with the other terms' k-th keys). */
  group?: string;
}

const commandsOf = (c: esql.Command): esql.Command[] =>
  c.type === 'ForkCommand' ? c.branches.flatMap((b) => b.commands)
    : c.type === 'FromCommand' || c.type === 'TsCommand' ? c.subqueries.flatMap((s) => s.commands)
      : c.type === 'ExplainCommand' ? c.commands : [];

/** Every command, nested ones (FORK branches, subqueries) included. */
function allCommands(commands: esql.Command[], out: esql.Command[] = []): esql.Command[] {
  for (const c of commands) {
    out.push(c);
    allCommands(commandsOf(c), out);
  }
  return out;
}

/**
 * Where each definition takes effect: after its own assignment in EVAL, ROW and RENAME (a later
 * assignment of the same command reads it), after the whole command elsewhere (STATS aggregates read the
 * columns before STATS).
 */
function activations(commands: esql.Command[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const c of commands) {
    if (c.type === 'EvalCommand' || c.type === 'RowCommand') for (const a of c.assignments) if (a.name) out.set(a.name.span.start, a.span.end);
    if (c.type === 'RenameCommand') for (const r of c.renames) if (r.newName) out.set(r.newName.span.start, r.span.end);
  }
  return out;
}

/** The name occurrences of an ES|QL query with what each is bound to. */
export function esqlNames(ast: esql.Query, schema?: ResolvedSchema): NameOccurrence[] {
  const commands = allCommands(ast.commands);
  const active = activations(commands);
  const commandAt = (offset: number) => {
    let best: esql.Command | undefined;
    for (const c of commands) if (c.span.start <= offset && offset < c.span.end && (!best || c.span.start >= best.span.start)) best = c;
    return best;
  };
  const joins = commands.filter((c): c is esql.JoinCommand => c.type === 'JoinCommand' && c.target !== undefined);
  const inSchema = (name: string) => {
    if (!schema) return true;
    const kind = schema.lookup(name).kind;
    return kind === 'known' || kind === 'open';
  };

  const out: NameOccurrence[] = [];
  // Definitions not yet in effect, and the last one in effect per name.
  const pending: Array<{ at: number; name: string; span: Span; metadata: boolean; implicit?: boolean }> = [];
  const current = new Map<string, { span: Span; metadata: boolean; implicit?: boolean }>();
  // Columns a command names itself when the query does not (COMPLETION's `completion`, CHANGE_POINT's
  // `type` and `pvalue`, RERANK's `_score`): defined at the command word.
  for (const c of commands) {
    const word = (n: number) => ({ start: c.span.start, end: c.span.start + n });
    const implicit = (name: string, n: number) => pending.push({ at: c.span.end, name, span: word(n), metadata: false, implicit: true });
    if (c.type === 'CompletionCommand' && !c.target) implicit('completion', 'completion'.length);
    if (c.type === 'ChangePointCommand' && !c.typeName) implicit('type', 'change_point'.length);
    if (c.type === 'ChangePointCommand' && !c.pvalueName) implicit('pvalue', 'change_point'.length);
    if (c.type === 'RerankCommand' && !c.target) implicit('_score', 'rerank'.length);
  }
  const settle = (offset: number) => {
    for (let i = 0; i < pending.length; ) {
      if (pending[i].at <= offset) {
        current.set(pending[i].name, pending[i]);
        pending.splice(i, 1);
      } else i++;
    }
  };
  for (const ref of esql.fieldReferences(ast)) {
    if (ref.wildcard || !ref.name) continue;
    settle(ref.span.start);
    const command = commandAt(ref.span.start);
    if (ref.role === 'define') {
      const metadata = ref.command === 'FromCommand' || ref.command === 'TsCommand';
      const syntax: OccurrenceSyntax = metadata ? 'metadata' : ref.command === 'GrokCommand' || ref.command === 'DissectCommand' ? 'pattern-field' : 'column';
      out.push({ name: ref.name, span: ref.span, role: 'define', binding: `${metadata ? 'metadata' : 'created'}:${ref.name}`, definition: ref.span, syntax });
      pending.push({ at: active.get(ref.span.start) ?? command?.span.end ?? ref.span.end, name: ref.name, span: ref.span, metadata });
      continue;
    }
    const def = current.get(ref.name);
    if (def) {
      const kind = def.metadata ? 'metadata' : def.implicit ? 'implicit' : 'created';
      out.push({ name: ref.name, span: ref.span, role: 'read', binding: `${kind}:${ref.name}`, definition: def.span, syntax: 'column' });
      continue;
    }
    const join = joins.filter((j) => j.span.end <= ref.span.start).pop();
    if (join && !inSchema(ref.name)) {
      out.push({ name: ref.name, span: ref.span, role: 'read', binding: `join:${ref.name}`, definition: join.target!.span, syntax: 'column' });
      continue;
    }
    out.push({ name: ref.name, span: ref.span, role: 'read', binding: `schema:${ref.name}`, syntax: 'column' });
  }
  return out;
}

/** The field occurrences of an EQL query; the keys of the terms' `by` clauses are grouped by position. */
export function eqlNames(ast: eql.Query): NameOccurrence[] {
  const groups = new Map<number, string>();
  const body = ast.body;
  if (body && (body.type === 'SequenceQuery' || body.type === 'SampleQuery' || body.type === 'JoinQuery')) {
    for (const term of [...body.terms, ...(body.until ? [body.until] : [])]) {
      term.by?.keys.forEach((k, i) => {
        if (k.type === 'Field') groups.set(k.nameSpan.start, `join-key:${i}`);
      });
    }
  }
  return eql.fieldReferences(ast).map((r) => {
    const group = groups.get(r.span.start);
    return { name: r.name, span: r.span, role: 'read', binding: `schema:${r.name}`, syntax: 'field', ...(group ? { group } : {}) };
  });
}

export function kqlNames(ast: kql.Query): NameOccurrence[] {
  return kql.fieldReferences(ast).filter((r) => !r.wildcard).map((r) => ({ name: r.name, span: r.span, role: 'read', binding: `schema:${r.name}`, syntax: 'field' }));
}
