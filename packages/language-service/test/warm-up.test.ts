import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../src/index.js';
import { cursor, eqlRule, esqlRule, kqlRule } from './support.js';

const FILE = '/virtual/rules/warm_rule.toml';

describe('warmUp: the first completion of each language done ahead', () => {
  it('warms each query language once, a few completions, one per call, and nothing for a file without queries', () => {
    const service = createLanguageService({ noConfig: true });
    /** The languages of successive calls until one returns undefined. */
    const calls = (path: string, text: string) => {
      const out: Array<string | undefined> = [];
      for (let n = 0; n < 10 && (n === 0 || out[n - 1] !== undefined); n++) out.push(service.warmUp(path, text));
      return out;
    };
    const eql = eqlRule('process where process.name == "x"');
    // Inside the first dotted name, then three times at the end.
    expect(calls(FILE, eql)).toEqual(['eql', 'eql', 'eql', 'eql', undefined]);
    expect(service.warmUp(FILE, eql)).toBeUndefined();
    const esql = esqlRule('from logs-* | where host.name == "x"');
    expect(calls('/virtual/rules/b.toml', esql)).toEqual(['esql', 'esql', 'esql', 'esql', undefined]);
    // No dotted name: the end only.
    expect(calls('/virtual/rules/c.toml', kqlRule('no_dots : 1'))).toEqual(['kuery', 'kuery', 'kuery', undefined]);
    expect(service.warmUp('/virtual/rules/d.toml', '[metadata]\nmaturity = "production"\n')).toBeUndefined();
  });

  it('leaves every answer as it was: completions after it equal those of a service never warmed', () => {
    for (const marked of [eqlRule('process where process.parent.na<|>'), esqlRule('from logs-* | where process.na<|>'), kqlRule('host.os.t<|>')]) {
      const { text, offset } = cursor(marked);
      const warmed = createLanguageService({ noConfig: true });
      expect(warmed.warmUp(FILE, text)).toBeDefined();
      while (warmed.warmUp(FILE, text) !== undefined);
      const fresh = createLanguageService({ noConfig: true });
      expect(warmed.completions(FILE, text, offset)).toEqual(fresh.completions(FILE, text, offset));
      expect(warmed.diagnostics(FILE, text)).toEqual(fresh.diagnostics(FILE, text));
    }
  });
});
