/**
 * Start-up (issue 19): the connection of a server whose entry answered `initialize` already
 * (early-initialize.ts). It reads what the entry read, then the rest, as vscode-languageserver's own
 * `--stdio` / `--node-ipc` connections do, and drops its own answer to that `initialize` (the client has
 * it): the request still goes through the connection, so vscode-languageserver's state is as on any start.
 */
import { format } from 'node:util';
import {
  AbstractMessageReader, createConnection, IPCMessageReader, IPCMessageWriter, Message, ProposedFeatures, StreamMessageWriter,
  type Connection, type DataCallback, type Disposable, type MessageReader, type MessageStrategy, type MessageWriter,
} from 'vscode-languageserver/node.js';
import type { EarlyStart } from './early-initialize.js';

/** A writer that passes every message to `inner` but the response to request `id`, once. */
export function droppingResponse(inner: MessageWriter, id: number | string | undefined): MessageWriter {
  let pending = id !== undefined;
  return {
    onError: inner.onError,
    onClose: inner.onClose,
    end: () => inner.end(),
    dispose: () => inner.dispose(),
    write(message: Message) {
      if (pending && Message.isResponse(message) && message.id === id) {
        pending = false;
        return Promise.resolve();
      }
      return inner.write(message);
    },
  };
}

/** A reader that delivers `first`, then what `inner` reads. */
class ReplayReader extends AbstractMessageReader {
  constructor(private readonly inner: MessageReader, private readonly first: Message[]) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }
  listen(callback: DataCallback): Disposable {
    for (const m of this.first.splice(0)) callback(m);
    return this.inner.listen(callback);
  }
}

/** What vscode-languageserver's `--stdio` connection does to the console: its output would corrupt the protocol on stdout. */
function consoleToConnection(connection: Connection): void {
  const to = (log: (message: string) => void) => (...args: unknown[]) => log(format(...args));
  console.log = console.info = console.debug = to((m) => connection.console.log(m));
  console.warn = to((m) => connection.console.warn(m));
  console.error = to((m) => connection.console.error(m));
  console.trace = to((m) => connection.console.log(`Trace: ${m}\n${new Error().stack?.replace(/(.+\n){2}/, '') ?? ''}`));
}

/** The connection after an early start, on the transport the entry read from. */
export function earlyConnection(early: EarlyStart, messageStrategy: MessageStrategy): Connection {
  const read = early.takeOver() as Message[];
  if (early.transport === 'ipc') {
    const reader = new ReplayReader(new IPCMessageReader(process), read);
    return createConnection(ProposedFeatures.all, reader, droppingResponse(new IPCMessageWriter(process), early.answeredId), { messageStrategy });
  }
  // process.stdin as a stream: vscode-languageserver reads it (the entry's bytes first) and exits at its end, as with --stdio.
  // The writer as is: vscode-jsonrpc wraps only a stream (with `addListener`) in a StreamMessageWriter.
  const writer = droppingResponse(new StreamMessageWriter(process.stdout), early.answeredId) as unknown as NodeJS.WritableStream;
  const connection = createConnection(ProposedFeatures.all, process.stdin, writer, { messageStrategy });
  consoleToConnection(connection);
  return connection;
}
