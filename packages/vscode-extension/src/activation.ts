// Which documents start the language server: rule files (TOML with a `[rule]`, `[metadata]` or `[hunt]`
// table) and raw query files. The extension activates on TOML files, but an ordinary TOML file (Cargo.toml,
// pyproject.toml) never starts the server. Plain data, no `vscode` import, so it is tested without an editor.

export const QUERY_LANGUAGES: ReadonlySet<string> = new Set(['esql', 'eql', 'kql']);

/** A table header of a detection rule, an exported rule's metadata or a hunting file, on a line of its own. */
const RULE_TABLE = /^[ \t]*\[[ \t]*(?:rule|metadata|hunt)[ \t]*\][ \t]*(?:#.*)?$/m;

export interface DocumentLike {
  languageId: string;
  getText(): string;
}

/** Whether `doc` is a document esql-lint serves: a raw query file, or a TOML rule or hunting file. */
export function servesDocument(doc: DocumentLike): boolean {
  if (QUERY_LANGUAGES.has(doc.languageId)) return true;
  return doc.languageId === 'toml' && RULE_TABLE.test(doc.getText());
}
