/**
 * Registers one handler per channel of the IPC contract, each behind the sender
 * check. A refused or failing call answers with the channel's failure value
 * (`{ success: false, code, error }`; `false` for `secure-storage:is-available`),
 * so the renderer always gets a code, never an Electron-wrapped message.
 */
import { failed } from '../shared/client-errors.ts';
import {
  INVOKE_CHANNELS,
  SEND_CHANNELS,
  type InvokeChannel,
  type InvokeResult,
  type SendChannel,
} from '../shared/ipc-contract.ts';
import { verifySender, type IpcSenderEvent, type TrustedSenders } from './ipc-guard.ts';

/** The part of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => void): void;
}

/** Arguments arrive unchecked from the renderer: each handler validates its own. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (windowId: string, ...args: unknown[]) => InvokeResult<C> | Promise<InvokeResult<C>>;
};

export type SendHandlers = {
  [C in SendChannel]: (windowId: string, ...args: unknown[]) => void;
};

export interface RegisterIpcOptions {
  ipcMain: IpcMainLike;
  trusted: TrustedSenders;
  invoke: InvokeHandlers;
  send: SendHandlers;
  /** Told about every refused message, and every fire-and-forget message whose handler threw (main logs both). */
  onRefused?: (channel: string, error: unknown) => void;
}

export function registerIpcHandlers(options: RegisterIpcOptions): void {
  const { ipcMain, trusted, invoke, send, onRefused } = options;
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args) => {
      let windowId: string;
      try {
        windowId = verifySender(event, trusted);
      } catch (error) {
        onRefused?.(channel, error);
        return failureOf(channel, error);
      }
      try {
        return await (invoke[channel] as (windowId: string, ...args: unknown[]) => unknown)(windowId, ...args);
      } catch (error) {
        return failureOf(channel, error);
      }
    });
  }
  for (const channel of SEND_CHANNELS) {
    ipcMain.on(channel, (event, ...args) => {
      let windowId: string;
      try {
        windowId = verifySender(event, trusted);
      } catch (error) {
        onRefused?.(channel, error);
        return;
      }
      try {
        send[channel](windowId, ...args);
      } catch (error) {
        onRefused?.(channel, error);
      }
    });
  }
}

function failureOf(channel: InvokeChannel, error: unknown): unknown {
  // The recipe's isAvailable() answers a plain boolean.
  return channel === 'secure-storage:is-available' ? false : failed(error);
}
