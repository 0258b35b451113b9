/** The case a query writes its keywords in, so that inserted keywords and fixes follow it. */
export type KeywordCase = 'upper' | 'lower';

/**
 * `lower` when the query writes its keywords in lower case (`from x | where ...`), else `upper`.
 * Counts the words of `keywords` (upper-case spellings) that appear in the text outside strings.
 */
let last: { text: string; keywords: ReadonlySet<string>; fallback: KeywordCase; result: KeywordCase } | undefined;

export function keywordCase(text: string, keywords: ReadonlySet<string>, fallback: KeywordCase = 'upper'): KeywordCase {
  if (last && last.text === text && last.keywords === keywords && last.fallback === fallback) return last.result;
  const result = computeCase(text, keywords, fallback);
  last = { text, keywords, fallback, result };
  return result;
}

function computeCase(text: string, keywords: ReadonlySet<string>, fallback: KeywordCase): KeywordCase {
  let upper = 0;
  let lower = 0;
  const stripped = text.replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|`[^`]*`|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  for (const m of stripped.matchAll(/[A-Za-z_]+/g)) {
    const w = m[0];
    if (!keywords.has(w.toUpperCase())) continue;
    if (w === w.toUpperCase()) upper++;
    else if (w === w.toLowerCase()) lower++;
  }
  if (upper === 0 && lower === 0) return fallback;
  return lower > upper ? 'lower' : 'upper';
}

export function applyCase(word: string, c: KeywordCase): string {
  return c === 'lower' ? word.toLowerCase() : word.toUpperCase();
}
