/**
 * Messages between the chromium driver (harness process, owns Chromium) and the
 * client's main process (its own Node process, running the built main bundle
 * with `electron` resolved to tokenstorm's implementation). Carried over the
 * child's IPC channel with structured-clone serialisation.
 */

/** Electron's error shape crossing a boundary: rebuilt on the other side, checked by code. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
}

/** Main → host: requests the host answers. */
export type MainRequest =
  /** `sandbox`: false when the window asked for `sandbox: false` (the driver cannot give it, and says so). */
  | { kind: 'window:open'; windowId: number; webContentsId: number; preload: string | null; sandbox: boolean; width: number; height: number; show: boolean }
  | { kind: 'window:load'; windowId: number; url: string }
  | { kind: 'window:close'; windowId: number }
  | { kind: 'window:send'; windowId: number; channel: string; args: unknown[] }
  | { kind: 'shell:openExternal'; url: string }
  /** `relaunch`: main called `app.relaunch()` first, and the driver starts the app again once main has exited. */
  | { kind: 'app:quit'; exitCode: number; relaunch: boolean };

/** Main → host: things that happened, for the record. */
export type MainNotice =
  | { kind: 'ready' }
  /** `new BrowserWindow()` threw before any window existed: webPreferences the driver refuses. */
  | { kind: 'window:refused'; reason: string }
  | { kind: 'recorded'; api: 'dialog' | 'notification' | 'shell'; detail: Record<string, unknown> }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string };

/** Host → main. */
export type HostCommand =
  | { kind: 'ipc:invoke'; windowId: number; frameUrl: string; channel: string; args: unknown[] }
  | { kind: 'ipc:send'; windowId: number; frameUrl: string; channel: string; args: unknown[] }
  | { kind: 'ipc:sendSync'; windowId: number; frameUrl: string; channel: string; args: unknown[] }
  | { kind: 'window:navigate'; windowId: number; url: string }
  | { kind: 'window:closed'; windowId: number }
  | { kind: 'window:did-finish-load'; windowId: number }
  | { kind: 'window:open-request'; windowId: number; url: string }
  | { kind: 'evaluate'; source: string; arg: unknown }
  | { kind: 'network'; offline: boolean }
  | { kind: 'quit' };

/** Electron's message for a value structured clone cannot copy (an IPC reply, an argument). */
export const NOT_CLONABLE = 'An object could not be cloned.';

export type Envelope<T> = { id: number; type: 'request'; body: T } | { id: number; type: 'response'; ok: true; value: unknown } | { id: number; type: 'response'; ok: false; error: WireError } | { type: 'notice'; body: T };

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message, ...((error as { code?: string }).code ? { code: (error as { code?: string }).code } : {}) };
  return { name: 'Error', message: String(error) };
}

export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.code) (error as Error & { code?: string }).code = wire.code;
  return error;
}
