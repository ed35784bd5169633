/// <reference lib="dom" />
/**
 * Conformance of the chromium driver with the Electron behaviours the recipe
 * relies on, against a minimal fixture app (fixtures/basic-app).
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientHandle, LaunchOptions } from '../types.ts';
import { createChromiumDriver } from './chromium-driver.ts';
import { withFreshTmpdir } from '../tmpdir-test-support.ts';

const MAIN = fileURLToPath(new URL('./fixtures/basic-app/main.mjs', import.meta.url));
const driver = createChromiumDriver();
const launched: ClientHandle[] = [];

async function launch(options: Partial<LaunchOptions> = {}): Promise<ClientHandle> {
  const client = await driver.launch({ main: MAIN, ...options });
  launched.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(launched.splice(0).map((client) => client.dispose()));
});

/** Regular files under `dir`; Chromium's lock symlinks and files that vanish while it runs are skipped. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats) return [];
    if (stats.isDirectory()) return filesUnder(path);
    return stats.isFile() ? [path] : [];
  });
}

describe('chromium driver: the renderer boundary', () => {
  it("keeps ipcRenderer, require and process out of the page's main world", async () => {
    const page = await (await launch()).window();
    const reach = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
      module: typeof (window as unknown as { module?: unknown }).module,
    }));
    expect(reach).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', module: 'undefined' });
  });

  it('adds to window exactly what the preload exposed', async () => {
    const client = await launch();
    const page = await client.window();
    // Baseline: the same document in a page with no preload (its own script adds `firstLoad`, then fails).
    const plain = await page.context().newPage();
    await plain.goto(page.url());
    const baseline = await plain.evaluate(() => Object.getOwnPropertyNames(window));
    const added = await page.evaluate((known) => Object.getOwnPropertyNames(window).filter((name) => !known.includes(name)), baseline);
    expect(added.sort()).toEqual(['probe', 'secureStorage']);
    expect(await page.evaluate(() => Object.keys((window as unknown as { secureStorage: object }).secureStorage))).toEqual(['setToken', 'getToken']);
    // Exposed objects are frozen copies, as contextBridge makes them.
    expect(await page.evaluate(() => Object.isFrozen((window as unknown as { probe: object }).probe))).toBe(true);
  });

  it('calls exposed functions synchronously, proxies callbacks and returned functions', async () => {
    const page = await (await launch()).window();
    const result = await page.evaluate(async () => {
      const probe = (window as unknown as { probe: Record<string, (...args: unknown[]) => unknown> }).probe;
      const seen: unknown[] = [];
      const sum = probe.add!(2, 3);
      const unsubscribe = probe.onPing!((value: unknown) => seen.push(value)) as () => void;
      await probe.pingMe!('hello');
      await new Promise((resolve) => setTimeout(resolve, 50));
      unsubscribe();
      await probe.pingMe!('after');
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { sum, unsubscribeType: typeof unsubscribe, seen, version: probe.version };
    });
    expect(result).toEqual({ sum: 5, unsubscribeType: 'function', seen: ['hello'], version: 1 });
  });
});

describe('chromium driver: IPC with Electron semantics', () => {
  it("rejects an invoke on a channel with no handler with Electron's message", async () => {
    const page = await (await launch()).window();
    const message = await page.evaluate(() => (window as unknown as { probe: { missing(): Promise<unknown> } }).probe.missing().then(() => 'resolved', (error: Error) => error.message));
    expect(message).toBe("Error invoking remote method 'no-such-channel': Error: No handler registered for 'no-such-channel'");
  });

  it("rejects an invoke whose handler throws with Electron's message", async () => {
    const page = await (await launch()).window();
    const message = await page.evaluate(() => (window as unknown as { probe: { throws(): Promise<unknown> } }).probe.throws().then(() => 'resolved', (error: Error) => error.message));
    expect(message).toBe("Error invoking remote method 'throws': Error: boom");
  });

  it('reaches handlers registered before the window at first load', async () => {
    const page = await (await launch()).window();
    await page.waitForFunction(() => (window as unknown as { firstLoad: { ok?: boolean } }).firstLoad.ok !== undefined);
    expect(await page.evaluate(() => (window as unknown as { firstLoad: unknown }).firstLoad)).toEqual({ ok: true, result: { success: true } });
  });

  it('delivers a burst of messages from main in order, each in a task of its own', async () => {
    const page = await (await launch()).window();
    const seen = await page.evaluate(async () => {
      const probe = (window as unknown as { probe: { onPing(callback: (value: number) => void): () => void; pingMe(value: number): Promise<unknown> } }).probe;
      const log: string[] = [];
      // A task of its own: what a message's listener queues as a microtask runs before the next message arrives.
      probe.onPing((value) => {
        log.push(`ping ${value}`);
        queueMicrotask(() => log.push(`after ${value}`));
      });
      await Promise.all(Array.from({ length: 20 }, (_, value) => probe.pingMe(value)));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return log;
    });
    expect(seen).toEqual(Array.from({ length: 20 }, (_, value) => [`ping ${value}`, `after ${value}`]).flat());
  });

  it('gives handlers the sender window and frame', async () => {
    const page = await (await launch()).window();
    const who = await page.evaluate(() => (window as unknown as { probe: { who(): Promise<{ url: string; windowId: number }> } }).probe.who());
    expect(who.url).toMatch(/^file:\/\/.*fixtures\/basic-app\/index\.html$/);
    expect(who.windowId).toBe(1);
  });
});

describe('chromium driver: safeStorage and electron-store', () => {
  it('encrypts (no plaintext on disk), and decrypts after a restart on the same profile', async () => {
    const client = await launch();
    const page = await client.window();
    const secret = 'rt_plaintext-must-not-reach-disk-0123456789';
    await page.evaluate((value) => (window as unknown as { secureStorage: { setToken(k: string, v: string): Promise<unknown> } }).secureStorage.setToken('refreshToken', value), secret);
    const stored = readFileSync(join(client.profileDir, 'secure-tokens.json'), 'utf8');
    expect(stored).toContain('refreshToken');
    expect(stored).not.toContain(secret);
    for (const file of filesUnder(client.profileDir)) expect(readFileSync(file).includes(secret), file).toBe(false);

    await client.restart();
    const again = await (await client.window()).evaluate(() => (window as unknown as { secureStorage: { getToken(k: string): Promise<unknown> } }).secureStorage.getToken('refreshToken'));
    expect(again).toEqual({ success: true, data: secret });
  });

  it('reproduces Linux without a keyring: encryption unavailable, basic_text backend', async () => {
    const client = await launch({ safeStorage: 'unavailable' });
    const backend = await client.evaluateMain((electron: { safeStorage: { isEncryptionAvailable(): boolean; getSelectedStorageBackend(): string } }) => ({
      available: electron.safeStorage.isEncryptionAvailable(),
      backend: electron.safeStorage.getSelectedStorageBackend(),
    }));
    expect(backend).toEqual({ available: false, backend: 'basic_text' });
    const page = await client.window();
    const error = await page.evaluate(() => (window as unknown as { secureStorage: { setToken(k: string, v: string): Promise<unknown> } }).secureStorage.setToken('accessToken', 'x').then(() => 'stored', (e: Error) => e.message));
    expect(error).toContain('Encryption is not available');
  });
});

describe('chromium driver: windows, navigation, main process', () => {
  it('says which windows there are when asked for one the app has not opened in time, rather than waiting for good', async () => {
    const client = await launch();
    await client.window(0);
    await expect(client.window(3, 300)).rejects.toThrow(`the client opened ${client.windows().length} window(s) (index 0 to ${client.windows().length - 1}); window 3 did not open within 300 ms`);
  });

  it('refuses a window with contextIsolation: false unless the variant asks for it', async () => {
    const client = await driver.launch({ main: MAIN, env: { FIXTURE_INSECURE: '1' } });
    launched.push(client);
    await expect(client.window()).rejects.toThrow(/contextIsolation: false/);
  });

  it('denies window.open and navigation the app prevents', async () => {
    const page = await (await launch()).window();
    const url = page.url();
    await page.evaluate(() => window.open('https://example.invalid/popup'));
    await page.click('#away').catch(() => undefined);
    await page.waitForTimeout(200);
    expect(page.context().pages().filter((candidate) => candidate.url().includes('example.invalid'))).toHaveLength(0);
    expect(page.url()).toBe(url);
  });

  it('runs evaluateMain in the main process, with userData the profile directory', async () => {
    const client = await launch();
    const userData = await client.evaluateMain((electron: { app: { getPath(name: string): string } }) => electron.app.getPath('userData'));
    expect(userData).toBe(client.profileDir);
  });

  it("hands shell.openExternal to the harness's system browser", async () => {
    const opened: string[] = [];
    const client = await launch({ onOpenExternal: (url) => void opened.push(url) });
    await (await client.window()).evaluate(() => (window as unknown as { probe: { openExternal(u: string): Promise<unknown> } }).probe.openExternal('https://idp.example/authorize?x=1'));
    expect(opened).toEqual(['https://idp.example/authorize?x=1']);
    expect(client.openedExternally()).toEqual(opened);
  });

  it("cuts the main process's own network with setOffline, not only the renderer's", async () => {
    const server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      const client = await launch();
      const page = await client.window();
      const mainFetch = () => page.evaluate((target) => (window as unknown as { probe: { mainFetch(u: string): Promise<unknown> } }).probe.mainFetch(target), url);
      expect(await mainFetch()).toEqual({ status: 200 });
      await client.setOffline(true);
      expect(await mainFetch()).toEqual({ error: 'fetch failed' });
      await client.setOffline(false);
      expect(await mainFetch()).toEqual({ status: 200 });
    } finally {
      server.close();
    }
  });
});

describe('chromium driver: what it leaves on disk', () => {
  it('dispose removes the keychain and the profile it chose; close keeps both for a restart', async () => {
    await withFreshTmpdir(async (left) => {
      const client = await driver.launch({ main: MAIN });
      await client.window();
      await client.close();
      expect(existsSync(client.profileDir)).toBe(true);
      expect(left().filter((name) => name.startsWith('tokenstorm-keychain-'))).toHaveLength(1);
      await client.dispose();
      expect(existsSync(client.profileDir)).toBe(false);
      expect(left()).toEqual([]);
    });
  });

  it('dispose leaves a profile the caller passed in place', async () => {
    const profileDir = mkdtempSync(join(tmpdir(), 'tokenstorm-own-profile-'));
    try {
      await withFreshTmpdir(async (left) => {
        const client = await driver.launch({ main: MAIN, profileDir });
        await client.window();
        await client.dispose();
        expect(left()).toEqual([]);
      });
      expect(existsSync(profileDir)).toBe(true);
    } finally {
      rmSync(profileDir, { recursive: true, force: true });
    }
  });
});
