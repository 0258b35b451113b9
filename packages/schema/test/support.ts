import type { CorpusQuery } from '../../../test/support/corpus.js';
import type { RuleSchemaInput } from '../src/index.js';

/** Crude extraction of `event.dataset` / `data_stream.dataset` / `event.module` values from a query. */
export function comparedValues(query: string, field: string): string[] {
  const out = new Set<string>();
  const f = field.replace(/\./g, '\\.');
  const re = new RegExp(`${f}\\s*(?::|==|=|\\bin\\b|:\\s*\\()\\s*\\(?([^)\\n]*)`, 'gi');
  for (const m of query.matchAll(re)) {
    for (const v of m[1].matchAll(/"([^"]+)"|([\w.-]+)/g)) {
      const value = v[1] ?? v[2];
      if (value && !/^(and|or|not)$/i.test(value) && /^[\w.-]+$/.test(value)) out.add(value);
      if (!v[1] && !m[1].trim().startsWith('(')) break;
    }
  }
  return [...out];
}

/** FROM index patterns of an ES|QL query (crude). */
export function esqlFromIndices(query: string): string[] {
  const m = /^\s*from\s+([^|]+?)(?:\s+metadata\b[^|]*)?(?:\||$)/i.exec(query);
  return m ? m[1].split(',').map((s) => s.trim().replace(/^"|"$/g, '')).filter(Boolean) : [];
}

export function ruleInput(q: CorpusQuery): RuleSchemaInput {
  const rule = q.rule as { index?: string[] };
  const meta = q.metadata as { integration?: string | string[]; min_stack_version?: string };
  const integrations = meta.integration === undefined ? [] : Array.isArray(meta.integration) ? meta.integration : [meta.integration];
  return {
    filePath: q.file,
    language: q.language,
    index: q.language === 'esql' ? esqlFromIndices(q.query) : rule.index ?? [],
    datasets: [...comparedValues(q.query, 'event.dataset'), ...comparedValues(q.query, 'data_stream.dataset')],
    modules: comparedValues(q.query, 'event.module'),
    integrations,
    minStackVersion: meta.min_stack_version,
  };
}
