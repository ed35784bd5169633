/**
 * A test double of the Electron API at the module boundary, for unit tests of
 * the main-process services: `vi.mock('electron', async () => (await import('./test-support/electron-double.ts')).electronModule())`.
 * Its safeStorage really encrypts (AES-256-GCM under a per-run key), so a test
 * can check that what reaches the disk is not the plaintext; availability and
 * the Linux backend can be switched to reproduce a machine without a keyring.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Backend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

const MAGIC = Buffer.from('v10');

export const fakeSafeStorage = {
  available: true,
  backend: 'gnome_libsecret' as Backend,
  key: randomBytes(32),
  isEncryptionAvailable(): boolean {
    return this.available;
  },
  getSelectedStorageBackend(): Backend {
    return this.backend;
  },
  setUsePlainTextEncryption(): void {},
  encryptString(plainText: string): Buffer {
    if (!this.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  },
  decryptString(encrypted: Buffer): string {
    if (!encrypted.subarray(0, 3).equals(MAGIC)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
    decipher.setAuthTag(encrypted.subarray(15, 31));
    return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
  },
  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
    this.key = randomBytes(32);
  },
};

export const fakeApp = {
  paths: { userData: join(tmpdir(), 'tokenstorm-electron-double'), appData: tmpdir() } as Record<string, string>,
  getPath(name: string): string {
    const path = this.paths[name];
    if (path === undefined) throw new Error(`Failed to get '${name}' path`);
    return path;
  },
  setPath(name: string, path: string): void {
    this.paths[name] = path;
  },
  getVersion: () => '0.0.0-test',
};

type Listener = (event: unknown, ...args: unknown[]) => unknown;

/** Records handlers; `invoke`/`emit` play a renderer's message through them. */
export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener[]>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }

  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }

  emit(channel: string, event: unknown, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }

  reset(): void {
    this.handlers.clear();
    this.listeners.clear();
  }
}

export const fakeIpcMain = new FakeIpcMain();

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  loadedFile: string | null = null;
  readonly mainFrame: { url: string; parent: null };

  constructor() {
    super();
    this.mainFrame = { url: 'about:blank', parent: null };
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  /** Emits `will-navigate` as Electron does; true when a listener prevented it. */
  tryNavigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly opened: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  private destroyed = false;

  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    FakeBrowserWindow.opened.push(this);
  }

  async loadFile(file: string): Promise<void> {
    this.webContents.loadedFile = file;
    this.webContents.mainFrame.url = new URL(`file://${file}`).href;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

export const fakeShell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  },
};

export function electronModule() {
  const api = { app: fakeApp, ipcMain: fakeIpcMain, safeStorage: fakeSafeStorage, BrowserWindow: FakeBrowserWindow, shell: fakeShell };
  // electron-store imports the default export; the app imports named exports.
  return { ...api, default: api };
}
