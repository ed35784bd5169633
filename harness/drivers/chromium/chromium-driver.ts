/**
 * The `chromium` driver: runs the client's *built* main, preload and renderer
 * without changes where no Electron binary can be installed. Main runs in its
 * own Node process with `electron` resolved to tokenstorm's implementation
 * (./electron-api); each BrowserWindow is a page in Chromium, its preload in an
 * isolated world, its IPC over a CDP binding visible only in that world.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { readClientEventLog, type ClientLogEvent } from '../client-event-log.ts';
import { checkLaunchOptions, closedClientError, WINDOW_WAIT_MS, windowNotOpenedMessage, type ClientHandle, type Driver, type LaunchOptions, type RecordedCall } from '../types.ts';
import type { HostCommand, MainNotice, MainRequest } from './host-protocol.ts';
import { appIdentity, EMULATED_ELECTRON_VERSION, type AppIdentity } from './app-identity.ts';
import { clientHomeEnv, createClientHome } from './client-home.ts';
import { compiledBootstrap } from './compiled-host.ts';
import { createKeychainDir, KEY_FILE } from './keychain-dir.ts';
import { createRpcChannel, type RpcChannel } from './rpc-channel.ts';
import { chromiumExecutable, leaseBrowser, type BrowserLease } from './shared-browser.ts';
import { firstLine, HostedWindow, type WindowLink } from './hosted-window.ts';
import { ownedTempDir } from '../owned-temp-dir.ts';
import { startLaunchTrace, stopLaunchTrace } from '../launch-trace.ts';

export { CHROMIUM_ARGS, chromiumExecutable } from './shared-browser.ts';

export interface ChromiumDriverOptions {
  executablePath?: string;
  headless?: boolean;
}

const OUTPUT_LIMIT = 200_000;
/** How much of the client's output an error about its exit quotes. */
const OUTPUT_TAIL = 4_000;
export function createChromiumDriver(driverOptions: ChromiumDriverOptions = {}): Driver {
  return {
    name: 'chromium',
    launch: (options) => ChromiumClient.start(options, driverOptions),
  };
}

class ChromiumClient implements ClientHandle {
  readonly driver = 'chromium' as const;
  readonly profileDir: string;
  private readonly keyDir: string;
  private readonly keyFile: string;
  /** The main process's home (appData, documents, …), the client's own: kept across restarts, removed on dispose. */
  private readonly homeDir: string;
  /** What `app.getName()` and `app.getVersion()` answer: the app's package.json, as Electron reads it. */
  private readonly identity: AppIdentity;
  /** Whether the driver chose the profile directory (and so removes it on dispose). */
  private readonly ownsProfile: boolean;
  private child: ChildProcess | undefined;
  private rpc: RpcChannel<HostCommand, MainRequest | MainNotice> | undefined;
  private context: BrowserContext | undefined;
  private browser: Promise<BrowserContext> | undefined;
  private lease: BrowserLease | undefined;
  /** Whether this launch's context is traced by the driver (LaunchOptions.traceDir). */
  private traced = false;
  /** Launches so far: the first, then one per restart or relaunch (each traced on its own). */
  private launches = 0;
  /** Renderer storage carried across a restart, as a profile on disk keeps it. */
  private storage: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
  private windowOpening: Promise<unknown> = Promise.resolve();
  /** The first window's page, opened while main is still starting; taken by the first window. */
  private firstPage: Promise<Page> | undefined;
  /** The same page, kept: later windows are opened from it. */
  private anchorPage: Promise<Page | undefined> = Promise.resolve(undefined);
  private hosted: HostedWindow[] = [];
  private windowWaiters: Array<() => void> = [];
  /** Windows main asked for that are not hosted yet: `window(index)` counts in main's order, not in the order pages happen to open. */
  private readonly opening = new Set<number>();
  private readonly external: string[] = [];
  private readonly records: RecordedCall[] = [];
  private log = '';
  private exited: Promise<number | null> = Promise.resolve(null);
  /** How the current main process ended (`code 3`, `signal SIGKILL`); undefined while it runs. */
  private exitedWith: string | undefined;
  /** `close()` makes it `closed` (until `restart()`), `dispose()` `disposed`: calls then say so. */
  private state: 'running' | 'closed' | 'disposed' = 'running';
  /** Set while the driver starts the app again after main called `app.relaunch()` and quit. */
  private relaunching: Promise<void> | undefined;
  private relaunchFailure: Error | undefined;
  /** Windows main asked for that the driver could not set up, for `window(index)` to name. */
  private readonly openFailures: string[] = [];
  /** Windows `new BrowserWindow()` refused (webPreferences the driver cannot host): `window(index)` fails with them at once. */
  private readonly refusals: string[] = [];
  /** When main and a window last messaged each other: every IPC message passes through this driver. */
  private ipcAt = 0;
  /** What each window reaches of this client: main (whichever runs now), the output, the IPC clock. */
  private readonly windowLink: WindowLink = {
    request: (command) => this.rpc!.request(command),
    note: (text) => this.note(text),
    touched: () => {
      this.ipcAt = Date.now();
    },
    closed: (window) => {
      this.hosted = this.hosted.filter((candidate) => candidate !== window);
    },
  };

  private constructor(private readonly options: LaunchOptions, private readonly driverOptions: ChromiumDriverOptions) {
    this.ownsProfile = options.profileDir === undefined;
    this.profileDir = options.profileDir ?? ownedTempDir('profile');
    // The safeStorage key lives outside the profile, as the OS keychain does.
    this.keyDir = createKeychainDir();
    this.keyFile = join(this.keyDir, KEY_FILE);
    writeFileSync(this.keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    this.homeDir = createClientHome();
    this.identity = appIdentity(options.main);
  }

  static async start(options: LaunchOptions, driverOptions: ChromiumDriverOptions): Promise<ChromiumClient> {
    checkLaunchOptions(options);
    const client = new ChromiumClient(options, driverOptions);
    try {
      await client.boot();
    } catch (error) {
      // A launch that failed leaves nothing behind: no keychain, no profile the driver chose.
      await client.dispose();
      throw error;
    }
    return client;
  }

  private async boot(): Promise<void> {
    this.launches += 1;
    const launch = this.launches;
    this.state = 'running';
    this.relaunchFailure = undefined;
    this.hosted = [];
    this.openFailures.length = 0;
    this.refusals.length = 0;
    mkdirSync(this.profileDir, { recursive: true });
    const bootstrap = await compiledBootstrap();
    // The browser context and the client's main process start side by side; main's first window waits for the context.
    this.browser = leaseBrowser({
      executablePath: this.driverOptions.executablePath ?? chromiumExecutable(this.driverOptions.headless ?? true),
      headless: this.driverOptions.headless ?? true,
    }).then(async (lease) => {
      this.lease = lease;
      const context = await lease.browser.newContext({ viewport: { width: 1100, height: 760 }, ...(this.storage ? { storageState: this.storage } : {}) });
      this.context = context;
      this.traced = await startLaunchTrace(context, this.options.traceDir, `${this.identity.name}, launch ${launch}`);
      context.on('page', (page) => void this.onPopup(page));
      this.firstPage = context.newPage();
      this.anchorPage = this.firstPage.catch(() => undefined);
      return context;
    });
    this.spawnMain(bootstrap);
    try {
      await this.browser;
    } catch (error) {
      this.child?.kill('SIGKILL');
      this.lease?.release();
      throw error;
    }
  }

  private spawnMain(bootstrap: string): void {
    const { options } = this;
    const args = [...(options.variant ? [`--tokenstorm-variant=${options.variant}`] : []), ...(options.idpUrl ? [`--tokenstorm-idp=${options.idpUrl}`] : []), ...(options.args ?? [])];
    // A built main needs no TypeScript loader; a main written in TypeScript gets tsx.
    const loader = /\.[cm]?tsx?$/.test(options.main) ? ['--import', 'tsx'] : [];
    // As a URL: --import reads a path as one, so a TMPDIR with '#' or '%' in it would name another file.
    // Electron's main warns of an unhandled rejection (unless the app listens for them) rather than dying as Node does (electron/electron#37464).
    const child = spawn(process.execPath, ['--unhandled-rejections=warn-with-error-code', ...loader, '--import', pathToFileURL(bootstrap).href, options.main, ...args], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: {
        ...process.env,
        ...clientHomeEnv(this.homeDir),
        TOKENSTORM_APP_NAME: this.identity.name,
        TOKENSTORM_APP_VERSION: this.identity.version,
        ...(EMULATED_ELECTRON_VERSION ? { TOKENSTORM_ELECTRON_VERSION: EMULATED_ELECTRON_VERSION } : {}),
        ...options.env,
        TOKENSTORM_USER_DATA: this.profileDir,
        TOKENSTORM_SAFE_STORAGE_KEY_FILE: this.keyFile,
        TOKENSTORM_SAFE_STORAGE: options.safeStorage ?? 'available',
        TOKENSTORM_DRIVER: 'chromium',
        ...(options.variant ? { TOKENSTORM_VARIANT: options.variant } : {}),
        ...(options.idpUrl ? { TOKENSTORM_IDP_URL: options.idpUrl } : {}),
        ...(options.allowInsecureWebPreferences ? { TOKENSTORM_ALLOW_INSECURE_WEBPREFERENCES: '1' } : {}),
      },
    });
    const capture = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout!.on('data', capture);
    child.stderr!.on('data', capture);
    this.child = child;
    this.exitedWith = undefined;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exitedWith = code === null ? `signal ${signal}` : `code ${code}`;
        resolve(code);
      }),
    );
    const rpc = createRpcChannel<HostCommand, MainRequest | MainNotice>(child);
    rpc.onRequest((request) => this.handle(request as MainRequest));
    rpc.onNotice((notice) => this.notice(notice as MainNotice));
    void this.exited.then((code) => {
      rpc.close(`the client's main process exited (${code})`);
      for (const wake of this.windowWaiters.splice(0)) wake();
    });
    this.rpc = rpc;
  }

  private notice(notice: MainNotice): void {
    if (notice.kind === 'recorded') this.records.push({ api: notice.api, detail: notice.detail });
    if (notice.kind === 'window:refused') {
      this.refusals.push(notice.reason);
      for (const wake of this.windowWaiters.splice(0)) wake();
    }
  }

  private async handle(request: MainRequest): Promise<unknown> {
    switch (request.kind) {
      case 'window:open':
        this.opening.add(request.windowId);
        try {
          await this.openWindow(request);
        } catch (error) {
          this.openFailures.push(`BrowserWindow ${request.windowId}: ${firstLine(error)}`);
          throw error;
        } finally {
          this.opening.delete(request.windowId);
          for (const wake of this.windowWaiters.splice(0)) wake();
        }
        return null;
      case 'window:load': {
        const hosted = this.find(request.windowId);
        if (!hosted) throw new Error(`no window ${request.windowId}`);
        await hosted.load(request.url);
        return null;
      }
      case 'window:close':
        await this.find(request.windowId)?.page.close();
        return null;
      case 'window:send':
        await this.find(request.windowId)?.deliver(request.channel, request.args);
        return null;
      case 'shell:openExternal':
        this.external.push(request.url);
        this.records.push({ api: 'shell', detail: { openExternal: request.url } });
        await this.options.onOpenExternal?.(request.url);
        return null;
      case 'app:quit':
        if (request.relaunch && this.state === 'running') this.relaunchAfterExit();
        return null;
    }
  }

  private find(windowId: number): HostedWindow | undefined {
    return this.hosted.find((window) => window.windowId === windowId);
  }

  private async openWindow({ windowId, preload, sandbox, width, height }: Extract<MainRequest, { kind: 'window:open' }>): Promise<void> {
    const context = await this.browser!;
    const page = await this.newWindowPage(context);
    await page.setViewportSize({ width, height });
    const hosted = new HostedWindow(windowId, page, await context.newCDPSession(page), this.windowLink);
    // Electron numbers windows in creation order.
    this.hosted = [...this.hosted, hosted].sort((a, b) => a.windowId - b.windowId);
    if (!sandbox && preload) {
      this.note(`[tokenstorm chromium driver] BrowserWindow ${windowId} asked for sandbox: false; the driver runs every preload sandboxed (sandbox: false is not supported): its require gives electron, events, timers and url, and it has no Buffer or other Node.js globals`);
    }
    const versions = { ...(EMULATED_ELECTRON_VERSION ? { electron: EMULATED_ELECTRON_VERSION } : {}), chrome: this.lease!.browser.version() };
    await hosted.host(preload, { versions, unsandboxedRequested: !sandbox });
  }

  /**
   * A page in a browser window of its own, as each BrowserWindow is: pages
   * opened as tabs of one window share its frames, and Chromium stops
   * animation frames in all but one (Playwright's clicks then wait seconds).
   */
  private newWindowPage(context: BrowserContext): Promise<Page> {
    const first = this.firstPage;
    this.firstPage = undefined;
    if (first) return first;
    // One at a time: each creation waits for "the next page" the context announces.
    const opened = this.windowOpening.then(async () => {
      // After the first page exists: its own `page` event must not be taken for the new window's.
      const anchor = context.pages()[0] ?? (await this.anchorPage);
      if (!anchor) return context.newPage();
      const cdp = await context.newCDPSession(anchor);
      const created = context.waitForEvent('page', { timeout: 10_000 });
      const { targetInfo } = await cdp.send('Target.getTargetInfo');
      await cdp.send('Target.createTarget', { url: 'about:blank', newWindow: true, browserContextId: targetInfo.browserContextId });
      await cdp.detach().catch(() => undefined);
      return created;
    });
    this.windowOpening = opened.catch(() => undefined);
    return opened;
  }

  /** A line in the client's output from the driver (or a window's preload), beside what main printed. */
  private note(text: string): void {
    this.log = `${this.log}${text}\n`.slice(-OUTPUT_LIMIT);
  }

  private async onPopup(page: Page): Promise<void> {
    const opener = await page.opener();
    const parent = this.hosted.find((window) => window.page === opener);
    if (!parent) return;
    const verdict = (await this.rpc!.request({ kind: 'window:open-request', windowId: parent.windowId, url: page.url() }).catch(() => ({ action: 'deny' }))) as { action: string };
    // Electron decides before a window exists; a page host can only close the popup at once.
    if (verdict.action === 'deny') await page.close();
  }

  windows(): Page[] {
    return this.hosted.map((window) => window.page);
  }

  async window(index = 0, timeoutMs = WINDOW_WAIT_MS): Promise<Page> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.usable('window()');
      const hosted = this.opening.size === 0 ? this.hosted[index] : undefined;
      if (hosted) {
        const outcome = await this.firstLoad(hosted, index, deadline - Date.now());
        if (outcome === 'loaded') return hosted.page;
        // Main exited because the app relaunches itself, or the client was closed: the next turn says which.
        if (outcome === 'exited' && (this.relaunching || this.state !== 'running')) continue;
        const which = `window ${index} (BrowserWindow ${hosted.windowId})`;
        if (outcome === 'exited') {
          const when = hosted.expectedUrl ? `while it loaded ${hosted.expectedUrl}` : 'before main called loadFile() or loadURL() on it';
          throw new Error(`${which} never loaded: the client's main process exited (${this.exitedWith}) ${when}${lastErrorOf(this.log)}:\n${this.outputTail()}`);
        }
        throw new Error(hosted.expectedUrl ? `${which} did not finish loading ${hosted.expectedUrl} within ${timeoutMs} ms` : `${which} opened but did not load within ${timeoutMs} ms: main has not called loadFile() or loadURL() on it`);
      }
      if (this.exitedWith) throw new Error(`the client's main process exited (${this.exitedWith}) before opening window ${index}${lastErrorOf(this.log)}:\n${this.outputTail()}`);
      if (this.opening.size === 0 && this.refusals.length > 0) throw new Error(`window ${index} did not open: ${this.refusals.join('; ')}`);
      const left = deadline - Date.now();
      // A window asked for by index that the app never opens must not wait out the whole test, and then blame the client's exit.
      if (left <= 0) {
        const failures = this.openFailures.length > 0 ? `; the driver could not open ${this.openFailures.join('; ')}` : '';
        throw new Error(windowNotOpenedMessage(index, this.hosted.length, timeoutMs) + failures);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.windowWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for a window's first load, at most `ms`: `loaded`, or what came first instead (its load failing rejects, naming the window). */
  private async firstLoad(hosted: HostedWindow, index: number, ms: number): Promise<'loaded' | 'exited' | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        hosted.loaded.then(() => 'loaded' as const),
        this.exited.then(() => 'exited' as const),
        new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms), 'timeout'))),
      ]);
    } catch (error) {
      throw new Error(`window ${index} (BrowserWindow ${hosted.windowId}) did not load: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private outputTail(): string {
    return this.log.slice(-OUTPUT_TAIL);
  }

  /** Waits out a relaunch under way; throws, naming `call`, on a client that was closed or disposed or could not relaunch. */
  private async usable(call: string): Promise<void> {
    await this.relaunching;
    if (this.state !== 'running') throw closedClientError(call, this.state);
    if (this.relaunchFailure) throw new Error(`${call}: the app relaunched itself (app.relaunch()) and could not start again: ${this.relaunchFailure.message}`);
  }

  async evaluateMain<R, A = undefined>(fn: (electron: never, arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    await this.usable('evaluateMain()');
    return (await this.rpc!.request({ kind: 'evaluate', source: fn.toString(), arg })) as R;
  }

  async setOffline(offline: boolean): Promise<void> {
    await this.usable('setOffline()');
    await this.context!.setOffline(offline);
    await this.rpc!.request({ kind: 'network', offline });
  }

  async restart(): Promise<void> {
    await this.relaunching;
    if (this.state === 'disposed') throw closedClientError('restart()', 'disposed');
    await this.relaunch();
  }

  /** Quits (if main still runs) and starts the app again on the same profile, renderer storage carried over. */
  private async relaunch(): Promise<void> {
    this.storage = await this.context?.storageState({ indexedDB: true }).catch(() => undefined);
    await this.shutdown();
    await this.boot();
  }

  /**
   * Main called `app.relaunch()` and is quitting: as Electron starts the app
   * again, the driver relaunches it on the same profile once main has exited.
   * Calls made meanwhile wait for the new instance.
   */
  private relaunchAfterExit(): void {
    if (this.relaunching) return;
    this.relaunching = this.exited
      .then(() => this.relaunch())
      .catch((error: unknown) => {
        this.relaunchFailure = error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => {
        this.relaunching = undefined;
      });
  }

  async close(): Promise<void> {
    await this.relaunching;
    if (this.state === 'running') this.state = 'closed';
    await this.shutdown();
  }

  /** Quits main (killing it after 5 s) and closes the browser context. */
  private async shutdown(): Promise<void> {
    if (this.child && this.exitedWith === undefined) {
      await this.rpc?.request({ kind: 'quit' }).catch(() => undefined);
      const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.traced) await stopLaunchTrace(this.context, this.options.traceDir, this.launches);
    this.traced = false;
    await this.context?.close().catch(() => undefined);
    this.context = undefined;
    this.lease?.release();
    this.lease = undefined;
  }

  async dispose(): Promise<void> {
    await this.close();
    this.state = 'disposed';
    rmSync(this.keyDir, { recursive: true, force: true });
    rmSync(this.homeDir, { recursive: true, force: true });
    if (this.ownsProfile) rmSync(this.profileDir, { recursive: true, force: true });
  }

  openedExternally(): string[] {
    return [...this.external];
  }

  lastIpcAt(): number {
    return this.ipcAt;
  }

  recorded(): RecordedCall[] {
    return [...this.records];
  }

  eventLog(): Promise<ClientLogEvent[]> {
    return readClientEventLog(this.profileDir);
  }

  output(): string {
    return this.log;
  }
}

/**
 * The last error line main printed, for the first line of a message: a report keeps only that line, and "exited
 * (code 1)" alone does not say that main could not find its module.
 */
export function lastErrorOf(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter(Boolean);
  const line = lines.findLast((candidate) => /^\w*Error\b/.test(candidate)) ?? lines.at(-1);
  return line === undefined ? '' : ` (last output: ${line.length > 240 ? `${line.slice(0, 240)}…` : line})`;
}
