// The web worker of the playground: the language service the language server uses, over the editor's
// one document, so typing never waits for it. The page's settings become files of the browser platform's
// in-memory file system (a root `.esql-lint.json` and the pasted mapping), read by the linter as the CLI
// reads them from disk.
import { virtualFiles } from '@esql-lint/core';
import { createLanguageService, type LanguageService } from '@esql-lint/language-service';
import { formatSchemaExplanation, languageSupport, LinterPool } from '@esql-lint/linter';
import { parseRuleDocument } from '@esql-lint/rule-document';
import { astTree } from './ast-tree.js';
import { pathOf, type Analysis, type Details, type Envelope, type Reply, type Request, type ResponseMap, type Settings } from './protocol.js';

/** When the worker's script had loaded and run (ms since the worker started), and how long the warm-up took. */
const startedAt = performance.now();
let warmMs = 0;

const DOCS = 'https://github.com/esql-lint/esql-lint/blob/main/docs/rules/';

let service: LanguageService = createLanguageService({ ruleDocsBase: DOCS });
let pool = new LinterPool();
let text = '';
let settingsKey = '';
let path = pathOf('toml');

/** A short hash of a text: the mapping's file name changes with its content (schemas load once per name). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function applySettings(settings: Settings): void {
  const key = JSON.stringify(settings);
  path = pathOf(settings.mode);
  if (key === settingsKey) return;
  settingsKey = key;
  virtualFiles.clear();
  const config: Record<string, unknown> = { root: true };
  if (settings.schema.kind === 'mapping' && settings.schema.text.trim()) {
    const t = settings.schema.text;
    const name = `mapping-${hash(t)}.${t.trimStart().startsWith('{') ? 'json' : 'yml'}`;
    virtualFiles.set(`/playground/${name}`, t);
    config.schemas = [{ path: name, ecs: settings.schema.ecs }];
  }
  virtualFiles.set('/playground/.esql-lint.json', JSON.stringify(config));
  service.reloadConfiguration();
  pool = new LinterPool();
}

function schemaText(): string {
  try {
    const document = parseRuleDocument(text, path);
    const parts = pool.forFile(path).explainSchema(document).map((e) => formatSchemaExplanation(e.explanation));
    return parts.join('\n\n') || 'No query to check.';
  } catch (e) {
    return `The schema could not be resolved: ${(e as Error).message}`;
  }
}

function ast(): Details['ast'] {
  const document = parseRuleDocument(text, path);
  return document.queries.flatMap((q) => {
    const support = languageSupport(q.language);
    if (!support) return [];
    const parsed = support.parse(q.text, {});
    return astTree(parsed.ast, (span) => q.map.spanToHost(span));
  });
}

function handle(request: Request): ResponseMap[keyof ResponseMap] {
  switch (request.kind) {
    case 'update': {
      const t0 = performance.now();
      text = request.text;
      applySettings(request.settings);
      const result = service.diagnostics(path, text);
      const analysis: Analysis = { diagnostics: result.diagnostics, tokens: service.semanticTokens(path, text), ms: 0 };
      if (result.configError) analysis.configError = result.configError;
      analysis.ms = Math.round((performance.now() - t0) * 10) / 10;
      analysis.worker = { loadedMs: Math.round(startedAt), warmMs: Math.round(warmMs), loadedAt: performance.timeOrigin + startedAt };
      return analysis;
    }
    case 'completions':
      return service.completions(path, text, request.offset, request.trigger ? { trigger: request.trigger } : {});
    case 'hover':
      return service.hover(path, text, request.offset) ?? null;
    case 'signatureHelp':
      return service.signatureHelp(path, text, request.offset) ?? null;
    case 'codeActions':
      return service.codeActions(path, text, { start: request.start, end: request.end });
    case 'details':
      return { ast: ast(), schema: schemaText() };
    case 'formatting': {
      const r = service.formatting(path, text);
      return { edits: r.edits, skipped: r.skipped.map((s) => ({ reason: s.reason })) };
    }
  }
}

// Warm up while the page starts: the parsers, ECS, the integration bundle and the rule schemas load on
// first use; a small rule of the default example's language loads them before the first request.
const WARM = `[metadata]\ncreation_date = "2026/01/01"\n[rule]\nname = "warm-up"\ntype = "eql"\nlanguage = "eql"\nindex = ["logs-endpoint.events.process-*"]\nquery = '''\nprocess where process.name == "a"\n'''\n`;
setTimeout(() => {
  const t0 = performance.now();
  try {
    service.diagnostics('/warm-up/rule.toml', WARM);
    service.close('/warm-up/rule.toml');
  } catch {
    // The first real request reports what is wrong.
  }
  warmMs = performance.now() - t0;
}, 0);

const scope = self as unknown as { onmessage: ((e: MessageEvent<Envelope>) => void) | null; postMessage(m: Reply): void };
scope.onmessage = (e) => {
  const { id, version, request } = e.data;
  try {
    scope.postMessage({ id, version, ok: true, value: handle(request) });
  } catch (err) {
    scope.postMessage({ id, version, ok: false, error: (err as Error).message });
  }
};
