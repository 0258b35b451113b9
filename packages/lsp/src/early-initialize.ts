/**
 * Start-up (issue 19): the bundled server's entry module answers `initialize` before it loads anything.
 * The answer is static data (capabilities.ts, turned into JSON at build time), so the entry does not wait
 * for vscode-languageserver, the code cache or the server: it reads the first message itself (stdio or
 * Node IPC, the transports of the editors), answers it, and only then loads the bundles. The connection
 * (early-connection.ts) then takes over: it is given the same `initialize` request, so vscode-languageserver
 * sets up its state (client capabilities, the parent-process watchdog, trace) as on any start, and its own
 * answer to that request is dropped, not sent twice. Nothing but Node's globals here: this code runs before
 * any module is loaded (packages/lsp/build.mjs inlines it in the entry).
 */

/** Where the entry leaves its `EarlyStart` for the connection (main.ts) of the bundle it loads. */
export const EARLY_START = Symbol.for('esql-lint.early-start');

/** What the entry did before the bundles were loaded. */
export interface EarlyStart {
  transport: 'stdio' | 'ipc';
  /** The id of the `initialize` request the entry answered (undefined: it answered nothing). */
  answeredId?: number | string;
  /**
   * Stops the entry's reading and gives back what it read: over stdio the bytes go back to the front of
   * `process.stdin` (left paused: the connection resumes it); over IPC the messages are returned, in order.
   */
  takeOver(): unknown[];
}

/** The transport the command line asks for (main.ts's rule: none named means stdio); undefined for a socket or a pipe. */
export function transportOf(argv: readonly string[]): 'stdio' | 'ipc' | undefined {
  if (argv.some((a) => a.startsWith('--socket') || a.startsWith('--pipe'))) return undefined;
  return argv.includes('--node-ipc') ? 'ipc' : 'stdio';
}

/** The first JSON-RPC message framed in `buf` (LSP's base protocol), or undefined while it is incomplete; null when `buf` is not a message. */
export function firstMessage(buf: Buffer): { message: unknown; end: number } | undefined | null {
  const head = buf.indexOf('\r\n\r\n');
  if (head < 0) return buf.length > 8192 ? null : undefined;
  const length = /(?:^|\r\n)content-length: *(\d+) *(?:\r\n|$)/i.exec(buf.toString('latin1', 0, head));
  if (!length) return null;
  const end = head + 4 + Number(length[1]);
  if (buf.length < end) return undefined;
  try {
    return { message: JSON.parse(buf.toString('utf8', head + 4, end)), end };
  } catch {
    return null;
  }
}

/** The id of an `initialize` request, or undefined for any other message. */
function initializeId(message: unknown): number | string | undefined {
  const m = message as { method?: unknown; id?: unknown } | null;
  const id = m?.id;
  return m && typeof m === 'object' && m.method === 'initialize' && (typeof id === 'number' || typeof id === 'string') ? id : undefined;
}

/** The framed response to request `id` with `resultJson` (a JSON text) as its result. */
export function responseFrame(id: number | string, resultJson: string): string {
  const body = `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${resultJson}}`;
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/**
 * Waits for the client's first message; if it is `initialize`, answers it with `resultJson`; then calls
 * `ready` (also at once for a socket or pipe transport: `undefined`, nothing read).
 */
export function answerInitializeEarly(resultJson: string, ready: (early: EarlyStart | undefined) => void, proc: NodeJS.Process = process): void {
  const transport = transportOf(proc.argv.slice(2));
  if (transport === 'ipc' && typeof proc.send === 'function') {
    const messages: unknown[] = [];
    let answeredId: number | string | undefined;
    const onMessage = (message: unknown) => {
      messages.push(message);
      if (messages.length > 1) return;
      answeredId = initializeId(message);
      if (answeredId !== undefined) proc.send!({ jsonrpc: '2.0', id: answeredId, result: JSON.parse(resultJson) });
      ready({ transport, answeredId, takeOver: () => (proc.off('message', onMessage), messages.splice(0)) });
    };
    proc.on('message', onMessage);
    return;
  }
  if (transport !== 'stdio') return ready(undefined);
  const stdin = proc.stdin;
  let buf: Buffer = Buffer.alloc(0);
  let done = false;
  const finish = (answeredId: number | string | undefined) => {
    done = true;
    stdin.pause();
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    ready({
      transport,
      answeredId,
      takeOver: () => {
        if (buf.length) stdin.unshift(buf);
        buf = Buffer.alloc(0);
        return [];
      },
    });
  };
  const onData = (chunk: Buffer) => {
    if (done) return;
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    const first = firstMessage(buf);
    if (first === undefined) return;
    const id = first ? initializeId(first.message) : undefined;
    if (id !== undefined) proc.stdout.write(responseFrame(id, resultJson));
    finish(id);
  };
  // The client closed stdin before a whole message: exit as the connection does at the end of its input.
  const onEnd = () => {
    if (!done) proc.exit(1);
  };
  stdin.on('data', onData);
  stdin.on('end', onEnd);
}
