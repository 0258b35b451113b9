import type { Span } from '@esql-lint/core';
import { ecsFieldDoc, type ResolvedSchema } from '@esql-lint/schema';
import type { CompletionItem, CompletionKind } from './types.js';

/**
 * Collects completion items in the order they should be shown (`sortText` follows insertion), keeps only
 * those that match the word being typed (server-side filtering), and caps only the long classes (fields
 * and values): keywords, functions and operators are never left out. A capped list is `incomplete`, so
 * the editor asks again as the user types.
 */
export class ItemCollector {
  readonly items: CompletionItem[] = [];
  incomplete = false;
  private readonly seen = new Set<string>();
  private readonly word: string;
  private longCount = 0;

  constructor(
    word: string,
    private readonly span: Span,
    private readonly maxLong: number,
  ) {
    this.word = word.replace(/^`/, '').toLowerCase();
  }

  /** Whether a label matches the typed word: a prefix of the whole label or of one of its dotted segments. */
  matches(label: string): boolean {
    if (this.word === '') return true;
    const l = (label.charCodeAt(0) === 96 ? label.slice(1) : label).toLowerCase();
    if (l.startsWith(this.word)) return true;
    if (this.word.includes('.')) return false;
    for (let i = l.indexOf('.'); i >= 0; i = l.indexOf('.', i + 1)) if (l.startsWith(this.word, i + 1)) return true;
    return false;
  }

  /** The cap on long classes is reached: more fields would be left out anyway. */
  get full(): boolean {
    return this.longCount >= this.maxLong;
  }

  add(label: string, kind: CompletionKind, extra: Partial<CompletionItem> = {}): boolean {
    const key = kind + ':' + label;
    if (this.seen.has(key) || !this.matches(extra.filterText ?? label)) return false;
    const long = kind === 'field' || kind === 'column' || kind === 'value';
    if (long && this.longCount >= this.maxLong) {
      this.incomplete = true;
      return false;
    }
    if (long) this.longCount++;
    this.seen.add(key);
    this.items.push({ label, kind, span: this.span, sortText: String(this.items.length).padStart(5, '0'), ...extra });
    return true;
  }
}

/** What ranks fields: the fields the query already uses and the data streams it is about. */
export interface FieldRanking {
  used: ReadonlySet<string>;
  /** Data streams / packages the rule is about (`aws.cloudtrail`, `aws`). */
  streams: readonly string[];
}

/**
 * The rank of a schema field (lower first): fields the query uses, fields of the rule's own data streams
 * (named under them, then defined by them), of its other integrations' streams, of other integrations,
 * `@timestamp` and ECS fields of the groups the query uses, other ECS fields, the rest, `_` fields last.
 */
function tierOf(name: string, source: string | undefined, ranking: FieldRanking, datasets: readonly string[], packages: readonly string[], usedGroups: ReadonlySet<string>): number {
  if (ranking.used.has(name)) return 0;
  if (name === '@timestamp') return 1;
  const ecs = source !== undefined && source.startsWith('ecs');
  if (source && !ecs) {
    for (const d of datasets) if (name.startsWith(d) && name.charCodeAt(d.length) === 46) return 1;
    if (datasets.includes(source)) return 2;
    for (const p of packages) if (source === p || (source.startsWith(p) && source.charCodeAt(p.length) === 46)) return 3;
    return 4;
  }
  if (name.startsWith('_')) return 8;
  if (ecs) return usedGroups.has(name.split('.', 1)[0]) ? 5 : 6;
  return 7;
}

/**
 * Rankings by schema, then by the used names and streams they were computed for (their content: each
 * edit makes a new syntax tree, whose used names are mostly those of the last one). A ranking walks every
 * field of the schema (thousands: 3-5 ms warm, 25 ms on a first call); keyed by the used set's identity,
 * as until 2026-12-02, every completion after an edit computed it again. The last few are kept per schema.
 */
const rankedCache = new WeakMap<ResolvedSchema, Map<string, string[]>>();
const RANKINGS_PER_SCHEMA = 8;

/** Schema fields in ranking order (computed once per schema, used names and streams). */
export function rankedFields(schema: ResolvedSchema, ranking: FieldRanking, accept?: (name: string) => boolean): string[] {
  let rankings = rankedCache.get(schema);
  if (!rankings) rankedCache.set(schema, (rankings = new Map()));
  const key = [...ranking.used].sort().join('\n') + '\u0000' + ranking.streams.join(',');
  let ranked = rankings.get(key);
  if (ranked) {
    // Most recently used last: the first key is the one to drop.
    rankings.delete(key);
    rankings.set(key, ranked);
  } else {
    const usedGroups = new Set([...ranking.used].map((n) => n.split('.', 1)[0]));
    const datasets = ranking.streams.filter((s) => s.includes('.'));
    const packages = [...new Set(ranking.streams.map((s) => s.split('.', 1)[0]))];
    const tiers: string[][] = [[], [], [], [], [], [], [], [], []];
    for (const name of schema.fieldNames()) {
      const l = schema.lookup(name);
      const source = l.kind === 'known' || l.kind === 'open' ? l.source : undefined;
      tiers[tierOf(name, source, ranking, datasets, packages, usedGroups)].push(name);
    }
    ranked = tiers.flat();
    rankings.set(key, ranked);
    if (rankings.size > RANKINGS_PER_SCHEMA) rankings.delete(rankings.keys().next().value!);
  }
  return accept ? ranked.filter(accept) : ranked;
}

/** Type and origin of a schema field, for a completion item or a hover. */
export function fieldDocumentation(schema: ResolvedSchema, name: string): { detail?: string; documentation?: string } {
  const l = schema.lookup(name);
  if (l.kind !== 'known' && l.kind !== 'open') return {};
  const ecs = ecsFieldDoc(name);
  const lines = [`\`${l.type}\` field, from ${l.source}.`];
  if (ecs?.description) lines.push(ecs.description);
  return { detail: l.type, documentation: lines.join('\n\n') };
}

/** Data streams a query is about: `logs-aws.cloudtrail-*` index patterns and dataset values it names. */
export function streamsOf(queryText: string, index: readonly string[] = [], integrations: readonly string[] = []): string[] {
  const out = new Set<string>(integrations);
  for (const p of index) {
    const m = /^(?:logs|metrics|traces)-([\w]+(?:\.[\w]+)?)/.exec(p.replace(/^.*:/, ''));
    if (m && !m[1].includes('*')) out.add(m[1]);
  }
  for (const m of queryText.matchAll(/(?:logs|metrics)-([a-z0-9_]+(?:\.[a-z0-9_]+)?)/g)) out.add(m[1]);
  for (const m of queryText.matchAll(/(?:event|data_stream)\.(?:dataset|module)\s*(?:==|:|in\s*\(?|IN\s*\(?)\s*"?([a-z0-9_]+(?:\.[a-z0-9_]+)?)/g)) out.add(m[1]);
  for (const s of [...out]) if (s.includes('.')) out.add(s.split('.')[0]);
  return [...out];
}

const usedCache = new WeakMap<object, Set<string>>();

/** The names a query's AST reads, computed once per AST. */
export function usedNames(ast: unknown, names: () => Iterable<string>): Set<string> {
  if (typeof ast !== 'object' || ast === null) return new Set(names());
  let set = usedCache.get(ast);
  if (!set) usedCache.set(ast, (set = new Set(names())));
  return set;
}
