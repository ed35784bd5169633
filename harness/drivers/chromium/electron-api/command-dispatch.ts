/** Runs the driver's commands in the main process: IPC from windows, page events, evaluate, network, quit. */
import type { HostCommand } from '../host-protocol.ts';
import { app } from './app.ts';
import { BrowserWindow } from './browser-window.ts';
import { evaluateResult } from './cloneable.ts';
import { hostLink } from './host-link.ts';
import { ipcMain, type IpcMainEvent } from './ipc-main.ts';
import { setMainProcessOffline } from './network.ts';
import electron from './index.ts';

function eventFor(windowId: number, frameUrl: string): IpcMainEvent {
  const window = BrowserWindow.fromId(windowId);
  if (!window) throw new Error(`no window ${windowId}`);
  let origin = 'null';
  try {
    origin = new URL(frameUrl).origin;
  } catch {
    // about:blank and the like
  }
  return {
    sender: window.webContents,
    // The page's top frame: Electron's `parent` is null there (the app's sender check reads it).
    senderFrame: { url: frameUrl, origin, routingId: 1, processId: window.id, parent: null },
    processId: window.id,
    frameId: 1,
    reply: (channel, ...args) => window.webContents.send(channel, ...args),
  };
}

export function startCommandDispatch(): void {
  hostLink().onRequest(async (command: HostCommand) => {
    switch (command.kind) {
      case 'ipc:invoke':
        return ipcMain.dispatchInvoke(eventFor(command.windowId, command.frameUrl), command.channel, command.args);
      case 'ipc:send':
        ipcMain.dispatchSend(eventFor(command.windowId, command.frameUrl), command.channel, command.args);
        return null;
      case 'ipc:sendSync':
        return ipcMain.dispatchSend(eventFor(command.windowId, command.frameUrl), command.channel, command.args) ?? null;
      case 'window:navigate': {
        const window = BrowserWindow.fromId(command.windowId);
        return { prevented: window ? window.webContents.willNavigate(command.url) : true };
      }
      case 'window:open-request': {
        const window = BrowserWindow.fromId(command.windowId);
        return { action: window ? window.webContents.decideWindowOpen(command.url) : 'deny' };
      }
      case 'window:did-finish-load': {
        const window = BrowserWindow.fromId(command.windowId);
        window?.webContents.emit('did-finish-load');
        window?.emit('ready-to-show');
        return null;
      }
      case 'window:closed':
        BrowserWindow.fromId(command.windowId)?.markClosed();
        return null;
      case 'evaluate': {
        // Same contract as Playwright's ElectronApplication.evaluate: fn(electron, arg), a non-serializable result undefined.
        // And as there, after the main's top-level code: Playwright holds `ready` back until it has attached.
        await app.whenReady();
        const fn = new Function(`return (${command.source})`)() as (electronModule: unknown, arg: unknown) => unknown;
        return evaluateResult(await fn(electron, command.arg));
      }
      case 'network':
        setMainProcessOffline(command.offline);
        return null;
      case 'quit':
        app.quit();
        return null;
    }
  });
}
