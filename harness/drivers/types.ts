/**
 * One driver interface for launching a desktop client under test and driving
 * it with Playwright: `electron` (the real binary, Playwright's `_electron`) and
 * `chromium` (the same built app hosted in Chromium where Electron cannot run).
 */
import type { Page } from 'playwright-core';
import type { ClientLogEvent } from './client-event-log.ts';

export type DriverName = 'electron' | 'chromium';

export interface LaunchOptions {
  /** Path of the built main entry (e.g. electron-app/out/main/index.js). */
  main: string;
  /** Client variant (passed as `--tokenstorm-variant` and TOKENSTORM_VARIANT). */
  variant?: string;
  /** Mock IdP URL (passed as `--tokenstorm-idp` and TOKENSTORM_IDP_URL). */
  idpUrl?: string;
  /** Profile (userData) directory; a fresh temporary one when absent. Reused by `restart()`. */
  profileDir?: string;
  args?: string[];
  env?: Record<string, string>;
  /** `unavailable` reproduces Linux without a keyring (chromium driver). */
  safeStorage?: 'available' | 'unavailable';
  /** Allow `contextIsolation: false` / `nodeIntegration: true` windows (only for variants that test exactly that). */
  allowInsecureWebPreferences?: boolean;
  /** The "system browser": receives URLs the client opens with `shell.openExternal`. */
  onOpenExternal?: (url: string) => void | Promise<void>;
}

export interface RecordedCall {
  api: 'dialog' | 'notification' | 'shell';
  detail: Record<string, unknown>;
}

export interface ClientHandle {
  readonly driver: DriverName;
  readonly profileDir: string;
  /** Open windows, in creation order. */
  windows(): Page[];
  /** Resolves with the window at `index` (0-based) once it has loaded; rejects, naming the windows there are, if it has not opened within `timeoutMs` (WINDOW_WAIT_MS). */
  window(index?: number, timeoutMs?: number): Promise<Page>;
  /** Runs `fn(electron, arg)` in the main process (Playwright's ElectronApplication.evaluate contract). */
  evaluateMain<R, A = undefined>(fn: (electron: never, arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Cuts (or restores) the client's network: renderer and main process. */
  setOffline(offline: boolean): Promise<void>;
  /** Quits and relaunches on the same profile. */
  restart(): Promise<void>;
  /** Quits the app; its profile stays, and `restart()` relaunches on it. */
  close(): Promise<void>;
  /**
   * Quits the app if it runs and removes what the driver created on disk for it: the
   * chromium driver's stand-in keychain and, when the driver chose it, the profile
   * directory. A profile the caller passed is the caller's. No restart afterwards.
   */
  dispose(): Promise<void>;
  /** URLs handed to the system browser so far. */
  openedExternally(): string[];
  /** Dialogs, notifications and shell calls the client made. */
  recorded(): RecordedCall[];
  /** The client's structured event log (`<profile>/logs/events.jsonl`), as logged so far. */
  eventLog(): Promise<ClientLogEvent[]>;
  /** Lines the client process printed (stdout and stderr), for diagnostics. */
  output(): string;
  /**
   * When main and a window last messaged each other (ms since the epoch), where
   * the driver sees that traffic (the chromium driver relays it; Electron keeps it inside).
   */
  lastIpcAt?(): number;
}

export interface Driver {
  readonly name: DriverName;
  launch(options: LaunchOptions): Promise<ClientHandle>;
}

/** How long `ClientHandle.window(index)` waits for a window the app has not opened yet. */
export const WINDOW_WAIT_MS = 30_000;
