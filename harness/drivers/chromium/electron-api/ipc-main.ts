/**
 * `ipcMain` with Electron's semantics: one handler per channel for `invoke`
 * (a second `handle` throws), listeners for `send`, and invoke errors surfaced to
 * the renderer as "Error invoking remote method '<channel>': <error>".
 */
import { EventEmitter } from 'node:events';
import { assertCloneable } from './cloneable.ts';
import type { WebContents } from './web-contents.ts';

export interface IpcMainEvent {
  sender: WebContents;
  /** Always the top frame (the driver hosts no subframe IPC), so `parent` is null. */
  senderFrame: { url: string; origin: string; routingId: number; processId: number; parent: null };
  processId: number;
  frameId: number;
  returnValue?: unknown;
  reply(channel: string, ...args: unknown[]): void;
}

export type IpcMainInvokeEvent = Omit<IpcMainEvent, 'returnValue' | 'reply'>;

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class IpcMain extends EventEmitter {
  private readonly handlers = new Map<string, Handler>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: Handler): void {
    this.handle(channel, (event, ...args) => {
      this.handlers.delete(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** Driver side: runs the handler for an `ipcRenderer.invoke`; a result that cannot be cloned fails it, as in Electron. */
  async dispatchInvoke(event: IpcMainInvokeEvent, channel: string, args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    try {
      const result = await handler(event, ...args);
      assertCloneable(result);
      return result;
    } catch (error) {
      // Electron logs every failed handler in main, then rejects the renderer's invoke.
      console.error(`Error occurred in handler for '${channel}':`, error);
      const inner = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(`Error invoking remote method '${channel}': ${inner}`);
    }
  }

  /** Driver side: delivers an `ipcRenderer.send` / `sendSync` to listeners; returns `event.returnValue`. */
  dispatchSend(event: IpcMainEvent, channel: string, args: unknown[]): unknown {
    this.emit(channel, event, ...args);
    return event.returnValue;
  }
}

export const ipcMain = new IpcMain();
