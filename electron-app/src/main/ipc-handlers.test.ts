import { ipcMain } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { failed, ok } from '../shared/client-errors.ts';
import { INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-contract.ts';
import { registerIpcHandlers, type InvokeHandlers, type SendHandlers } from './ipc-handlers.ts';
import { FakeBrowserWindow, fakeIpcMain } from './test-support/electron-double.ts';
import { WindowRegistry } from './windows.ts';

vi.mock('electron', async () => (await import('./test-support/electron-double.ts')).electronModule());

const RENDERER_FILE = '/opt/tokenstorm/electron-app/out/renderer/index.html';

/** Every invoke handler answers ok(windowId); every send handler records its call. */
function recordingHandlers() {
  const calls: { channel: string; windowId: string; args: unknown[] }[] = [];
  const invoke = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [
      channel,
      (windowId: string, ...args: unknown[]) => {
        calls.push({ channel, windowId, args });
        return channel === 'secure-storage:is-available' ? true : ok(windowId);
      },
    ]),
  ) as unknown as InvokeHandlers;
  const send = Object.fromEntries(SEND_CHANNELS.map((channel) => [channel, (windowId: string, ...args: unknown[]) => void calls.push({ channel, windowId, args })])) as unknown as SendHandlers;
  return { calls, invoke, send };
}

describe('IPC handlers and sender checks', () => {
  let registry: WindowRegistry;
  let handlers: ReturnType<typeof recordingHandlers>;
  let refused: { channel: string; error: unknown }[];

  /** The event Electron gives a handler for a message from `window`'s frame. */
  const eventFrom = (window: FakeBrowserWindow, frame: { url?: string; parent?: unknown } | null = {}) => ({
    sender: window.webContents,
    senderFrame: frame === null ? null : { url: frame.url ?? window.webContents.mainFrame.url, parent: frame.parent ?? null },
  });

  beforeEach(() => {
    fakeIpcMain.reset();
    FakeBrowserWindow.opened.length = 0;
    registry = new WindowRegistry({ preloadPath: '/opt/tokenstorm/electron-app/out/preload/index.cjs', rendererFile: RENDERER_FILE });
    handlers = recordingHandlers();
    refused = [];
    registerIpcHandlers({ ipcMain, trusted: registry, invoke: handlers.invoke, send: handlers.send, onRefused: (channel, error) => refused.push({ channel, error }) });
  });

  it('registers one handler for every channel of the contract before any window exists', () => {
    expect(FakeBrowserWindow.opened).toHaveLength(0);
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect([...fakeIpcMain.listeners.keys()].sort()).toEqual([...SEND_CHANNELS].sort());
  });

  it("passes a message from the top frame of the app's own page to its handler, with the window id", async () => {
    const window = registry.open('w2', 1) as unknown as FakeBrowserWindow;
    await expect(fakeIpcMain.invoke('secure-storage:get', eventFrom(window), 'accessToken')).resolves.toEqual(ok('w2'));
    expect(handlers.calls).toEqual([{ channel: 'secure-storage:get', windowId: 'w2', args: ['accessToken'] }]);
  });

  it('tolerates a query or fragment on the page URL', async () => {
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    const url = `${window.webContents.mainFrame.url}#/notes`;
    await expect(fakeIpcMain.invoke('auth:token-info', eventFrom(window, { url }))).resolves.toEqual(ok('w1'));
  });

  it('refuses a message from a subframe', async () => {
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    const result = await fakeIpcMain.invoke('secure-storage:get', eventFrom(window, { parent: window.webContents.mainFrame }), 'refreshToken');
    expect(result).toMatchObject({ success: false, code: 'IPC_FORBIDDEN', error: expect.stringContaining('subframe') });
    expect(handlers.calls).toEqual([]);
  });

  it('refuses a page other than the app renderer, even inside an app window', async () => {
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    for (const url of ['https://evil.example/phish.html', 'file:///tmp/other/index.html', 'not a url']) {
      const result = await fakeIpcMain.invoke('secure-storage:get', eventFrom(window, { url }), 'refreshToken');
      expect(result).toMatchObject({ success: false, code: 'IPC_FORBIDDEN' });
    }
    expect(handlers.calls).toEqual([]);
  });

  it("refuses a webContents main did not create, and a closed window's", async () => {
    const stranger = new FakeBrowserWindow({});
    await stranger.loadFile(RENDERER_FILE);
    await expect(fakeIpcMain.invoke('idp:request', eventFrom(stranger), {})).resolves.toMatchObject({ code: 'IPC_FORBIDDEN', error: expect.stringContaining('not one of') });
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    window.close();
    await expect(fakeIpcMain.invoke('idp:request', eventFrom(window), {})).resolves.toMatchObject({ code: 'IPC_FORBIDDEN' });
    expect(handlers.calls).toEqual([]);
  });

  it('refuses when the sending frame is gone (senderFrame null)', async () => {
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    await expect(fakeIpcMain.invoke('secure-storage:clear', eventFrom(window, null))).resolves.toMatchObject({ code: 'IPC_FORBIDDEN' });
  });

  it('answers a refused isAvailable() with the recipe’s plain false', async () => {
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    await expect(fakeIpcMain.invoke('secure-storage:is-available', eventFrom(window, { url: 'https://evil.example/' }))).resolves.toBe(false);
    await expect(fakeIpcMain.invoke('secure-storage:is-available', eventFrom(window))).resolves.toBe(true);
  });

  it('drops a refused fire-and-forget message and reports it', () => {
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    fakeIpcMain.emit('auth:session-ended', eventFrom(window, { parent: {} }));
    expect(handlers.calls).toEqual([]);
    expect(refused).toMatchObject([{ channel: 'auth:session-ended', error: { code: 'IPC_FORBIDDEN' } }]);
    fakeIpcMain.emit('auth:session-ended', eventFrom(window));
    expect(handlers.calls).toEqual([{ channel: 'auth:session-ended', windowId: 'w1', args: [] }]);
  });

  it('turns a throwing handler into a failure with a code, not an Electron-wrapped message', async () => {
    fakeIpcMain.reset();
    const throwing = { ...handlers.invoke, 'sync:notes': () => Promise.reject(Object.assign(new Error('boom'), { code: 'NO_SESSION' })) } as InvokeHandlers;
    registerIpcHandlers({ ipcMain, trusted: registry, invoke: throwing, send: handlers.send });
    const window = registry.open('w1', 0) as unknown as FakeBrowserWindow;
    await expect(fakeIpcMain.invoke('sync:notes', eventFrom(window))).resolves.toEqual(failed(Object.assign(new Error('boom'), { code: 'NO_SESSION' })));
  });
});

describe('app windows (hardening)', () => {
  it('open with context isolation, no Node integration, the sandbox, no webview tag, and the preload', () => {
    FakeBrowserWindow.opened.length = 0;
    const registry = new WindowRegistry({ preloadPath: '/p/index.cjs', rendererFile: RENDERER_FILE });
    registry.open('w1', 0);
    const [window] = FakeBrowserWindow.opened;
    expect(window?.options.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false, preload: '/p/index.cjs' });
    expect(window?.webContents.loadedFile).toBe(RENDERER_FILE);
  });

  it('deny window.open and every navigation, and report both', () => {
    FakeBrowserWindow.opened.length = 0;
    const denied: string[] = [];
    const registry = new WindowRegistry({ preloadPath: '/p/index.cjs', rendererFile: RENDERER_FILE, onDenied: (id, what, url) => denied.push(`${id} ${what} ${url}`) });
    registry.open('w1', 0);
    const contents = FakeBrowserWindow.opened[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.tryNavigate('https://evil.example/')).toBe(true);
    expect(denied).toEqual(['w1 window-open https://evil.example/', 'w1 navigation https://evil.example/']);
  });

  it('broadcast reaches every open window and skips closed ones', () => {
    FakeBrowserWindow.opened.length = 0;
    const registry = new WindowRegistry({ preloadPath: '/p/index.cjs', rendererFile: RENDERER_FILE });
    registry.open('w1', 0);
    registry.open('w2', 1);
    FakeBrowserWindow.opened[1]!.close();
    registry.broadcast('app:awaiting-restart', { reason: 'test' });
    expect(FakeBrowserWindow.opened.map((w) => w.webContents.sent.length)).toEqual([1, 0]);
  });
});
