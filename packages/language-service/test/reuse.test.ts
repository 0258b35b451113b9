/**
 * Reuse across versions (issue 19): an edit outside a query takes the previous version's parse of it.
 * Whatever is reused, every version's diagnostics (spans, ranges, messages, fixes) and editor features
 * must be exactly those of a from-scratch lint of that version.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../src/index.js';
import { DocumentCache } from '../src/documents.js';
import { eqlRule, esqlRule, kqlRule } from './support.js';

const OPTIONS = { noConfig: true };

/** The edits of a rule text made around its query, each as the edited text. */
function edits(text: string): Array<{ name: string; text: string; outside: boolean }> {
  const q = text.search(/^query = /m);
  const firstLineEnd = text.indexOf('\n', text.indexOf('\n', q) + 1);
  const out = [
    // A line added at the top: everything after it, the query included, moves one line down.
    { name: 'line added above', text: `# edited\n${text}`, outside: true },
    // The same line count, the query further right in the file.
    { name: 'text added above the query', text: text.replace(/^name = "/m, 'name = "Edited '), outside: true },
    { name: 'comment added after', text: `${text}\n# edited\n`, outside: true },
  ];
  if (q >= 0 && firstLineEnd > q) {
    out.push({ name: 'space added inside the query', text: text.slice(0, firstLineEnd) + ' ' + text.slice(firstLineEnd), outside: false });
  }
  return out;
}

/** Diagnostics, completion and semantic tokens of `text` after `before` was open (reuse) and from scratch. */
function compare(path: string, before: string, after: string) {
  const warm = createLanguageService(OPTIONS);
  warm.diagnostics(path, before);
  warm.completions(path, before, before.length >> 1);
  const cold = createLanguageService(OPTIONS);
  const at = after.search(/^query = /m) + 12;
  return {
    warm: { d: warm.diagnostics(path, after), c: warm.completions(path, after, at), h: warm.hover(path, after, at + 3), t: warm.semanticTokens(path, after) },
    cold: { d: cold.diagnostics(path, after), c: cold.completions(path, after, at), h: cold.hover(path, after, at + 3), t: cold.semanticTokens(path, after) },
  };
}

describe('reuse across versions', () => {
  it('takes the parse of a query an edit did not touch, and parses a query that changed', () => {
    const cache = new DocumentCache(OPTIONS);
    const path = '/virtual/rules/reuse_rule.toml';
    const text = eqlRule('process where process.name == "x.exe"');
    const first = cache.get(path, text).queries[0];
    for (const e of edits(text)) {
      cache.get(path, text);
      const next = cache.get(path, e.text).queries[0];
      if (e.outside) expect(next.ast, e.name).toBe(first.ast);
      else expect(next.ast, e.name).not.toBe(first.ast);
    }
  });

  it('keeps no older version alive (each version only holds the parses it took)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const cache = new DocumentCache(OPTIONS);
    const path = '/virtual/rules/reuse_rule.toml';
    const text = eqlRule('process where process.name == "x.exe"');
    const refs = (() => {
      const v1 = cache.get(path, text);
      const out = { state: new WeakRef(v1), ast: new WeakRef(v1.queries[0].ast as object) };
      v1.lint();
      return out;
    })();
    // Edits outside the query (the tree is taken), then inside it (a new tree), each linted.
    for (const e of edits(text)) cache.get(path, e.text).lint();
    for (let i = 0; i < 3; i++) cache.get(path, text.replace('x.exe', `x${i}.exe`)).lint();
    // A WeakRef holds its target until the job that made it ends.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(refs.state.deref()).toBeUndefined();
    expect(refs.ast.deref()).toBeUndefined();
  });

  const cases: Array<[string, string]> = [
    ['EQL', eqlRule('process where process.name == "x.exe" and process.parent.name : ("a.exe", "b.exe")')],
    ['KQL', kqlRule('process.name : "x.exe" and not host.os.type : "linux"')],
    ['ES|QL', esqlRule('from logs-endpoint.events.process-* | where process.name == "x.exe" | keep process.name')],
    // Syntax errors, some citing a line and column of the file: those must move with the query.
    ['EQL with an unclosed bracket', eqlRule('process where (process.name == "x.exe"')],
    ['ES|QL with an unclosed bracket', esqlRule('from logs-* | where (process.name == "x"')],
    ['KQL with an unclosed bracket', kqlRule('process.name : ("x" or "y"')],
    ['EQL with unknown fields', eqlRule('process where proces.name == "x.exe" and process.nme : "y"')],
  ];
  for (const [name, text] of cases) {
    it(`gives a from-scratch lint's results after each edit: ${name}`, () => {
      for (const e of edits(text)) {
        const { warm, cold } = compare('/virtual/rules/reuse_rule.toml', text, e.text);
        expect(warm, e.name).toEqual(cold);
      }
    });
  }

  const root = '../shared/corpus/detection-rules/rules';
  it.skipIf(!existsSync(root))('gives a from-scratch lint\'s diagnostics after each edit, on corpus rules of each language', () => {
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.toml')).sort();
    // Every 25th file, and the largest rule (the latency bench's).
    const picked = files.filter((_, i) => i % 25 === 0);
    const largest = files.reduce((a, f) => (readFileSync(join(root, f)).length > readFileSync(join(root, a)).length ? f : a), files[0]);
    picked.push(largest);
    const languages = new Set<string>();
    for (const f of picked) {
      const path = join(root, f);
      const text = readFileSync(path, 'utf8');
      languages.add(/^language = "(\w+)"/m.exec(text)?.[1] ?? '');
      for (const e of edits(text)) {
        const warm = createLanguageService(OPTIONS);
        warm.diagnostics(path, text);
        const cold = createLanguageService(OPTIONS);
        expect(warm.diagnostics(path, e.text), `${f}: ${e.name}`).toEqual(cold.diagnostics(path, e.text));
      }
    }
    expect([...languages].sort()).toEqual(expect.arrayContaining(['eql', 'esql', 'kuery']));
  });
});
