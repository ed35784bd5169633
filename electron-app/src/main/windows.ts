/**
 * The app's windows, hardened (Electron security checklist): context isolation,
 * no Node integration, sandboxed renderer, no webview tag, navigation and
 * `window.open` denied. The registry knows which webContents are the app's,
 * which the IPC sender check relies on.
 */
import { BrowserWindow } from 'electron';
import { pathToFileURL } from 'node:url';
import type { PushChannel, PushMap } from '../shared/ipc-contract.ts';
import type { TrustedSenders } from './ipc-guard.ts';
import type { Broadcaster } from './session-hub.ts';

export interface WindowRegistryOptions {
  preloadPath: string;
  rendererFile: string;
  /** Told when a window tries to navigate or open a window (both are denied). */
  onDenied?: (windowId: string, what: 'navigation' | 'window-open', url: string) => void;
}

export class WindowRegistry implements TrustedSenders, Broadcaster {
  readonly rendererUrl: string;
  private readonly byContentsId = new Map<number, { id: string; window: BrowserWindow }>();

  constructor(private readonly options: WindowRegistryOptions) {
    this.rendererUrl = pathToFileURL(options.rendererFile).href;
  }

  open(id: string, index: number): BrowserWindow {
    const window = new BrowserWindow({
      width: 1180,
      height: 780,
      minWidth: 760,
      minHeight: 560,
      x: 40 + index * 48,
      y: 40 + index * 36,
      title: `tokenstorm — ${id}`,
      backgroundColor: '#f5f7fa',
      webPreferences: {
        preload: this.options.preloadPath,
        contextIsolation: true,
        nodeIntegration: false,
        sandbox: true,
        webviewTag: false,
        spellcheck: false,
      },
    });
    const contents = window.webContents;
    const contentsId = contents.id;
    this.byContentsId.set(contentsId, { id, window });
    window.on('closed', () => this.byContentsId.delete(contentsId));
    contents.setWindowOpenHandler(({ url }) => {
      this.options.onDenied?.(id, 'window-open', url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      this.options.onDenied?.(id, 'navigation', url);
    });
    void window.loadFile(this.options.rendererFile);
    return window;
  }

  windowIdOf(webContentsId: number): string | null {
    return this.byContentsId.get(webContentsId)?.id ?? null;
  }

  broadcast<C extends PushChannel>(channel: C, payload: PushMap[C]): void {
    for (const { window } of this.byContentsId.values()) {
      if (!window.isDestroyed()) window.webContents.send(channel, payload);
    }
  }

  get count(): number {
    return this.byContentsId.size;
  }
}
