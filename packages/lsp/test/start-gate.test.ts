// The start gate of the bundled server's entry: `initialize` and responses pass at once, everything else
// waits for open() and is then handed over in arrival order; after open() nothing waits.
import type { Message } from 'vscode-languageserver';
import { describe, expect, it } from 'vitest';
import { startGate } from '../src/start-gate.js';

describe('start gate', () => {
  it('lets initialize and responses through, holds the rest until open, in order', () => {
    const gate = startGate();
    const got: string[] = [];
    const next = (m: Message) => got.push(JSON.stringify(m));
    const msgs: Message[] = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} } as Message,
      { jsonrpc: '2.0', method: 'initialized', params: {} } as Message,
      { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { n: 1 } } as Message,
      { jsonrpc: '2.0', id: 7, result: null } as Message,
      { jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: {} } as Message,
    ];
    for (const m of msgs) gate.handleMessage(m, next);
    expect(got).toEqual([msgs[0], msgs[3]].map((m) => JSON.stringify(m)));
    gate.open();
    expect(got).toEqual([msgs[0], msgs[3], msgs[1], msgs[2], msgs[4]].map((m) => JSON.stringify(m)));
    const later = { jsonrpc: '2.0', method: 'exit' } as Message;
    gate.handleMessage(later, next);
    expect(got.at(-1)).toBe(JSON.stringify(later));
    gate.open();
    expect(got).toHaveLength(6);
  });
});
