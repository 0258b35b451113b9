import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../src/index.js';
import type { CompletionItem } from '../src/types.js';
import { cursor, eqlRule, kqlRule } from './support.js';

const FILE = '/virtual/rules/ranking_rule.toml';

/** The field labels of a completion, in order. */
const fields = (items: CompletionItem[]) => items.filter((i) => i.kind === 'field').map((i) => i.label);

/** Completions of a service that has answered nothing before (no cached ranking). */
function fresh(marked: string): CompletionItem[] {
  const { text, offset } = cursor(marked);
  return createLanguageService({ noConfig: true }).completions(FILE, text, offset).items;
}

// Field rankings are cached by the names the query uses (their content, not the syntax tree they come
// from): an edit that leaves them as they were reuses the ranking, one that uses a new field ranks again.
describe('the field ranking after edits', () => {
  it('ranks a field the edit starts using first, and gives what a fresh service gives after every edit', () => {
    const service = createLanguageService({ noConfig: true });
    const versions = [
      eqlRule('process where process.name == "a" and <|>'),
      eqlRule('process where process.name == "a"  and <|>'),
      eqlRule('process where process.name == "a" and user.name == "b" and <|>'),
      eqlRule('process where process.name == "a" and <|>'),
    ];
    for (const marked of versions) {
      const { text, offset } = cursor(marked);
      service.diagnostics(FILE, text);
      const items = service.completions(FILE, text, offset).items;
      expect(items).toEqual(fresh(marked));
    }
    const { text, offset } = cursor(versions[2]);
    expect(fields(service.completions(FILE, text, offset).items).slice(0, 2).sort()).toEqual(['process.name', 'user.name']);
    const first = cursor(versions[3]);
    expect(fields(service.completions(FILE, first.text, first.offset).items)[0]).toBe('process.name');
    expect(fields(service.completions(FILE, first.text, first.offset).items).slice(0, 5)).not.toContain('user.name');
  });

  it('stays right past the rankings it keeps: many used sets, then the first again', () => {
    const service = createLanguageService({ noConfig: true });
    const names = ['host.name', 'user.name', 'process.pid', 'file.path', 'source.ip', 'destination.port', 'event.action', 'url.path', 'dns.question.name', 'registry.path'];
    const versions = names.map((n) => kqlRule(`${n} : "x" and <|>`));
    for (const marked of [...versions, versions[0], versions[5]]) {
      const { text, offset } = cursor(marked);
      const items = service.completions(FILE, text, offset).items;
      expect(items).toEqual(fresh(marked));
      expect(fields(items)[0]).toBe(names[versions.indexOf(marked)]);
    }
  });
});
