/**
 * The `electron` driver: the real Electron binary through Playwright's
 * `_electron.launch`. The profile is passed as TOKENSTORM_USER_DATA (the client
 * calls `app.setPath('userData', …)` with it) so `restart()` reuses it.
 */
import { rmSync } from 'node:fs';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { readClientEventLog, type ClientLogEvent } from '../client-event-log.ts';
import { checkLaunchOptions, closedClientError, WINDOW_WAIT_MS, windowNotOpenedMessage, type ClientHandle, type Driver, type LaunchOptions, type RecordedCall } from '../types.ts';
import { findElectronBinary } from './find-electron.ts';
import { ownedTempDir } from '../owned-temp-dir.ts';
import { startLaunchTrace, stopLaunchTrace } from '../launch-trace.ts';

export interface ElectronDriverOptions {
  /** Path of the Electron executable; found through the `electron` package when absent. */
  executablePath?: string;
}

export function createElectronDriver(driverOptions: ElectronDriverOptions = {}): Driver {
  return {
    name: 'electron',
    async launch(options) {
      checkLaunchOptions(options);
      const executablePath = driverOptions.executablePath ?? findElectronBinary().path;
      const client = new ElectronClient(options, executablePath);
      try {
        await client.start();
      } catch (error) {
        // A launch that failed leaves no profile the driver chose behind.
        await client.dispose();
        throw error;
      }
      return client;
    },
  };
}

/** Replaces shell.openExternal in main so URLs reach the harness instead of the desktop's browser. */
function captureOpenExternal(electron: { shell: { openExternal(url: string): Promise<void> } }): void {
  const sink = globalThis as unknown as { __tokenstormExternal?: string[] };
  sink.__tokenstormExternal = [];
  electron.shell.openExternal = async (url: string) => void sink.__tokenstormExternal!.push(url);
}

class ElectronClient implements ClientHandle {
  readonly driver = 'electron' as const;
  readonly profileDir: string;
  private app: ElectronApplication | undefined;
  private readonly external: string[] = [];
  private log = '';
  private poll: NodeJS.Timeout | undefined;
  /** `close()` makes it `closed` (until `restart()`), `dispose()` `disposed`: calls then say so. */
  private state: 'running' | 'closed' | 'disposed' = 'running';
  /** Whether this launch's context is traced by the driver (LaunchOptions.traceDir). */
  private traced = false;
  /** Launches so far: the first, then one per restart (each traced on its own). */
  private launches = 0;

  /** Whether the driver chose the profile directory (and so removes it on dispose). */
  private readonly ownsProfile: boolean;

  constructor(private readonly options: LaunchOptions, private readonly executablePath: string) {
    this.ownsProfile = options.profileDir === undefined;
    this.profileDir = options.profileDir ?? ownedTempDir('profile');
  }

  async start(): Promise<void> {
    const { options } = this;
    this.state = 'running';
    this.app = await _electron.launch({
      executablePath: this.executablePath,
      args: [options.main, ...(options.variant ? [`--tokenstorm-variant=${options.variant}`] : []), ...(options.idpUrl ? [`--tokenstorm-idp=${options.idpUrl}`] : []), ...(options.args ?? [])],
      env: {
        ...(process.env as Record<string, string>),
        ...options.env,
        TOKENSTORM_USER_DATA: this.profileDir,
        TOKENSTORM_DRIVER: 'electron',
        ...(options.variant ? { TOKENSTORM_VARIANT: options.variant } : {}),
        ...(options.idpUrl ? { TOKENSTORM_IDP_URL: options.idpUrl } : {}),
      },
    });
    this.launches += 1;
    // Started once Electron is up: a first window that opens sooner misses its first moments in the trace.
    this.traced = await startLaunchTrace(this.app.context(), options.traceDir, `${options.variant ?? 'client'}, launch ${this.launches}`);
    this.app.process().stdout?.on('data', (chunk: Buffer) => void (this.log += chunk.toString()));
    this.app.process().stderr?.on('data', (chunk: Buffer) => void (this.log += chunk.toString()));
    await this.app.evaluate(captureOpenExternal as never);
    // Electron's main cannot call the harness, so the harness collects what it opened.
    this.poll = setInterval(() => void this.drainExternal(), 100);
  }

  private async drainExternal(): Promise<void> {
    const urls = await this.app?.evaluate(() => (globalThis as unknown as { __tokenstormExternal: string[] }).__tokenstormExternal.splice(0)).catch(() => [] as string[]);
    for (const url of urls ?? []) {
      this.external.push(url);
      await this.options.onOpenExternal?.(url);
    }
  }

  windows(): Page[] {
    return this.app?.windows() ?? [];
  }

  /** The running app; a client that was closed or disposed says so, naming `call`. */
  private running(call: string): ElectronApplication {
    if (this.state !== 'running' || !this.app) throw closedClientError(call, this.state === 'running' ? 'closed' : this.state);
    return this.app;
  }

  async window(index = 0, timeoutMs = WINDOW_WAIT_MS): Promise<Page> {
    const deadline = Date.now() + timeoutMs;
    while (this.running('window()').windows().length <= index) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(windowNotOpenedMessage(index, this.running('window()').windows().length, timeoutMs));
      await this.running('window()').waitForEvent('window', { timeout: left }).catch(() => undefined);
    }
    const page = this.running('window()').windows()[index]!;
    await page.waitForLoadState('load', { timeout: Math.max(1, deadline - Date.now()) });
    return page;
  }

  async evaluateMain<R, A = undefined>(fn: (electron: never, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return (await this.running('evaluateMain()').evaluate(fn as never, arg as never)) as R;
  }

  async setOffline(offline: boolean): Promise<void> {
    this.running('setOffline()');
    await this.app!.context().setOffline(offline);
    // The main process's net module goes through the session; Node's own fetch is not covered (use net.fetch in main).
    await this.app!.evaluate((electron, value) => (electron as unknown as { session: { defaultSession: { enableNetworkEmulation(o: { offline: boolean }): void } } }).session.defaultSession.enableNetworkEmulation({ offline: value as boolean }), offline);
  }

  async restart(): Promise<void> {
    if (this.state === 'disposed') throw closedClientError('restart()', 'disposed');
    await this.close();
    await this.start();
  }

  async close(): Promise<void> {
    if (this.state === 'running') this.state = 'closed';
    clearInterval(this.poll);
    if (this.traced) await stopLaunchTrace(this.app?.context(), this.options.traceDir, this.launches);
    this.traced = false;
    await this.app?.close().catch(() => undefined);
    this.app = undefined;
  }

  async dispose(): Promise<void> {
    await this.close();
    this.state = 'disposed';
    if (this.ownsProfile) rmSync(this.profileDir, { recursive: true, force: true });
  }

  openedExternally(): string[] {
    return [...this.external];
  }

  recorded(): RecordedCall[] {
    return this.external.map((url) => ({ api: 'shell', detail: { openExternal: url } }));
  }

  eventLog(): Promise<ClientLogEvent[]> {
    return readClientEventLog(this.profileDir);
  }

  output(): string {
    return this.log;
  }
}
