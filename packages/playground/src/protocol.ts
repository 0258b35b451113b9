// The messages between the page (main.ts) and the language service's web worker (worker.ts): plain data,
// file offsets (UTF-16) as the language service speaks them.
import type { CodeAction, CompletionList, Hover, SemanticToken, SignatureHelp, TextEdit } from '@esql-lint/language-service';
import type { FileDiagnostic } from '@esql-lint/linter';

/** What the editor holds: the format of its text. `toml` is a rule file; the others raw queries. */
export type Mode = 'toml' | 'esql' | 'eql' | 'kql';

/** Which schema the queries are checked against. */
export type SchemaChoice =
  /** ECS and the bundled integration packages, selected by the rule (integration, index, FROM, datasets). */
  | { kind: 'bundled' }
  /** A pasted Elasticsearch mapping, field capabilities response, `{pattern: {field: type}}` JSON or fields.yml. */
  | { kind: 'mapping'; text: string; ecs: boolean };

export interface Settings {
  mode: Mode;
  schema: SchemaChoice;
}

/** One AST node of the tree view (file offsets). */
export interface AstNode {
  label: string;
  detail?: string;
  start: number;
  end: number;
  children: AstNode[];
}

export type Request =
  | { kind: 'update'; text: string; settings: Settings }
  | { kind: 'completions'; offset: number; trigger?: string }
  | { kind: 'hover'; offset: number }
  | { kind: 'signatureHelp'; offset: number }
  | { kind: 'codeActions'; start: number; end: number }
  | { kind: 'formatting' }
  /** The AST and the schema summary of the current text (asked for after its diagnostics are shown). */
  | { kind: 'details' };

/** What an update answers: everything the page shows for the text. */
export interface Analysis {
  diagnostics: FileDiagnostic[];
  configError?: string;
  tokens: SemanticToken[];
  /** Milliseconds the worker spent. */
  ms: number;
  /** The worker's start-up: its script loaded and ran after `loadedMs`; the warm-up took `warmMs`. */
  worker?: { loadedMs: number; warmMs: number; /** `loadedMs` as a `Date.now()` time. */ loadedAt: number };
}

export interface Details {
  ast: AstNode[];
  /** Which schemas each query is checked against, in words. */
  schema: string;
}

export interface ResponseMap {
  update: Analysis;
  details: Details;
  completions: CompletionList;
  hover: Hover | null;
  signatureHelp: SignatureHelp | null;
  codeActions: CodeAction[];
  formatting: { edits: TextEdit[]; skipped: Array<{ reason: string }> };
}

export interface Envelope {
  id: number;
  /** The version of the text the request is about; answers to older versions are dropped. */
  version: number;
  request: Request;
}

export interface Reply {
  id: number;
  version: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** The file name the worker gives the editor's text: its extension decides the format. */
export function pathOf(mode: Mode): string {
  return mode === 'toml' ? '/playground/rule.toml' : `/playground/query.${mode}`;
}
