/**
 * `BrowserWindow`: each window is a Chromium page the driver opens. Insecure
 * `webPreferences` are refused unless the variant under test asks for them
 * (TOKENSTORM_ALLOW_INSECURE_WEBPREFERENCES=1), since the page host cannot give
 * a page Node.js and must not pretend to.
 */
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { app } from './app.ts';
import { hostLink } from './host-link.ts';
import { withUnimplementedMembers } from './not-implemented.ts';
import { WebContents } from './web-contents.ts';

export interface WebPreferences {
  preload?: string;
  contextIsolation?: boolean;
  nodeIntegration?: boolean;
  sandbox?: boolean;
  webSecurity?: boolean;
  [key: string]: unknown;
}

export interface BrowserWindowOptions {
  width?: number;
  height?: number;
  show?: boolean;
  title?: string;
  webPreferences?: WebPreferences;
  [key: string]: unknown;
}

const windows = new Map<number, BrowserWindow>();
let nextId = 1;

function checkWebPreferences(preferences: WebPreferences): void {
  const allowInsecure = process.env.TOKENSTORM_ALLOW_INSECURE_WEBPREFERENCES === '1';
  const problems: string[] = [];
  if (preferences.contextIsolation === false) problems.push('contextIsolation: false');
  if (preferences.nodeIntegration === true) problems.push('nodeIntegration: true');
  if (problems.length > 0 && !allowInsecure) {
    const refusal = new Error(`tokenstorm chromium driver refuses a window with ${problems.join(' and ')}: a Chromium page cannot host Node.js in the renderer. Launch with allowInsecureWebPreferences if that is the variant under test.`);
    // The app may not even see the error (thrown in a promise callback); window(index) says why there is no window.
    hostLink().notify({ kind: 'window:refused', reason: refusal.message });
    throw refusal;
  }
}

export class BrowserWindow extends EventEmitter {
  readonly id = nextId++;
  readonly webContents: WebContents;
  private closed = false;
  private readonly opened: Promise<unknown>;

  constructor(options: BrowserWindowOptions = {}) {
    super();
    const preferences = options.webPreferences ?? {};
    checkWebPreferences(preferences);
    this.webContents = withUnimplementedMembers(new WebContents(this.id), 'webContents');
    // What the app holds (and getAllWindows returns) names what the driver lacks (`win.setMenu`).
    const guarded = withUnimplementedMembers(this, 'win');
    windows.set(this.id, guarded);
    this.opened = hostLink().request({
      kind: 'window:open',
      windowId: this.id,
      webContentsId: this.webContents.id,
      preload: preferences.preload ?? null,
      // Electron's default since 20: sandboxed unless the window says otherwise, or integrates Node.
      sandbox: preferences.sandbox ?? preferences.nodeIntegration !== true,
      width: options.width ?? 800,
      height: options.height ?? 600,
      show: options.show ?? true,
    });
    // A window main never loads is reported by `window(index)`, not as an unhandled rejection here.
    this.opened.catch(() => undefined);
    return guarded;
  }

  static getAllWindows(): BrowserWindow[] {
    return [...windows.values()];
  }

  static fromWebContents(contents: WebContents): BrowserWindow | null {
    return windows.get(contents.windowId) ?? null;
  }

  static fromId(id: number): BrowserWindow | null {
    return windows.get(id) ?? null;
  }

  async loadURL(url: string): Promise<void> {
    await this.opened;
    await hostLink().request({ kind: 'window:load', windowId: this.id, url });
    this.webContents.setURL(url);
  }

  loadFile(file: string, options: { query?: Record<string, string>; hash?: string } = {}): Promise<void> {
    const url = pathToFileURL(file);
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    if (options.hash) url.hash = options.hash;
    return this.loadURL(url.href);
  }

  close(): void {
    if (this.closed) return;
    void hostLink().request({ kind: 'window:close', windowId: this.id }).catch(() => undefined);
    this.markClosed();
  }

  destroy(): void {
    this.close();
  }

  isDestroyed(): boolean {
    return this.closed;
  }

  /** @internal the page went away (closed by the driver or the user). */
  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    windows.delete(this.id);
    this.webContents.destroy();
    this.emit('closed');
    if (windows.size === 0) app.allWindowsClosed();
  }

  show(): void {}
  hide(): void {}
  focus(): void {}
  isVisible(): boolean {
    return !this.closed;
  }
  setTitle(_title: string): void {}
}
