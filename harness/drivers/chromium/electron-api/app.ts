/**
 * `app`: lifecycle and paths. `userData` is the profile directory the driver
 * gives (TOKENSTORM_USER_DATA); `ready` follows the first tick, as the app's
 * top-level code has run by then, like Electron's.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostLink } from './host-link.ts';

class App extends EventEmitter {
  private ready = false;
  private quitting = false;
  private relaunchOnExit = false;
  private readonly readyPromise: Promise<void>;
  private readonly paths = new Map<string, string>();
  readonly commandLine = { appendSwitch: (_name: string, _value?: string) => {}, hasSwitch: (_name: string) => false };
  name = process.env.TOKENSTORM_APP_NAME ?? 'tokenstorm-client';
  readonly isPackaged = false;

  constructor() {
    super();
    const userData = process.env.TOKENSTORM_USER_DATA ?? join(tmpdir(), 'tokenstorm-electron-userdata');
    this.paths.set('userData', userData);
    this.paths.set('appData', join(userData, '..'));
    this.paths.set('logs', join(userData, 'logs'));
    this.paths.set('temp', tmpdir());
    this.paths.set('home', process.env.HOME ?? tmpdir());
    this.paths.set('sessionData', userData);
    this.readyPromise = new Promise((resolve) => {
      setImmediate(() => {
        mkdirSync(userData, { recursive: true });
        this.ready = true;
        this.emit('will-finish-launching');
        this.emit('ready', {}, {});
        hostLink().notify({ kind: 'ready' });
        resolve();
      });
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
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  getName(): string {
    return this.name;
  }

  setName(name: string): void {
    this.name = name;
  }

  getVersion(): string {
    return process.env.TOKENSTORM_APP_VERSION ?? '0.0.0';
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
