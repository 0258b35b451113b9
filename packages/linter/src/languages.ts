import type { QueryChecks } from './languages/types.js';
import { kqlChecks } from './languages/kql.js';
import { eqlChecks } from './languages/eql.js';
import { esqlChecks } from './languages/esql.js';

const SUPPORT: Record<string, QueryChecks<never>> = {
  kuery: kqlChecks as QueryChecks<never>,
  eql: eqlChecks as QueryChecks<never>,
  esql: esqlChecks as QueryChecks<never>,
};

/** The checks of a rule language, or undefined for languages we do not check (lucene, ...). */
export function languageSupport(language: string): QueryChecks<unknown> | undefined {
  return SUPPORT[language] as QueryChecks<unknown> | undefined;
}

export type { QueryChecks };
