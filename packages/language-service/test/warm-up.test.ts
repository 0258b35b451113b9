import { describe, expect, it } from 'vitest';
import { createLanguageService } from '../src/index.js';
import { cursor, eqlRule, esqlRule, kqlRule } from './support.js';

const FILE = '/virtual/rules/warm_rule.toml';

describe('warmUp: the first completion of each language done ahead', () => {
  it('warms each query language once, one per call, and nothing for a file without queries', () => {
    const service = createLanguageService({ noConfig: true });
    const eql = eqlRule('process where process.name == "x"');
    expect(service.warmUp(FILE, eql)).toBe('eql');
    expect(service.warmUp(FILE, eql)).toBeUndefined();
    const esql = esqlRule('from logs-* | where host.name == "x"');
    expect(service.warmUp('/virtual/rules/b.toml', esql)).toBe('esql');
    expect(service.warmUp('/virtual/rules/c.toml', kqlRule('no_dots : 1'))).toBe('kuery');
    expect(service.warmUp('/virtual/rules/c.toml', kqlRule('no_dots : 1'))).toBeUndefined();
    expect(service.warmUp('/virtual/rules/d.toml', '[metadata]\nmaturity = "production"\n')).toBeUndefined();
  });

  it('leaves every answer as it was: completions after it equal those of a service never warmed', () => {
    for (const marked of [eqlRule('process where process.parent.na<|>'), esqlRule('from logs-* | where process.na<|>'), kqlRule('host.os.t<|>')]) {
      const { text, offset } = cursor(marked);
      const warmed = createLanguageService({ noConfig: true });
      expect(warmed.warmUp(FILE, text)).toBeDefined();
      const fresh = createLanguageService({ noConfig: true });
      expect(warmed.completions(FILE, text, offset)).toEqual(fresh.completions(FILE, text, offset));
      expect(warmed.diagnostics(FILE, text)).toEqual(fresh.diagnostics(FILE, text));
    }
  });
});
