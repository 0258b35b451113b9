import type { QueryChecks } from './languages/types.js';
import { kqlChecks } from './languages/kql.js';
import { eqlChecks } from './languages/eql.js';
import { esqlChecks } from './languages/esql.js';

/**
 * Each language's checks, taken on first use. The bundles (the CLI, the language server) turn each import
 * here into an evaluation on first use (packages/linter/build/lazy-languages.mjs), so a run over EQL rules
 * never evaluates the ES|QL and KQL parsers' modules (issue 19, start-up): keep one import per language,
 * named `<x>Checks`, and use it only inside its function.
 */
const SUPPORT: Record<string, () => QueryChecks<never>> = {
  kuery: () => kqlChecks as QueryChecks<never>,
  eql: () => eqlChecks as QueryChecks<never>,
  esql: () => esqlChecks as QueryChecks<never>,
};

const taken = new Map<string, QueryChecks<unknown>>();

/** The checks of a rule language, or undefined for languages we do not check (lucene, ...). */
export function languageSupport(language: string): QueryChecks<unknown> | undefined {
  let checks = taken.get(language);
  if (checks === undefined && Object.hasOwn(SUPPORT, language)) taken.set(language, (checks = SUPPORT[language]() as QueryChecks<unknown>));
  return checks;
}

export type { QueryChecks };
