/**
 * Access to the detection-rules corpus in ../shared, for tests. Tests that use it skip with a clear
 * message when it is absent (a fresh clone without ../shared).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTOML, getStaticTOMLValue } from 'toml-eslint-parser';

export const SHARED_DIR = resolve(__dirname, '../../../shared');
export const CORPUS_DIR = join(SHARED_DIR, 'corpus/detection-rules');
export const HAS_CORPUS = existsSync(join(CORPUS_DIR, 'rules'));
export const NO_CORPUS_MESSAGE = `../shared/corpus/detection-rules not found at ${CORPUS_DIR}: corpus tests skipped`;

if (!HAS_CORPUS) console.warn(NO_CORPUS_MESSAGE);

export function corpusRuleFiles(): string[] {
  if (!HAS_CORPUS) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.toml')) out.push(p);
    }
  };
  walk(join(CORPUS_DIR, 'rules'));
  walk(join(CORPUS_DIR, 'rules_building_block'));
  return out.sort();
}

export interface CorpusQuery {
  file: string;
  language: string;
  query: string;
  deprecated: boolean;
  rule: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

let cache: CorpusQuery[] | undefined;

/** Every rule query of the corpus (`[rule] query`), with its language (`kuery`, `eql`, `esql`, ...). */
export function corpusQueries(language?: string): CorpusQuery[] {
  if (!cache) {
    cache = [];
    for (const file of corpusRuleFiles()) {
      const value = getStaticTOMLValue(parseTOML(readFileSync(file, 'utf8'))) as Record<string, any>;
      const rule = value.rule;
      if (!rule || typeof rule.query !== 'string') continue;
      const metadata = value.metadata ?? {};
      cache.push({
        file,
        language: rule.language,
        query: rule.query,
        deprecated: metadata.maturity === 'deprecated' || file.includes('/_deprecated/'),
        rule,
        metadata,
      });
    }
  }
  return language ? cache.filter((q) => q.language === language) : cache;
}
