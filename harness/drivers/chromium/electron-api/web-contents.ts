/** `webContents` of a window hosted as a Chromium page by the driver. */
import { EventEmitter } from 'node:events';
import { hostLink } from './host-link.ts';

export type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => { action: 'allow' | 'deny' };

export interface NavigationEvent {
  url: string;
  preventDefault(): void;
  readonly defaultPrevented: boolean;
}

let nextId = 1;

export class WebContents extends EventEmitter {
  readonly id = nextId++;
  private url = '';
  private destroyed = false;
  private openHandler: WindowOpenHandler | undefined;

  constructor(readonly windowId: number) {
    super();
  }

  getURL(): string {
    return this.url;
  }

  /** @internal the driver reports the page's URL. */
  setURL(url: string): void {
    this.url = url;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** @internal */
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    if (typeof channel !== 'string') throw new TypeError('Missing required channel argument');
    void hostLink().request({ kind: 'window:send', windowId: this.windowId, channel, args: structuredClone(args) }).catch(() => undefined);
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.openHandler = handler;
  }

  /** @internal what Electron does for window.open: ask the handler; no handler means allow. */
  decideWindowOpen(url: string): 'allow' | 'deny' {
    return this.openHandler?.({ url, frameName: '', features: '', disposition: 'new-window' }).action ?? 'allow';
  }

  /** @internal emits `will-navigate`; true when a listener prevented it. */
  willNavigate(url: string): boolean {
    let prevented = false;
    const event: NavigationEvent = {
      url,
      preventDefault: () => void (prevented = true),
      get defaultPrevented() {
        return prevented;
      },
    };
    this.emit('will-navigate', event, url);
    return prevented;
  }

  openDevTools(): void {}
  closeDevTools(): void {}
  isLoading(): boolean {
    return false;
  }
}
