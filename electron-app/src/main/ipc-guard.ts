/**
 * Sender checks for every IPC message (Electron security checklist, "Validate
 * the sender of all IPC messages"): it must come from the top frame of one of
 * the app's own windows, showing the app's own renderer page. Anything else —
 * a subframe, another page the window was tricked into loading, a webContents
 * main did not create — is refused with IPC_FORBIDDEN and never reaches a handler.
 */
import { ClientError } from '../shared/client-errors.ts';

/** The part of Electron's `IpcMainEvent` / `IpcMainInvokeEvent` the check reads. */
export interface IpcSenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface TrustedSenders {
  /** The window id (`w1`, …) of a webContents main created, or null. */
  windowIdOf(webContentsId: number): string | null;
  /** The renderer page's URL as loaded (`file:///…/out/renderer/index.html`). */
  readonly rendererUrl: string;
}

/** Returns the sending window's id, or throws IPC_FORBIDDEN saying why. */
export function verifySender(event: IpcSenderEvent, trusted: TrustedSenders): string {
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) throw forbidden('the sending frame has navigated away or been destroyed');
  if (frame.parent !== null && frame.parent !== undefined) throw forbidden('sent from a subframe; only the top frame may use the bridge');
  const windowId = trusted.windowIdOf(event.sender.id);
  if (windowId === null) throw forbidden(`webContents ${event.sender.id} is not one of the app's windows`);
  if (withoutQueryAndHash(frame.url) !== withoutQueryAndHash(trusted.rendererUrl)) {
    throw forbidden(`sent by ${describeUrl(frame.url)}, not by the app's renderer page`);
  }
  return windowId;
}

function forbidden(reason: string): ClientError {
  return new ClientError('IPC_FORBIDDEN', `IPC refused: ${reason}`);
}

function withoutQueryAndHash(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return `invalid:${url}`;
  }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? `file ${parsed.pathname}` : parsed.origin;
  } catch {
    return 'an unparseable URL';
  }
}
