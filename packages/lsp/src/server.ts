import { fileURLToPath } from 'node:url';
import { LineIndex, type Span } from '@esql-lint/core';
import type { FileDiagnostic } from '@esql-lint/linter';
import {
  createLanguageService, type CompletionItem as LsCompletionItem, type CompletionKind, type LanguageService, type LanguageServiceOptions,
} from '@esql-lint/language-service';
import {
  CodeActionKind, CompletionItemKind, DiagnosticSeverity, InsertTextFormat, MarkupKind, TextDocuments,
  type CodeAction, type CompletionItem, type CompletionList, type Connection, type Diagnostic, type Hover,
  type CancellationToken, type InitializeParams, type InitializeResult, type Position, type Range, type SignatureHelp,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initializeResult } from './capabilities.js';
import { registerNavigation } from './navigation.js';
import { registerSemanticTokens } from './semantic-tokens.js';
import { registerFormatting } from './formatting.js';
import { idleCollector } from './idle-gc.js';

export { COMPLETION_TRIGGERS } from './capabilities.js';

/** How long edits must pause before a document is linted again. */
export const DIAGNOSTICS_DELAY_MS = 150;

/**
 * The pause after a document's diagnostics before the first-completion warm-up runs (ms): none, the next
 * macrotask. It runs only when no diagnostics run is pending, and was 100 ms until 2026-12-02: an editor
 * that asks for completion right after each publish (as while typing) then got in first every time, and
 * the warm-up never ran (the bench's first completion after an edit took 45 ms, the first at the end of
 * the largest rule 23-37 ms; with no pause 14-18 ms, then 3-6 ms).
 */
export const WARM_UP_DELAY_MS = 0;

/**
 * Documents longer than this (UTF-16 code units, about as many bytes) are not analysed: they get one
 * `document-too-large` diagnostic and no editor features. Setting `esqlLint.maxDocumentSize`
 * (initialization option `maxDocumentSize`).
 */
export const MAX_DOCUMENT_SIZE = 4 * 1024 * 1024;

/** A position sent by a client, checked: a request without one is answered empty, not logged as a failure. */
function isPosition(p: unknown): p is Position {
  const q = p as Position | undefined;
  return typeof q === 'object' && q !== null && Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0;
}

const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;

const RAW_EXTENSIONS: Record<string, string> = { esql: '.esql', eql: '.eql', kql: '.kql', kuery: '.kql', json: '.json', ndjson: '.ndjson', jsonl: '.ndjson' };

/** The file path the linter sees for a document: the file itself, or a name that tells its language. */
export function documentPath(uri: string, languageId: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      /* fall through */
    }
  }
  const name = decodeURIComponent(uri.replace(/^[a-z][\w+.-]*:/i, '').replace(/[?#].*$/, '')) || 'untitled';
  if (/\.(toml|esql|eql|kql|kuery|ndjson|jsonl|json)$/i.test(name)) return name;
  return name + (RAW_EXTENSIONS[languageId] ?? '.toml');
}

/** Offsets <-> LSP positions (0-based line, UTF-16 character) for one version of a document. */
class Positions {
  private readonly lines: LineIndex;
  constructor(text: string) {
    this.lines = new LineIndex(text);
  }
  position(offset: number): Position {
    const p = this.lines.position(offset);
    return { line: p.line - 1, character: p.column - 1 };
  }
  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }
  offset(position: Position): number {
    const line = position.line + 1;
    if (line > this.lines.lineCount) return this.lines.text.length;
    // A character past the end of the line means its end (LSP clients may send that).
    const length = this.lines.lineText(line).length;
    return this.lines.offset({ line, column: Math.min(Math.max(0, position.character), length) + 1 });
  }
  span(range: Range): Span {
    const start = this.offset(range.start);
    return { start, end: Math.max(start, this.offset(range.end)) };
  }
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

const KIND: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Field,
  column: CompletionItemKind.Variable,
  keyword: CompletionItemKind.Keyword,
  function: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  value: CompletionItemKind.Value,
  key: CompletionItemKind.Property,
};

const RETRIGGER = { suggest: 'editor.action.triggerSuggest', parameterHints: 'editor.action.triggerParameterHints' } as const;

function toLspCompletion(i: LsCompletionItem, positions: Positions, editorCommands: boolean): CompletionItem {
  return {
    label: i.label,
    kind: KIND[i.kind],
    textEdit: { range: positions.range(i.span), newText: i.insertText ?? i.label },
    filterText: i.filterText ?? i.label,
    ...(i.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(i.detail ? { detail: i.detail } : {}),
    ...(i.documentation ? { documentation: { kind: MarkupKind.Markdown, value: i.documentation } } : {}),
    ...(i.sortText ? { sortText: i.sortText } : {}),
    ...(i.retrigger && editorCommands ? { command: { title: '', command: RETRIGGER[i.retrigger] } } : {}),
  };
}

function toLspDiagnostic(d: FileDiagnostic, positions: Positions): Diagnostic {
  return { range: positions.range(d.span), severity: SEVERITY[d.severity], code: d.code, source: 'esql-lint', message: d.message };
}

export interface ServerOptions extends LanguageServiceOptions {
  /** Debounce of diagnostics after edits, in milliseconds. */
  diagnosticsDelayMs?: number;
  /** Documents above this length are not analysed (default MAX_DOCUMENT_SIZE). */
  maxDocumentSize?: number;
  /**
   * The parameters of an `initialize` the caller has answered already (with `initializeResult` of
   * capabilities.ts), on a connection that is listening: the server takes them and does not listen again.
   */
  answeredInitialize?: InitializeParams;
}

/**
 * Serves esql-lint over an LSP connection: diagnostics (debounced, latest version only), completion,
 * hover and quick fixes. Every handler is guarded: a failure is logged and answered with nothing.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const { diagnosticsDelayMs = DIAGNOSTICS_DELAY_MS, maxDocumentSize: maxSizeOption, answeredInitialize, ...serviceOptions } = options;
  let maxDocumentSize = maxSizeOption ?? MAX_DOCUMENT_SIZE;
  const service: LanguageService = createLanguageService({ ...serviceOptions });
  const documents = new TextDocuments(TextDocument);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const positionCache = new WeakMap<TextDocument, { version: number; positions: Positions }>();
  const shownConfigErrors = new Set<string>();

  /** Runs a handler; an exception is logged and answered with `fallback`. */
  const guard = <P extends unknown[], R>(name: string, fallback: R, fn: (...args: P) => R) => (...args: P): R => {
    try {
      return fn(...args);
    } catch (e) {
      connection.console.error(`esql-lint: ${name} failed: ${(e as Error)?.stack ?? String(e)}`);
      return fallback;
    }
  };

  const positionsOf = (doc: TextDocument): Positions => {
    const hit = positionCache.get(doc);
    if (hit && hit.version === doc.version) return hit.positions;
    const positions = new Positions(doc.getText());
    positionCache.set(doc, { version: doc.version, positions });
    return positions;
  };
  const pathOf = (doc: TextDocument) => documentPath(doc.uri, doc.languageId);
  const analysed = (doc: TextDocument | undefined): doc is TextDocument => !!doc && doc.getText().length <= maxDocumentSize;
  /** The open document at `uri` if it is analysed (not above the size limit). */
  const documentAt = (uri: string | undefined): TextDocument | undefined => {
    const doc = uri === undefined ? undefined : documents.get(uri);
    return analysed(doc) ? doc : undefined;
  };

  const publish = guard('diagnostics', undefined, (uri: string, version: number | undefined) => {
    const doc = documents.get(uri);
    // Closed, or changed since this run was scheduled (a newer run is scheduled): nothing to do.
    if (!doc || (version !== undefined && doc.version !== version)) return;
    const length = doc.getText().length;
    if (length > maxDocumentSize) {
      service.close(pathOf(doc));
      const message = `This document is ${megabytes(length)}, more than esql-lint analyses (${megabytes(maxDocumentSize)}, setting esqlLint.maxDocumentSize): it is not checked, and editor features are off for it.`;
      void connection.sendDiagnostics({
        uri, version: doc.version,
        diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, code: 'document-too-large', source: 'esql-lint', message }],
      });
      return;
    }
    const result = service.diagnostics(pathOf(doc), doc.getText());
    if (result.configError && !shownConfigErrors.has(result.configError)) {
      shownConfigErrors.add(result.configError);
      void connection.window.showWarningMessage(`esql-lint: ${result.configError} (checking without configuration)`);
    }
    const positions = positionsOf(doc);
    const diagnostics = tomlSyntaxDiagnostics ? result.diagnostics : result.diagnostics.filter((d) => d.code !== 'toml-syntax');
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diagnostics.map((d) => toLspDiagnostic(d, positions)) });
    scheduleWarmUp();
  });

  // The first completion of each query language did ~100 ms of one-time work (language-service
  // warm-up.ts): done in the pause after diagnostics instead, for the open documents' languages (once
  // each), when no diagnostics run is pending.
  let warmUpTimer: ReturnType<typeof setTimeout> | undefined;
  const warmUp = guard('warm-up', undefined, () => {
    if (timers.size > 0) return;
    // One completion per macrotask: requests that came in meanwhile are answered between them.
    for (const doc of documents.all()) {
      if (analysed(doc) && service.warmUp(pathOf(doc), doc.getText()) !== undefined) return scheduleWarmUp(0);
    }
  });
  const scheduleWarmUp = (delay = WARM_UP_DELAY_MS) => {
    clearTimeout(warmUpTimer);
    warmUpTimer = setTimeout(warmUp, delay);
    warmUpTimer.unref?.();
  };

  // One pending run per document: a newer version replaces the pending run of the older one, and
  // each run is its own macrotask, so requests are answered between the runs of several documents.
  const schedule = (uri: string, delay = diagnosticsDelayMs) => {
    clearTimeout(timers.get(uri));
    const version = documents.get(uri)?.version;
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      publish(uri, version);
    }, delay));
  };

  // `initializationOptions.tomlSyntaxDiagnostics: false`: another TOML server reports syntax errors (the
  // VS Code extension says so when Even Better TOML is installed), so that they are not shown twice.
  let tomlSyntaxDiagnostics = true;
  /** VS Code runs the commands that reopen completion / signature help after an item is inserted. */
  let editorCommands = false;
  const initialize = (params: InitializeParams): InitializeResult => {
    tomlSyntaxDiagnostics = (params.initializationOptions as { tomlSyntaxDiagnostics?: unknown } | undefined)?.tomlSyntaxDiagnostics !== false;
    editorCommands = /code|visual studio/i.test(params.clientInfo?.name ?? '');
    const configured = (params?.initializationOptions as { maxDocumentSize?: unknown } | undefined)?.maxDocumentSize;
    if (typeof configured === 'number' && configured > 0) maxDocumentSize = configured;
    return initializeResult;
  };
  // Start-up: the bundled entry answered `initialize` itself (with the same result) and is listening already.
  if (answeredInitialize) initialize(answeredInitialize);
  else connection.onInitialize(initialize);
  // Opening fires a content change too: lint a newly opened document at once, edits after a pause.
  const opened = new Set<string>();
  // Issue 19: the young generation is collected in the pause after an edit when it is nearly full (idle-gc.ts).
  const collector = idleCollector();
  documents.onDidChangeContent((e) => {
    const first = !opened.has(e.document.uri);
    opened.add(e.document.uri);
    schedule(e.document.uri, first ? 0 : diagnosticsDelayMs);
    if (!first && diagnosticsDelayMs > 0) collector.changed();
  });
  documents.onDidClose(guard('close', undefined, (e: { document: TextDocument }) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    opened.delete(e.document.uri);
    service.close(pathOf(e.document));
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  }));

  // `.esql-lint.json` created, changed or deleted: read configuration again and re-lint.
  connection.onDidChangeWatchedFiles(guard('configuration change', undefined, () => {
    service.reloadConfiguration();
    shownConfigErrors.clear();
    // Field modifiers depend on the schemas the configuration names.
    refreshSemanticTokens();
    for (const doc of documents.all()) schedule(doc.uri, 0);
  }));

  connection.onCompletion(guard('completion', null, (params, token?: CancellationToken): CompletionList | null => {
    const doc = documentAt(params?.textDocument?.uri);
    if (!doc || !isPosition(params.position) || token?.isCancellationRequested) return null;
    const positions = positionsOf(doc);
    const trigger = params.context?.triggerCharacter;
    const list = service.completions(pathOf(doc), doc.getText(), positions.offset(params.position), trigger ? { trigger } : undefined);
    const items = list.items.map((i) => toLspCompletion(i, positions, editorCommands));
    return { isIncomplete: list.incomplete, items };
  }));

  connection.onSignatureHelp(guard('signatureHelp', null, (params, token?: CancellationToken): SignatureHelp | null => {
    const doc = documentAt(params?.textDocument?.uri);
    if (!doc || !isPosition(params.position) || token?.isCancellationRequested) return null;
    const positions = positionsOf(doc);
    const help = service.signatureHelp(pathOf(doc), doc.getText(), positions.offset(params.position));
    if (!help) return null;
    return {
      activeSignature: help.activeSignature,
      activeParameter: help.activeParameter,
      signatures: help.signatures.map((s) => ({
        label: s.label,
        ...(s.documentation ? { documentation: { kind: MarkupKind.Markdown, value: s.documentation } } : {}),
        parameters: s.parameters.map((p) => ({ label: p.label, ...(p.documentation ? { documentation: { kind: MarkupKind.Markdown, value: p.documentation } } : {}) })),
      })),
    };
  }));

  connection.onHover(guard('hover', null, (params, token?: CancellationToken): Hover | null => {
    const doc = documentAt(params?.textDocument?.uri);
    if (!doc || !isPosition(params.position) || token?.isCancellationRequested) return null;
    const positions = positionsOf(doc);
    const h = service.hover(pathOf(doc), doc.getText(), positions.offset(params.position));
    return h ? { contents: { kind: 'markdown', value: h.contents }, range: positions.range(h.span) } : null;
  }));

  connection.onCodeAction(guard('codeAction', [], (params, token?: CancellationToken): CodeAction[] => {
    const doc = documentAt(params?.textDocument?.uri);
    if (!doc || !isPosition(params.range?.start) || !isPosition(params.range?.end) || token?.isCancellationRequested) return [];
    const positions = positionsOf(doc);
    const actions = service.codeActions(pathOf(doc), doc.getText(), positions.span(params.range));
    return actions.map((a): CodeAction => {
      const range = positions.range(a.diagnosticSpan);
      const diagnostics = params.context.diagnostics.filter(
        (d) => d.code === a.diagnosticCode && d.range.start.line === range.start.line && d.range.start.character === range.start.character,
      );
      return {
        title: a.title,
        kind: CodeActionKind.QuickFix,
        ...(diagnostics.length ? { diagnostics } : {}),
        isPreferred: actions.length === 1,
        edit: { changes: { [doc.uri]: a.edits.map((e) => ({ range: positions.range(e.span), newText: e.newText })) } },
      };
    });
  }));

  // Navigation, semantic tokens and formatting see only analysed documents (one above the size limit is not there for them).
  const analysedDocuments = new Proxy(documents, {
    get: (target, key) => (key === 'get' ? documentAt : Reflect.get(target, key)),
  });
  registerNavigation({ connection, documents: analysedDocuments, service, positionsOf, pathOf, guard });
  const refreshSemanticTokens = registerSemanticTokens({ connection, documents: analysedDocuments, service, pathOf, guard });
  registerFormatting({ connection, documents: analysedDocuments, service, positionsOf, pathOf, guard });

  documents.listen(connection);
  if (!answeredInitialize) connection.listen();
}
