import { describe, expect, it } from 'vitest';
import { parseRuleDocument } from '../src/index.js';

const at = (text: string, s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);

describe('indicator match rules', () => {
  it('reads the threat_query in threat_language, mapped through basic-string escapes', () => {
    const text = [
      '[rule]',
      'type = "threat_match"',
      'language = "kuery"',
      'threat_language = "kuery"',
      'threat_query = """',
      'threat.indicator.ip:* and \\',
      '  event.module:threatintel',
      '"""',
      "query = '''",
      'source.ip:*',
      "'''",
      '',
    ].join('\n');
    const doc = parseRuleDocument(text, 't.toml');
    expect(doc.queries.map((q) => [q.key, q.language, q.text])).toEqual([
      ['query', 'kuery', 'source.ip:*\n'],
      ['threat_query', 'kuery', 'threat.indicator.ip:* and event.module:threatintel\n'],
    ]);
    const t = doc.queries[1];
    const i = t.text.indexOf('event.module');
    expect(text.slice(t.map.toHost(i), t.map.toHost(i + 12, 'end'))).toBe('event.module');
  });

  it('locates values inside nested arrays of tables (threat_mapping entries)', () => {
    const text = [
      '[rule]',
      '[[rule.threat_mapping]]',
      '[[rule.threat_mapping.entries]]',
      'field = "a"',
      '[[rule.threat_mapping.entries]]',
      'field = "b"',
      '[[rule.threat_mapping]]',
      '[[rule.threat_mapping.entries]]',
      'field = "c"',
      '',
    ].join('\n');
    const doc = parseRuleDocument(text, 'n.toml');
    expect(at(text, doc.valueSpan(['rule', 'threat_mapping', 0, 'entries', 1, 'field']))).toBe('"b"');
    expect(at(text, doc.valueSpan(['rule', 'threat_mapping', 1, 'entries', 0, 'field']))).toBe('"c"');
  });
});
