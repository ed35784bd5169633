/**
 * One driver interface for launching a desktop client under test and driving
 * it with Playwright: `electron` (the real binary, Playwright's `_electron`) and
 * `chromium` (the same built app hosted in Chromium where Electron cannot run).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { ClientLogEvent } from './client-event-log.ts';
import { describeValue } from '../../electron-app/src/core/caller-errors.ts';

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
  /**
   * Where to write a Playwright trace of each launch of the client (its windows: actions, DOM snapshots,
   * screenshots), `launch-<n>.zip` (launchTraceName), when the launch quits. Created when missing.
   */
  traceDir?: string;
}

/** The file a driver writes the trace of a client's `launch`-th start into (1 for the first, then one per restart). */
export function launchTraceName(launch: number): string {
  return `launch-${launch}.zip`;
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
  /**
   * Resolves with the window at `index` (0-based) once it has loaded. Rejects within `timeoutMs`
   * (WINDOW_WAIT_MS) saying why: the window did not open (naming the windows there are), it opened
   * but never loaded, its load failed, main exited, or the client was closed.
   */
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

/**
 * How long `ClientHandle.window(index)` waits for a window to open and load:
 * well under Playwright Test's default 30 s test timeout, so a window that never
 * comes is reported as such rather than as a timed-out test.
 */
export const WINDOW_WAIT_MS = 10_000;

/** What `window(index)` says when the app has not opened window `index` in time (both drivers). */
export function windowNotOpenedMessage(index: number, open: number, timeoutMs: number): string {
  const there = open === 0 ? 'the client has opened no window' : `the client has ${open} window(s) open (index 0 to ${open - 1})`;
  return `${there}; window ${index} did not open within ${timeoutMs} ms`;
}

/** What a call on a client that was closed or disposed says (both drivers). */
export function closedClientError(call: string, state: 'closed' | 'disposed'): Error {
  return new Error(state === 'closed' ? `${call}: the client is closed (close() was called); restart() relaunches it` : `${call}: the client was disposed; launch a new one`);
}

const OPTIONAL_STRINGS = ['variant', 'idpUrl', 'profileDir', 'traceDir'] as const;
const KNOWN_OPTIONS = new Set<string>(['main', ...OPTIONAL_STRINGS, 'args', 'env', 'safeStorage', 'allowInsecureWebPreferences', 'onOpenExternal']);

/**
 * Checks launch options once, for every driver: a caller's mistake is a
 * TypeError naming the option and what was expected, before anything starts
 * (a string `args` would otherwise be spread into characters, an unknown
 * `safeStorage` taken as available, a missing `main` fail inside Node later).
 * Last, that the main entry exists: a wrong path would otherwise launch and
 * fail only at `window()`, as Node's "Cannot find module … imported from <cwd>".
 */
export function checkLaunchOptions(options: unknown): asserts options is LaunchOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new TypeError(`launch options must be an object, got ${describeValue(options)}`);
  const given = options as Record<string, unknown>;
  const fail = (name: string, expected: string) => {
    throw new TypeError(`launch option "${name}" must be ${expected}, got ${describeValue(given[name])}`);
  };
  for (const name of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(name)) throw new TypeError(`unknown launch option "${name}": expected one of ${[...KNOWN_OPTIONS].join(', ')}`);
  }
  if (typeof given.main !== 'string' || given.main === '') fail('main', 'the path of the built main entry (a non-empty string)');
  for (const name of OPTIONAL_STRINGS) {
    if (given[name] !== undefined && (typeof given[name] !== 'string' || given[name] === '')) fail(name, 'a non-empty string when given');
  }
  if (typeof given.idpUrl === 'string' && !/^https?:\/\/./.test(given.idpUrl)) fail('idpUrl', 'an http(s) URL');
  if (given.args !== undefined) {
    if (!Array.isArray(given.args)) fail('args', 'an array of strings');
    const at = (given.args as unknown[]).findIndex((arg) => typeof arg !== 'string');
    if (at !== -1) throw new TypeError(`launch option "args" must be an array of strings; args[${at}] is ${describeValue((given.args as unknown[])[at])}`);
  }
  const env = given.env;
  if (env !== undefined) {
    if (typeof env !== 'object' || env === null || Array.isArray(env)) fail('env', 'an object whose values are strings');
    const bad = Object.entries(env as object).find(([, value]) => typeof value !== 'string');
    if (bad) throw new TypeError(`launch option "env" must be an object whose values are strings; env.${bad[0]} is ${describeValue(bad[1])}`);
  }
  if (given.safeStorage !== undefined && given.safeStorage !== 'available' && given.safeStorage !== 'unavailable') fail('safeStorage', '"available" or "unavailable"');
  if (given.allowInsecureWebPreferences !== undefined && typeof given.allowInsecureWebPreferences !== 'boolean') fail('allowInsecureWebPreferences', 'a boolean');
  if (given.onOpenExternal !== undefined && typeof given.onOpenExternal !== 'function') fail('onOpenExternal', 'a function (url) => void');
  checkMainEntry(given.main as string);
}

/** A file (or an app directory, as Electron takes one) at `main`; a relative path is resolved against the current directory, as both drivers start the app there. */
function checkMainEntry(main: string): void {
  const path = resolve(main);
  if (existsSync(path)) return;
  const from = isAbsolute(main) ? '' : ` (launch option "main" is ${JSON.stringify(main)}, resolved against ${process.cwd()})`;
  throw new TypeError(`main entry ${path} does not exist${from}`);
}
