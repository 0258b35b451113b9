// The playground's URL state: what a link holds comes back exactly, whatever the text.
import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, type PlaygroundState } from '../src/state.js';

describe('playground URL state', () => {
  it('round-trips a rule, its mode and its schema exactly', async () => {
    const states: PlaygroundState[] = [
      { mode: 'toml', schema: { kind: 'bundled' }, text: '[rule]\nquery = """\nprocess where proces.name == "a"\n"""\n' },
      { mode: 'esql', schema: { kind: 'mapping', text: '{"mappings":{"properties":{"a":{"type":"keyword"}}}}', ecs: true }, text: 'FROM logs-* | KEEP a' },
      { mode: 'kql', schema: { kind: 'mapping', text: '- name: x\n  type: keyword\n', ecs: false }, text: 'x : "é \u{1F600} \u0000 \r\n"' },
      { mode: 'eql', schema: { kind: 'bundled' }, text: '' },
      { mode: 'toml', schema: { kind: 'bundled' }, text: 'x'.repeat(200_000) },
    ];
    for (const state of states) {
      const fragment = await encodeState(state);
      expect(fragment).toMatch(/^s=[A-Za-z0-9_-]+$/);
      expect(await decodeState(`#${fragment}`)).toEqual(state);
    }
    // Compressed: a long repetitive rule makes a short link.
    expect((await encodeState(states[4])).length).toBeLessThan(2000);
  });

  it('ignores fragments that hold no state or a broken one', async () => {
    for (const f of ['', '#', '#x=1', '#s=', '#s=AAAA', '#s=not*base64']) expect(await decodeState(f), f).toBeUndefined();
  });
});
