/** Test helpers: rule texts with a `<|>` cursor marker. */
export const CURSOR = '<|>';

export function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0 || marked.indexOf(CURSOR, offset + 1) >= 0) throw new Error(`exactly one ${CURSOR} expected in ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + CURSOR.length), offset };
}

export function kqlRule(query: string, extra = ''): string {
  return `[metadata]\nmaturity = "production"\n\n[rule]\nname = "test"\ntype = "query"\nindex = ["logs-*"]\nlanguage = "kuery"\n${extra}query = '''\n${query}\n'''\n`;
}

export function eqlRule(query: string): string {
  return `[metadata]\nmaturity = "production"\n\n[rule]\nname = "test"\ntype = "eql"\nindex = ["logs-*"]\nlanguage = "eql"\nquery = '''\n${query}\n'''\n`;
}

export function esqlRule(query: string): string {
  return `[metadata]\nmaturity = "production"\n\n[rule]\nname = "test"\ntype = "esql"\nlanguage = "esql"\nquery = '''\n${query}\n'''\n`;
}
