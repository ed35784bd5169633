/**
 * `app`: lifecycle, paths, name and version. `userData` is the profile
 * directory the driver gives (TOKENSTORM_USER_DATA); the other paths follow
 * Electron on Linux from HOME and XDG_CONFIG_HOME, which the driver points at
 * a home of the client's own. `ready` follows the main module's top-level
 * code, as Electron's does (../main-bootstrap.ts says when that runs).
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { hostLink } from './host-link.ts';
import { notImplementedError } from './not-implemented.ts';

/** The names `app.getPath` takes on Linux (electron.d.ts; `recent` is Windows only), each with Electron's default. */
const LINUX_PATHS: Record<string, (app: App) => string> = {
  home: () => homedir(),
  appData: (app) => process.env.XDG_CONFIG_HOME || join(app.getPath('home'), '.config'),
  userData: (app) => process.env.TOKENSTORM_USER_DATA ?? join(app.getPath('appData'), app.getName()),
  sessionData: (app) => app.getPath('userData'),
  temp: () => tmpdir(),
  desktop: (app) => join(app.getPath('home'), 'Desktop'),
  documents: (app) => join(app.getPath('home'), 'Documents'),
  downloads: (app) => join(app.getPath('home'), 'Downloads'),
  music: (app) => join(app.getPath('home'), 'Music'),
  pictures: (app) => join(app.getPath('home'), 'Pictures'),
  videos: (app) => join(app.getPath('home'), 'Videos'),
  logs: (app) => join(app.getPath('userData'), 'logs'),
  crashDumps: (app) => join(app.getPath('userData'), 'Crashpad'),
};
/** Paths of the Electron binary itself, which the driver does not run. */
const ELECTRON_BINARY_PATHS = new Set(['exe', 'module', 'assets']);

class App extends EventEmitter {
  private ready = false;
  /** Whether main's code has started, and `ready` is on its way. */
  private launched = false;
  private markReady: () => void = () => {};
  private quitting = false;
  private relaunchOnExit = false;
  private readonly readyPromise: Promise<void>;
  /** Paths set with `setPath` (or fixed by a first `getPath('logs')`); the rest follow their defaults. */
  private readonly paths = new Map<string, string>();
  readonly commandLine = { appendSwitch: (_name: string, _value?: string) => {}, hasSwitch: (_name: string) => false };
  /** Electron's: productName or name of the app's package.json (the driver reads it: TOKENSTORM_APP_NAME), else "Electron". */
  name = process.env.TOKENSTORM_APP_NAME ?? 'Electron';
  readonly isPackaged = false;

  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
  }

  /**
   * @internal The bootstrap calls it as the main module's code starts: `ready`
   * follows in a task of its own, once that code has run (as far as its first
   * `await`), as Electron's does.
   */
  readyAfterMainStarts(): void {
    if (this.launched) return;
    this.launched = true;
    setImmediate(() => {
      // Chromium creates the user data directory it starts with: the one main set before ready, if it set one.
      mkdirSync(this.getPath('userData'), { recursive: true });
      this.ready = true;
      this.emit('will-finish-launching');
      this.emit('ready', {}, {});
      hostLink().notify({ kind: 'ready' });
      this.markReady();
    });
  }

  /** @internal BrowserWindow reports its last window closed: Electron quits unless the app listens. */
  allWindowsClosed(): void {
    if (this.listenerCount('window-all-closed') > 0) this.emit('window-all-closed');
    else this.quit();
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  isReady(): boolean {
    return this.ready;
  }

  getPath(name: string): string {
    const path = this.paths.get(name);
    if (path !== undefined) return path;
    if (ELECTRON_BINARY_PATHS.has(name)) throw notImplementedError(`app.getPath('${name}')`);
    const fallback = Object.hasOwn(LINUX_PATHS, name) ? LINUX_PATHS[name] : undefined;
    if (!fallback) throw new Error(`Failed to get '${name}' path`);
    if (name !== 'logs') return fallback(this);
    // As Electron: the first getPath('logs') sets (and creates) the default logs directory, as setAppLogsPath() does.
    this.setAppLogsPath();
    return this.paths.get('logs')!;
  }

  /** As Electron's: the directory need not exist (Chromium creates userData at ready). */
  setPath(name: string, path: string): void {
    if (typeof path !== 'string' || !isAbsolute(path)) throw new Error('Path must be absolute');
    if (!Object.hasOwn(LINUX_PATHS, name) && !ELECTRON_BINARY_PATHS.has(name)) throw new Error('Failed to set path');
    this.paths.set(name, path);
  }

  setAppLogsPath(path?: string): void {
    if (path !== undefined && (typeof path !== 'string' || !isAbsolute(path))) throw new Error('Path must be absolute');
    const logs = path ?? join(this.getPath('userData'), 'logs');
    mkdirSync(logs, { recursive: true });
    this.paths.set('logs', logs);
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name;
  }

  getVersion(): string {
    // Electron's: the version in the app's package.json, else Electron's own (the driver gives both).
    return process.env.TOKENSTORM_APP_VERSION ?? process.env.TOKENSTORM_ELECTRON_VERSION ?? '0.0.0';
  }

  getLocale(): string {
    return 'en-US';
  }

  requestSingleInstanceLock(): boolean {
    return true;
  }

  setAppUserModelId(_id: string): void {}

  quit(): void {
    if (this.quitting) return;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => void (prevented = true) });
    if (prevented) return;
    this.quitting = true;
    this.emit('will-quit', { preventDefault: () => {} });
    this.exit(0);
  }

  /**
   * As Electron: nothing happens now; once the app quits (`app.quit()` or
   * `app.exit()`), the driver starts it again on the same profile.
   */
  relaunch(options?: { args?: string[]; execPath?: string }): void {
    if (options?.args !== undefined || options?.execPath !== undefined) {
      throw new Error(`app.relaunch({ args, execPath }) is not implemented by the tokenstorm chromium driver: the app relaunches with the arguments it was launched with (see electron-app/ELECTRON_API.md)`);
    }
    this.relaunchOnExit = true;
  }

  exit(exitCode = 0): void {
    this.quitting = true;
    this.emit('quit', {}, exitCode);
    void hostLink()
      .request({ kind: 'app:quit', exitCode, relaunch: this.relaunchOnExit })
      .catch(() => undefined)
      .finally(() => process.exit(exitCode));
  }
}

export const app = new App();
