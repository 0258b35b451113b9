/** "1 warning", "2 warnings", "1 fix", "2 fixes", "0 files". */
export function plural(n: number, singular: string, pluralForm = /(s|x|ch|sh)$/.test(singular) ? `${singular}es` : `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
