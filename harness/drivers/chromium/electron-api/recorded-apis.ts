/**
 * `shell`, `dialog` and `Notification`: the system browser is the harness's
 * (it receives `openExternal` URLs); dialogs and notifications are recorded.
 */
import { EventEmitter } from 'node:events';
import { hostLink } from './host-link.ts';

export const shell = {
  async openExternal(url: string): Promise<void> {
    const parsed = new URL(url);
    if (!['http:', 'https:', 'mailto:'].includes(parsed.protocol)) throw new Error(`openExternal: unsupported protocol ${parsed.protocol}`);
    await hostLink().request({ kind: 'shell:openExternal', url });
  },
  async openPath(path: string): Promise<string> {
    hostLink().notify({ kind: 'recorded', api: 'shell', detail: { openPath: path } });
    return '';
  },
  showItemInFolder(path: string): void {
    hostLink().notify({ kind: 'recorded', api: 'shell', detail: { showItemInFolder: path } });
  },
};

export const dialog = {
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = (args.length > 1 ? args[1] : args[0]) as Record<string, unknown>;
    hostLink().notify({ kind: 'recorded', api: 'dialog', detail: { showMessageBox: { type: options.type, title: options.title, message: options.message, buttons: options.buttons } } });
    return { response: Number(options.defaultId ?? 0), checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    hostLink().notify({ kind: 'recorded', api: 'dialog', detail: { showErrorBox: { title, content } } });
  },
};

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }

  constructor(private readonly options: { title?: string; body?: string } = {}) {
    super();
  }

  show(): void {
    hostLink().notify({ kind: 'recorded', api: 'notification', detail: { title: this.options.title, body: this.options.body } });
    this.emit('show');
  }

  close(): void {
    this.emit('close');
  }
}
