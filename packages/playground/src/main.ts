// The playground page: a CodeMirror 6 editor wired to the language service in a web worker (worker.ts).
// Diagnostics, semantic colours, the AST and the schema summary come back with every update; completion,
// hover, signature help, quick fixes and formatting are asked for when the user does them.
import { autocompletion, completionKeymap, snippet, startCompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, StreamLanguage, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { lintGutter, lintKeymap, setDiagnostics, type Action, type Diagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Prec, StateEffect, StateField, type Extension, type Text } from '@codemirror/state';
import {
  Decoration, drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers,
  showTooltip, type DecorationSet, type Tooltip,
} from '@codemirror/view';
import type { CompletionItem, SignatureHelp, TextEdit } from '@esql-lint/language-service';
import { EXAMPLES } from './examples.js';
import { renderMarkdown } from './markdown.js';
import type { Analysis, AstNode, Details, Envelope, Mode, Reply, Request, ResponseMap, SchemaChoice, Settings } from './protocol.js';
import { decodeState, encodeState, type PlaygroundState } from './state.js';

const DOCS = 'https://github.com/esql-lint/esql-lint/blob/main/docs/rules/';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ---- the worker ----------------------------------------------------------------------------------------

// index.html starts the worker before this bundle loads, so both download and compile at once.
const worker: Worker = (window as unknown as { esqlLintWorker?: Worker }).esqlLintWorker ?? new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
worker.onmessage = (e: MessageEvent<Reply>) => {
  const p = pending.get(e.data.id);
  if (!p) return;
  pending.delete(e.data.id);
  if (e.data.ok) p.resolve(e.data.value);
  else p.reject(new Error(e.data.error));
};

/** The version of the editor's text; the worker's copy is `sentVersion`. */
let version = 0;
let sentVersion = -1;
let updateInFlight = false;
let firstUpdateSent = -1;

function ask<K extends Request['kind']>(request: Extract<Request, { kind: K }>): Promise<ResponseMap[K]> {
  const id = nextId++;
  const envelope: Envelope = { id, version, request };
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    worker.postMessage(envelope);
  });
}

/** Sends the text if the worker's copy is older (requests after it see the current text: messages keep their order). */
function flush(): void {
  if (sentVersion === version) return;
  sentVersion = version;
  const v = version;
  updateInFlight = true;
  const t0 = performance.now();
  if (firstUpdateSent < 0) firstUpdateSent = t0;
  ask({ kind: 'update', text: view.state.doc.toString(), settings: settings() })
    .then((analysis) => {
      updateInFlight = false;
      if (v === version) show(analysis, performance.now() - t0);
      else flush();
    })
    .catch((e: Error) => {
      updateInFlight = false;
      $('status').textContent = `language service error: ${e.message}`;
    });
}

/** Latest text wins: while an update runs, edits only mark the text dirty; the reply sends the newest. */
function changed(): void {
  version++;
  if (!updateInFlight) flush();
  scheduleUrl();
}

// ---- settings and the URL --------------------------------------------------------------------------------

const modeSelect = $<HTMLSelectElement>('mode');
const schemaSelect = $<HTMLSelectElement>('schema');
const mappingText = $<HTMLTextAreaElement>('mapping');
const mappingEcs = $<HTMLInputElement>('mapping-ecs');

function settings(): Settings {
  const schema: SchemaChoice = schemaSelect.value === 'mapping' ? { kind: 'mapping', text: mappingText.value, ecs: mappingEcs.checked } : { kind: 'bundled' };
  return { mode: modeSelect.value as Mode, schema };
}

let urlTimer: ReturnType<typeof setTimeout> | undefined;
function scheduleUrl(): void {
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => void writeUrl(), 250);
}
async function writeUrl(): Promise<void> {
  const state: PlaygroundState = { ...settings(), text: view.state.doc.toString() };
  const fragment = await encodeState(state);
  window.history.replaceState(null, '', `#${fragment}`);
  document.body.dataset.urlVersion = String(version);
}

// ---- semantic highlighting -------------------------------------------------------------------------------

const setTokens = StateEffect.define<DecorationSet>();
const tokenField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) if (e.is(setTokens)) return e.value;
    return deco.map(tr.changes);
  },
});
// Below the TOML grammar's highlighting, so a token's colour is drawn inside the string's and wins.
const tokenDecorationsExt = Prec.highest(EditorView.decorations.from(tokenField));

function tokenDecorations(analysis: Analysis, doc: Text): DecorationSet {
  const marks = analysis.tokens
    .filter((t) => t.span.end > t.span.start && t.span.end <= doc.length)
    .map((t) => Decoration.mark({ class: ['tok', `tok-${t.type}`, ...t.modifiers.map((m) => `tok-${m}`)].join(' ') }).range(t.span.start, t.span.end));
  return Decoration.set(marks, true);
}

// ---- signature help --------------------------------------------------------------------------------------

const setSignature = StateEffect.define<Tooltip | null>();
const signatureField = StateField.define<Tooltip | null>({
  create: () => null,
  update(tip, tr) {
    for (const e of tr.effects) if (e.is(setSignature)) return e.value;
    return tip && tr.docChanged ? { ...tip, pos: tr.changes.mapPos(tip.pos) } : tip;
  },
  provide: (f) => showTooltip.from(f),
});

function signatureDom(help: SignatureHelp): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'cm-signature';
  const sig = help.signatures[help.activeSignature] ?? help.signatures[0];
  const param = sig.parameters[help.activeParameter];
  const label = document.createElement('div');
  label.className = 'cm-signature-label';
  if (param) {
    const [a, b] = param.label;
    label.append(sig.label.slice(0, a));
    const active = document.createElement('span');
    active.className = 'cm-signature-active';
    active.textContent = sig.label.slice(a, b);
    label.append(active, sig.label.slice(b));
  } else label.textContent = sig.label;
  dom.append(label);
  const docs = param?.documentation ?? sig.documentation;
  if (docs) {
    const d = document.createElement('div');
    d.className = 'cm-signature-doc';
    d.innerHTML = renderMarkdown(param?.documentation ? param.documentation : (sig.documentation ?? ''));
    dom.append(d);
  }
  return dom;
}

let signatureSeq = 0;
async function updateSignature(): Promise<void> {
  const seq = ++signatureSeq;
  const pos = view.state.selection.main.head;
  flush();
  const help = await ask({ kind: 'signatureHelp', offset: pos }).catch(() => null);
  if (seq !== signatureSeq) return;
  const tip: Tooltip | null = help && help.signatures.length ? { pos, above: true, strictSide: false, create: () => ({ dom: signatureDom(help) }) } : null;
  view.dispatch({ effects: setSignature.of(tip) });
}

// ---- completion ------------------------------------------------------------------------------------------

const KIND_TYPE: Record<CompletionItem['kind'], string> = {
  field: 'property', column: 'variable', keyword: 'keyword', function: 'function', operator: 'keyword', value: 'constant', key: 'type',
};

/** LSP snippet syntax (`$1`, `${1:x}`, `$0`) in CodeMirror's (`${1}`, `${1:x}`, `${}`). */
function cmSnippet(text: string): string {
  return text.replace(/\$(\d+)/g, (_m, n: string) => (n === '0' ? '${}' : `\${${n}}`));
}

function toCompletion(item: CompletionItem): Completion {
  const insert = item.insertText ?? item.label;
  const c: Completion = {
    label: item.label,
    type: KIND_TYPE[item.kind],
    apply: (v, _c, from, to) => {
      const span = { from: Math.min(from, item.span.start), to: Math.max(to, item.span.end) };
      if (item.snippet) snippet(cmSnippet(insert))(v, _c, span.from, span.to);
      else v.dispatch({ changes: { from: span.from, to: span.to, insert }, selection: { anchor: span.from + insert.length }, userEvent: 'input.complete' });
      if (item.retrigger === 'suggest') setTimeout(() => startCompletion(v), 0);
      if (item.retrigger === 'parameterHints') setTimeout(() => void updateSignature(), 0);
    },
  };
  if (item.detail) c.detail = item.detail;
  if (item.sortText) c.boost = 0;
  if (item.documentation) {
    const doc = item.documentation;
    c.info = () => {
      const d = document.createElement('div');
      d.className = 'cm-doc';
      d.innerHTML = renderMarkdown(doc);
      return d;
    };
  }
  return c;
}

async function complete(ctx: CompletionContext): Promise<CompletionResult | null> {
  const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 1), ctx.pos);
  const word = ctx.matchBefore(/[\w.@`-]*/);
  if (!ctx.explicit && !word?.text && !/[ .(,|:=[]/.test(before)) return null;
  flush();
  const list = await ask({ kind: 'completions', offset: ctx.pos, ...(ctx.explicit ? {} : { trigger: before }) });
  if (ctx.aborted || !list.items.length) return null;
  const from = Math.min(...list.items.map((i) => i.span.start));
  const sorted = [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  return { from, options: sorted.map(toCompletion), filter: false };
}

// ---- hover -----------------------------------------------------------------------------------------------

const hover = hoverTooltip(async (_view, pos) => {
  flush();
  const h = await ask({ kind: 'hover', offset: pos }).catch(() => null);
  if (!h) return null;
  return {
    pos: h.span.start, end: h.span.end, above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-hover';
      dom.innerHTML = renderMarkdown(h.contents);
      return { dom };
    },
  };
}, { hoverTime: 250 });

// ---- diagnostics, problems, AST --------------------------------------------------------------------------

function applyEdits(edits: Array<{ span: { start: number; end: number }; newText: string }>, userEvent: string): void {
  const changes = [...edits].sort((a, b) => a.span.start - b.span.start).map((e) => ({ from: e.span.start, to: e.span.end, insert: e.newText }));
  view.dispatch({ changes, userEvent });
}

function codeLink(code: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = `${DOCS}${code}.md`;
  a.target = '_blank';
  a.rel = 'noopener';
  a.className = 'code';
  a.textContent = code;
  return a;
}

function toDiagnostic(d: Analysis['diagnostics'][number], docLength: number): Diagnostic {
  const from = Math.min(d.span.start, docLength);
  const to = Math.min(Math.max(d.span.end, from), docLength);
  const actions: Action[] = (d.fixes ?? []).map((fix) => ({
    name: fix.title,
    apply: (v) => {
      if (v !== view) return;
      applyEdits(fix.edits, 'input.quickfix');
    },
  }));
  return {
    from, to, severity: d.severity, message: d.message, source: d.code, actions,
    renderMessage: () => {
      const span = document.createElement('span');
      span.className = 'cm-diagnostic-message';
      span.append(d.message, ' ', codeLink(d.code));
      return span;
    },
  };
}

function renderProblems(analysis: Analysis): void {
  const list = $('problems');
  list.replaceChildren();
  if (analysis.configError) {
    const li = document.createElement('li');
    li.className = 'problem error';
    li.textContent = `Configuration: ${analysis.configError}`;
    list.append(li);
  }
  for (const d of analysis.diagnostics) {
    const li = document.createElement('li');
    li.className = `problem ${d.severity}`;
    li.dataset.code = d.code;
    const where = document.createElement('span');
    where.className = 'where';
    where.textContent = `${d.range.start.line}:${d.range.start.column}`;
    const message = document.createElement('span');
    message.className = 'message';
    message.textContent = d.message;
    li.append(where, ' ', message, ' ', codeLink(d.code));
    li.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).tagName === 'A') return;
      view.dispatch({ selection: { anchor: Math.min(d.span.start, view.state.doc.length) }, scrollIntoView: true });
      view.focus();
    });
    list.append(li);
  }
  $('problem-count').textContent = String(analysis.diagnostics.length);
  if (!analysis.diagnostics.length && !analysis.configError) {
    const li = document.createElement('li');
    li.className = 'problem none';
    li.textContent = 'No problems.';
    list.append(li);
  }
}

let astNodes: Array<{ node: AstNode; el: HTMLElement }> = [];

function renderAst(analysis: Details): void {
  const root = $('ast');
  root.replaceChildren();
  astNodes = [];
  const build = (node: AstNode, depth: number): HTMLElement => {
    const li = document.createElement('li');
    const row = document.createElement('div');
    row.className = 'ast-node';
    row.style.paddingLeft = `${depth * 12}px`;
    const label = document.createElement('span');
    label.className = 'ast-type';
    label.textContent = node.label;
    row.append(label);
    if (node.detail) {
      const d = document.createElement('span');
      d.className = 'ast-detail';
      d.textContent = ` ${node.detail}`;
      row.append(d);
    }
    const range = document.createElement('span');
    range.className = 'ast-range';
    range.textContent = ` [${node.start}, ${node.end})`;
    row.append(range);
    row.addEventListener('click', () => {
      view.dispatch({ selection: { anchor: node.start, head: Math.min(node.end, view.state.doc.length) }, scrollIntoView: true });
      view.focus();
    });
    li.append(row);
    astNodes.push({ node, el: row });
    if (node.children.length) {
      const ul = document.createElement('ul');
      for (const c of node.children) ul.append(build(c, depth + 1));
      li.append(ul);
    }
    return li;
  };
  const ul = document.createElement('ul');
  for (const n of analysis.ast) ul.append(build(n, 0));
  root.append(ul);
  if (!analysis.ast.length) root.textContent = 'No query.';
  highlightAstAt(view.state.selection.main.head);
}

/** Marks the innermost node under the cursor. */
function highlightAstAt(pos: number): void {
  let best: { node: AstNode; el: HTMLElement } | undefined;
  for (const entry of astNodes) {
    entry.el.classList.remove('current');
    const { node } = entry;
    if (node.start <= pos && pos <= node.end && (!best || node.end - node.start <= best.node.end - best.node.start)) best = entry;
  }
  if (best) {
    best.el.classList.add('current');
    if (!$('ast-panel').hidden) best.el.scrollIntoView({ block: 'nearest' });
  }
}

let firstShown = false;
function show(analysis: Analysis, roundTrip: number): void {
  const doc = view.state.doc;
  view.dispatch(setDiagnostics(view.state, analysis.diagnostics.map((d) => toDiagnostic(d, doc.length))), { effects: setTokens.of(tokenDecorations(analysis, doc)) });
  renderProblems(analysis);
  $('status').textContent = `checked in ${analysis.ms} ms (${Math.round(roundTrip)} ms round trip)`;
  document.body.dataset.analyzedVersion = String(version);
  if (!firstShown) {
    firstShown = true;
    performance.mark('first-diagnostics');
    document.body.dataset.firstDiagnosticsMs = String(Math.round(performance.now()));
    if (analysis.worker) {
      const { loadedMs, warmMs, loadedAt } = analysis.worker;
      document.body.dataset.workerStartup = JSON.stringify({ loadedMs, warmMs, loadedAtPageMs: Math.round(loadedAt - performance.timeOrigin), firstUpdateSentMs: Math.round(firstUpdateSent) });
    }
  }
  const v = version;
  ask({ kind: 'details' })
    .then((details) => {
      if (v !== version) return;
      renderAst(details);
      $('schema-info').textContent = details.schema;
      document.body.dataset.detailsVersion = String(v);
    })
    .catch(() => undefined);
}

// ---- the editor ------------------------------------------------------------------------------------------

const language = new Compartment();
const languageFor = (mode: Mode): Extension => (mode === 'toml' ? [StreamLanguage.define(toml), syntaxHighlighting(defaultHighlightStyle)] : []);

async function format(): Promise<boolean> {
  flush();
  const r = await ask({ kind: 'formatting' });
  if (r.edits.length) applyEdits(r.edits as TextEdit[], 'input.format');
  $('status').textContent = r.edits.length ? `formatted (${r.edits.length} edit${r.edits.length === 1 ? '' : 's'})` : r.skipped.length ? `not formatted: ${r.skipped[0].reason}` : 'already formatted';
  return true;
}

let signatureTimer: ReturnType<typeof setTimeout> | undefined;
const view = new EditorView({
  parent: $('editor'),
  state: EditorState.create({
    doc: '',
    extensions: [
      lineNumbers(), highlightActiveLineGutter(), history(), drawSelection(), highlightActiveLine(), bracketMatching(), highlightSelectionMatches(),
      lintGutter(), tokenField, tokenDecorationsExt, signatureField, hover, EditorView.lineWrapping,
      autocompletion({ override: [complete], activateOnTyping: true, icons: true }),
      language.of(languageFor('toml')),
      keymap.of([
        { key: 'Shift-Alt-f', run: () => { void format(); return true; } },
        { key: 'Mod-Shift-Space', run: () => { void updateSignature(); return true; } },
        ...completionKeymap, ...lintKeymap, ...searchKeymap, ...historyKeymap, ...defaultKeymap, indentWithTab,
      ]),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) changed();
        if (u.selectionSet || u.docChanged) {
          highlightAstAt(u.state.selection.main.head);
          // Signature help follows the cursor inside a call; closes outside one.
          const typed = u.transactions.some((t) => t.isUserEvent('input.type'));
          if (typed || u.state.field(signatureField)) {
            clearTimeout(signatureTimer);
            signatureTimer = setTimeout(() => void updateSignature(), 60);
          }
        }
      }),
      EditorView.theme({}, { dark: false }),
    ],
  }),
});

function load(state: PlaygroundState): void {
  modeSelect.value = state.mode;
  schemaSelect.value = state.schema.kind;
  mappingText.value = state.schema.kind === 'mapping' ? state.schema.text : '';
  mappingEcs.checked = state.schema.kind === 'mapping' && state.schema.ecs;
  syncSchemaUi();
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: state.text }, effects: language.reconfigure(languageFor(state.mode)), selection: { anchor: 0 } });
}

function syncSchemaUi(): void {
  $('mapping-box').hidden = schemaSelect.value !== 'mapping';
}

function settingsChanged(): void {
  view.dispatch({ effects: language.reconfigure(languageFor(modeSelect.value as Mode)) });
  syncSchemaUi();
  // Same text, new settings: analyze again.
  version++;
  if (!updateInFlight) flush();
  scheduleUrl();
}

modeSelect.addEventListener('change', settingsChanged);
schemaSelect.addEventListener('change', settingsChanged);
mappingEcs.addEventListener('change', settingsChanged);
let mappingTimer: ReturnType<typeof setTimeout> | undefined;
mappingText.addEventListener('input', () => {
  clearTimeout(mappingTimer);
  mappingTimer = setTimeout(settingsChanged, 200);
});

const exampleSelect = $<HTMLSelectElement>('example');
for (const [i, ex] of EXAMPLES.entries()) {
  const o = document.createElement('option');
  o.value = String(i);
  o.textContent = ex.title;
  exampleSelect.append(o);
}
exampleSelect.addEventListener('change', () => {
  const ex = EXAMPLES[Number(exampleSelect.value)];
  if (ex) load({ mode: ex.mode, schema: { kind: 'bundled' }, text: ex.text });
  exampleSelect.value = '';
});

$('format').addEventListener('click', () => void format());
$('share').addEventListener('click', async () => {
  await writeUrl();
  try {
    await navigator.clipboard.writeText(location.href);
    $('status').textContent = 'link copied';
  } catch {
    $('status').textContent = 'link in the address bar';
  }
});

for (const tab of document.querySelectorAll<HTMLButtonElement>('.tabs button')) {
  tab.addEventListener('click', () => {
    for (const t of document.querySelectorAll<HTMLButtonElement>('.tabs button')) t.classList.toggle('active', t === tab);
    for (const id of ['problems-panel', 'ast-panel', 'schema-panel']) $(id).hidden = id !== tab.dataset.panel;
    if (tab.dataset.panel === 'ast-panel') highlightAstAt(view.state.selection.main.head);
  });
}

const initial = (await decodeState(location.hash)) ?? { mode: EXAMPLES[0].mode, schema: { kind: 'bundled' as const }, text: EXAMPLES[0].text };
load(initial);
view.focus();

/** For the end-to-end test and the bench: the editor, and the versions shown. */
(window as unknown as { playground: unknown }).playground = { view, version: () => version };
