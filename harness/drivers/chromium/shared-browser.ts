/**
 * One Chromium per process, shared by every client the chromium driver
 * launches: each client gets its own browser context (its own storage,
 * cookies and network state), which takes milliseconds where launching a
 * browser takes most of a second. The browser closes once no client has used
 * it for IDLE_MS, so a script that launched clients still exits.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const IDLE_MS = 2_000;

/** Debian's packages: `chromium`, and `chromium-headless-shell`, the old headless mode on its own (what Playwright itself runs headless). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const DEBIAN_HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';

/**
 * The Chromium to launch: `TOKENSTORM_CHROMIUM` when set; headless, Debian's
 * headless shell where it is installed; else Debian's `chromium`. Since
 * Chromium 132 `chromium --headless` is the whole browser without a screen: each
 * new window brings its own browser-UI renderer (`--top-chrome-webui`), about a
 * CPU-second each. The headless shell has none and runs the same pages.
 */
export function chromiumExecutable(headless = true, env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): string {
  if (env.TOKENSTORM_CHROMIUM) return env.TOKENSTORM_CHROMIUM;
  return headless && exists(DEBIAN_HEADLESS_SHELL) ? DEBIAN_HEADLESS_SHELL : DEBIAN_CHROMIUM;
}

export interface BrowserLaunch {
  executablePath: string;
  headless: boolean;
}

interface Shared {
  key: string;
  browser: Promise<Browser>;
  users: number;
  idle: NodeJS.Timeout | undefined;
}

const browsers = new Map<string, Shared>();

/** Takes a browser out of sharing and closes it. */
async function retire(shared: Shared): Promise<void> {
  clearTimeout(shared.idle);
  if (browsers.get(shared.key) === shared) browsers.delete(shared.key);
  await (await shared.browser.catch(() => undefined))?.close().catch(() => undefined);
}

/** Closes every shared browser no client is using now, without waiting out IDLE_MS (for a script that is done, or a benchmark that wants a cold start). */
export async function closeIdleBrowsers(): Promise<void> {
  await Promise.all([...browsers.values()].filter((shared) => shared.users === 0).map(retire));
}

export interface BrowserLease {
  browser: Browser;
  /** Hands the browser back; the last lease to go starts the idle timer. */
  release(): void;
}

export async function leaseBrowser(launch: BrowserLaunch): Promise<BrowserLease> {
  const key = `${launch.executablePath}\0${launch.headless}`;
  let shared = browsers.get(key);
  if (!shared) {
    // Playwright's own SIGINT/SIGTERM handlers would close the browser and exit at once, racing the
    // harness's teardown of the run under way (its profile and keychain): the harness decides when to stop.
    const browser = chromium.launch({ executablePath: launch.executablePath, headless: launch.headless, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const created: Shared = { key, browser, users: 0, idle: undefined };
    const forget = () => {
      if (browsers.get(key) === created) browsers.delete(key);
    };
    // A browser that failed to start, crashed or was closed is launched afresh by the next lease.
    created.browser.then((browser) => browser.on('disconnected', forget), forget);
    browsers.set(key, created);
    shared = created;
  }
  const lease = shared;
  clearTimeout(lease.idle);
  lease.idle = undefined;
  lease.users += 1;
  let browser: Browser;
  try {
    browser = await lease.browser;
  } catch (error) {
    lease.users -= 1;
    throw error;
  }
  let released = false;
  return {
    browser,
    release() {
      if (released) return;
      released = true;
      lease.users -= 1;
      if (lease.users === 0) lease.idle = setTimeout(() => void retire(lease), IDLE_MS);
    },
  };
}
