/**
 * Request/response and notices over a Node IPC channel (a child's `process`, or
 * the parent's `ChildProcess`), with structured-clone serialisation.
 */
import { fromWireError, NOT_CLONABLE, toWireError, type Envelope } from './host-protocol.ts';

export interface Endpoint {
  /** With a callback, a failed send (EPIPE: the other process is exiting) is reported to it instead of as an 'error' event. */
  send(message: unknown, callback: (error: Error | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

export interface RpcChannel<Out, In> {
  request<T = unknown>(body: Out): Promise<T>;
  notify(body: Out): void;
  onRequest(handler: (body: In) => unknown): void;
  onNotice(handler: (body: In) => void): void;
  /** Rejects every pending request (the other side is gone). */
  close(reason: string): void;
}

const ignoreSendError = () => undefined;

/** Node throws synchronously when a message cannot be serialised; a closed channel is reported to the callback, or throws these. */
const DISCONNECTED = new Set(['ERR_IPC_CHANNEL_CLOSED', 'ERR_IPC_DISCONNECTED', 'EPIPE']);

function notClonable(error: Error): Error {
  return new Error(`${NOT_CLONABLE} (${error.message})`);
}

export function createRpcChannel<Out, In>(endpoint: Endpoint): RpcChannel<Out, In> {
  let nextId = 1;
  let closed: string | undefined;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let requestHandler: ((body: In) => unknown) | undefined;
  let noticeHandler: ((body: In) => void) | undefined;
  // Requests that arrive before this side installs its handler wait for it (start-up order is not ours to choose).
  const early: Array<{ id: number; body: In }> = [];

  const listener = (raw: unknown) => {
    const message = raw as Envelope<In>;
    if (message.type === 'notice') return noticeHandler?.(message.body);
    if (message.type === 'response') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (!waiter) return undefined;
      return message.ok ? waiter.resolve(message.value) : waiter.reject(fromWireError(message.error));
    }
    if (!requestHandler) {
      early.push({ id: message.id, body: message.body });
      return undefined;
    }
    answer(message.id, message.body);
    return undefined;
  };
  endpoint.on('message', listener);

  function answer(id: number, body: In): void {
    Promise.resolve()
      .then(() => requestHandler!(body))
      .then(
        (value) => {
          // A value structured clone cannot copy: the requester gets an error rather than waiting for good.
          const failed = trySend({ id, type: 'response', ok: true, value });
          if (failed) trySend({ id, type: 'response', ok: false, error: toWireError(notClonable(failed)) });
        },
        (error: unknown) => trySend({ id, type: 'response', ok: false, error: toWireError(error) }),
      );
  }

  /** Sends `message`; returns the error when it cannot be serialised. A channel that is gone is not an error here. */
  function trySend(message: unknown): Error | undefined {
    if (closed) return undefined;
    // The other process may be gone or on its way out (a restart): its pending requests are rejected by close().
    // Without the callback, Node reports a failed send as an 'error' event that nothing handles.
    try {
      endpoint.send(message, ignoreSendError);
      return undefined;
    } catch (error) {
      if (DISCONNECTED.has((error as { code?: string }).code ?? '')) return undefined;
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  return {
    request(body) {
      if (closed) return Promise.reject(new Error(`channel closed: ${closed}`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        const failed = trySend({ id, type: 'request', body });
        if (failed) {
          pending.delete(id);
          reject(notClonable(failed));
        }
      });
    },
    notify(body) {
      const failed = trySend({ type: 'notice', body });
      if (failed) throw notClonable(failed);
    },
    onRequest(handler) {
      requestHandler = handler;
      for (const { id, body } of early.splice(0)) answer(id, body);
    },
    onNotice: (handler) => void (noticeHandler = handler),
    close(reason) {
      closed = reason;
      endpoint.off('message', listener);
      for (const waiter of pending.values()) waiter.reject(new Error(`channel closed: ${reason}`));
      pending.clear();
    },
  };
}
