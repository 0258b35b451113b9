/**
 * Start-up (issue 19): a vscode-jsonrpc message strategy that lets the `initialize` request (and responses
 * to the server's own requests) through and holds every other message until `open()`, then hands them
 * over in the order they came. The bundled entry answers `initialize` at once and loads the linter
 * meanwhile; no notification reaches the connection before the handlers that want it are registered.
 */
import { Message, type MessageStrategy } from 'vscode-languageserver';

export interface StartGate extends MessageStrategy {
  /** Hands the held messages over, and every later one at once. */
  open(): void;
}

export function startGate(): StartGate {
  let isOpen = false;
  const held: Message[] = [];
  let deliver: ((message: Message) => void) | undefined;
  return {
    handleMessage(message, next) {
      deliver = next;
      if (isOpen || Message.isResponse(message) || (Message.isRequest(message) && message.method === 'initialize')) next(message);
      else held.push(message);
    },
    open() {
      if (isOpen) return;
      isOpen = true;
      for (const message of held.splice(0)) deliver?.(message);
    },
  };
}
