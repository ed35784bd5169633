/// <reference lib="dom" />
/**
 * Conformance of the chromium driver with the Electron behaviours the recipe
 * relies on, against a minimal fixture app (fixtures/basic-app).
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LaunchOptions } from '../types.ts';
import { createChromiumDriver, lastErrorOf } from './chromium-driver.ts';
import { redactTrace } from '../../runner/trace-files.ts';
import { fingerprint } from '../../../mock-idp/tokens/fingerprint.ts';
import { withFreshTmpdir } from '../tmpdir-test-support.ts';
import { fixtureClients } from './launch-test-support.ts';

const MAIN = fileURLToPath(new URL('./fixtures/basic-app/main.mjs', import.meta.url));
const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/basic-app/${file}`, import.meta.url));
type Probe = Record<string, (...args: unknown[]) => Promise<unknown>>;
const { driver, launched, launch } = fixtureClients(MAIN);

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

describe('chromium driver: preloads as Electron runs them', () => {
  const probeOf = (page: Page) => page.evaluate(() => typeof (window as unknown as { probe?: unknown }).probe);

  it("loads the page under Electron's quick-start preload, which listens for DOMContentLoaded at top level", async () => {
    const page = await (await launch({ env: { FIXTURE_PRELOAD: 'preload-quickstart.cjs' } })).window(0, 5_000);
    expect(await page.evaluate(() => (window as unknown as { probe: Probe }).probe.who!())).toMatchObject({ windowId: 1 });
    await expect.poll(() => page.evaluate(() => [document.body.dataset.before, document.body.dataset.after]), { timeout: 2_000 }).toEqual(['DOMContentLoaded', 'DOMContentLoaded']);
  });

  it("keeps what a preload exposed before it threw, and reports the error as Electron does, on the window's console and in the output", async () => {
    const client = await launch({ env: { FIXTURE_PRELOAD: 'preload-throws.cjs' } });
    const page = await client.window(0, 5_000);
    expect(await page.evaluate(() => (window as unknown as { probe: Probe }).probe.who!())).toMatchObject({ windowId: 1 });
    expect(client.output()).toContain(`[window 1] Unable to load preload script: ${fixture('preload-throws.cjs')}\nError: the preload threw after exposing`);
    // The window's own console, where Electron writes it: seen on the next load of the page.
    const cdp = await page.context().newCDPSession(page);
    const logged: string[] = [];
    cdp.on('Runtime.consoleAPICalled', (event) => logged.push(event.args.map((arg) => String(arg.value ?? arg.description)).join(' ')));
    await cdp.send('Runtime.enable');
    await page.reload();
    await expect.poll(() => logged, { timeout: 2_000 }).toEqual(expect.arrayContaining([`Unable to load preload script: ${fixture('preload-throws.cjs')}`, expect.stringContaining('Error: the preload threw after exposing') as unknown]));
  });

  it("gives a preload the modules Electron's sandbox allows: events, timers and url, and refuses others", async () => {
    const page = await (await launch({ env: { FIXTURE_PRELOAD: 'preload-sandbox-modules.cjs' } })).window(0, 5_000);
    expect(await page.evaluate(() => (window as unknown as { probe: Probe }).probe.modules!())).toEqual({ value: 42, host: 'idp.example', left: 0 });
    expect(await page.evaluate(() => (window as unknown as { probe: Record<string, () => string> }).probe.refused!())).toBe('module not found: fs');
  });

  it('loads the page when the preload file does not exist, exposing nothing and saying why', async () => {
    const client = await launch({ env: { FIXTURE_PRELOAD: 'no-such-preload.cjs' } });
    const page = await client.window(0, 5_000);
    expect(await probeOf(page)).toBe('undefined');
    expect(client.output()).toContain(`[window 1] Unable to load preload script: ${fixture('no-such-preload.cjs')}\nError: ENOENT: no such file or directory`);
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
    const who = await page.evaluate(() => (window as unknown as { probe: { who(): Promise<{ url: string; windowId: number; parent: unknown }> } }).probe.who());
    expect(who.url).toMatch(/^file:\/\/.*fixtures\/basic-app\/index\.html$/);
    expect(who.windowId).toBe(1);
    // Electron: the top frame's parent is null (an app's sender check may test exactly that).
    expect(who.parent).toBeNull();
  });

  it("rejects an invoke whose handler returns what cannot be cloned with Electron's message, and main keeps serving", async () => {
    const page = await (await launch()).window();
    const message = await page.evaluate(() => (window as unknown as { probe: Probe }).probe.returnsFunction!().then(() => 'resolved', (error: Error) => error.message));
    expect(message).toBe("Error invoking remote method 'returns-function': Error: An object could not be cloned.");
    expect(await page.evaluate(() => (window as unknown as { probe: Probe }).probe.who!())).toMatchObject({ windowId: 1 });
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
    await expect(client.window(3, 300)).rejects.toThrow('the client has 1 window(s) open (index 0 to 0); window 3 did not open within 300 ms');
  });

  it('says the app opened no window, rather than blaming an exit that did not happen', async () => {
    const client = await launch({ env: { FIXTURE_MODE: 'no-window' } });
    await expect(client.window(0, 300)).rejects.toThrow('the client has opened no window; window 0 did not open within 300 ms');
  });

  it('fails a window that opened but was never loaded within the wait, naming it', async () => {
    const client = await launch({ env: { FIXTURE_MODE: 'no-load' } });
    await expect.poll(() => client.windows().length, { timeout: 5_000 }).toBe(1);
    await expect(client.window(0, 500)).rejects.toThrow('window 0 (BrowserWindow 1) opened but did not load within 500 ms: main has not called loadFile() or loadURL() on it');
  });

  it('fails a window that never loaded as soon as main exits, with its exit code', async () => {
    const client = await launch({ env: { FIXTURE_MODE: 'no-load' } });
    await expect.poll(() => client.windows().length, { timeout: 5_000 }).toBe(1);
    await client.evaluateMain(() => void setTimeout(() => process.exit(3), 50));
    await expect(client.window(0, 10_000)).rejects.toThrow("window 0 (BrowserWindow 1) never loaded: the client's main process exited (code 3) before main called loadFile() or loadURL() on it");
  });

  it('fails a window whose load failed with the reason', async () => {
    const client = await launch({ env: { FIXTURE_MODE: 'missing-page' } });
    await expect(client.window(0, 5_000)).rejects.toThrow(/^window 0 \(BrowserWindow 1\) did not load: the load of file:\/\/.*missing\.html failed: .*ERR_FILE_NOT_FOUND/);
  });

  it('says the client is closed, for a wait under way when it closes and for calls after', async () => {
    const client = await launch({ env: { FIXTURE_MODE: 'no-window' } });
    const waiting = client.window(0, 5_000).then(() => 'opened', (error: Error) => error.message);
    await client.close();
    const closed = 'the client is closed (close() was called); restart() relaunches it';
    expect(await waiting).toBe(`window(): ${closed}`);
    await expect(client.window()).rejects.toThrow(`window(): ${closed}`);
    await expect(client.evaluateMain(() => 1)).rejects.toThrow(`evaluateMain(): ${closed}`);
    await expect(client.setOffline(true)).rejects.toThrow(`setOffline(): ${closed}`);
    await client.dispose();
    await expect(client.restart()).rejects.toThrow('restart(): the client was disposed; launch a new one');
  });

  it('refuses a window with contextIsolation: false unless the variant asks for it, and window() says so at once', async () => {
    const client = await driver.launch({ main: MAIN, env: { FIXTURE_INSECURE: '1' } });
    launched.push(client);
    // Within the wait, not after it: the refusal is known as soon as main asks for the window.
    await expect(client.window(0, 60_000)).rejects.toThrow(/^window 0 did not open: tokenstorm chromium driver refuses a window with contextIsolation: false/);
    // Thrown in the fixture's whenReady callback: main warns of the rejection, as Electron's does, and keeps running.
    await expect.poll(() => client.output(), { timeout: 5_000 }).toContain('UnhandledPromiseRejectionWarning: Error: tokenstorm chromium driver refuses a window');
    expect(await client.evaluateMain(() => 'still running')).toBe('still running');
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

  it("resolves evaluateMain's non-serializable results to undefined, as Playwright's ElectronApplication.evaluate does", async () => {
    const client = await launch();
    await client.window();
    expect(await client.evaluateMain(() => () => 1)).toBeUndefined();
    expect(await client.evaluateMain((electron: { BrowserWindow: { getAllWindows(): unknown[] } }) => electron.BrowserWindow.getAllWindows()[0])).toBeUndefined();
    expect(await client.evaluateMain(() => ({ kept: [1, 'two'], dropped: () => 1 }))).toEqual({ kept: [1, 'two'] });
    expect(await client.evaluateMain(() => 'still serving')).toBe('still serving');
  });

  it('names the Electron API it does not implement, for modules (named ESM imports included) and members', async () => {
    const client = await launch();
    const page = await client.window();
    const missing = (api: string) => `electron API ${api} is not implemented by the tokenstorm chromium driver (electron-app/ELECTRON_API.md lists what it implements)`;
    expect(await page.evaluate(() => (window as unknown as { probe: Probe }).probe.unimplemented!())).toBe(missing('session'));
    type Electron = Record<string, Record<string, (...args: unknown[]) => unknown> & (new (...args: unknown[]) => unknown)>;
    const probes: Record<string, (electron: Electron) => unknown> = {
      'protocol': (electron) => electron.protocol!.handle!('app', () => null),
      'Tray': (electron) => new electron.Tray!('/icon.png'),
      'app.getAppPath': (electron) => electron.app!.getAppPath!(),
      'win.setMenu': (electron) => (electron.BrowserWindow!.getAllWindows!() as Array<Record<string, (menu: null) => void>>)[0]!.setMenu!(null),
      'webContents.executeJavaScript': (electron) => (electron.BrowserWindow!.getAllWindows!() as Array<{ webContents: Record<string, (code: string) => unknown> }>)[0]!.webContents.executeJavaScript!('1'),
      'webContents.session': (electron) => (electron.BrowserWindow!.getAllWindows!() as Array<{ webContents: Record<string, unknown> }>)[0]!.webContents.session,
      'dialog.showOpenDialog': (electron) => electron.dialog!.showOpenDialog!({}),
    };
    for (const [api, probe] of Object.entries(probes)) {
      await expect(client.evaluateMain(probe as never), api).rejects.toThrow(missing(api));
    }
    // What Electron leaves undefined on Linux stays undefined: `app.dock?.hide()` must not throw.
    expect(await client.evaluateMain((electron: { app: { dock?: unknown } }) => electron.app.dock === undefined)).toBe(true);
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

  it('leaves nothing behind when a launch fails: a browser that does not start, a profile that cannot be made, bad options', async () => {
    await withFreshTmpdir(async (left, tmp) => {
      await expect(createChromiumDriver({ executablePath: join(tmp, 'no-such-chromium') }).launch({ main: MAIN })).rejects.toThrow();
      expect(left()).toEqual([]);
      const file = join(tmp, 'a-file');
      writeFileSync(file, '');
      await expect(driver.launch({ main: MAIN, profileDir: join(file, 'profile') })).rejects.toThrow(/ENOTDIR/);
      expect(left()).toEqual([]);
      await expect(driver.launch({ main: MAIN, args: '--foo' } as unknown as LaunchOptions)).rejects.toThrow(new TypeError('launch option "args" must be an array of strings, got "--foo"'));
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

describe('chromium driver: traces', () => {
  it('writes a Playwright trace of each launch when it quits, the restart included', async () => {
    const traceDir = mkdtempSync(join(tmpdir(), 'tokenstorm-trace-test-'));
    try {
      const client = await launch({ traceDir });
      await (await client.window()).evaluate(() => document.title);
      await client.restart();
      await (await client.window()).locator('body').click();
      expect(readdirSync(traceDir)).toEqual(['launch-1.zip']);
      await client.close();
      expect(readdirSync(traceDir).sort()).toEqual(['launch-1.zip', 'launch-2.zip']);
      const methods = (file: string) => [...new Set([...Buffer.from(unzipSync(readFileSync(join(traceDir, file)))['trace.trace']!).toString().matchAll(/"type":"before".*?"method":"(\w+)"/g)].map((match) => match[1]))];
      expect(methods('launch-1.zip')).toContain('goto');
      expect(methods('launch-2.zip')).toContain('click');
      await client.dispose();
      expect(readdirSync(traceDir).sort()).toEqual(['launch-1.zip', 'launch-2.zip']);
    } finally {
      rmSync(traceDir, { recursive: true, force: true });
    }
  });

  it("leaves no token in a trace once redactTrace has read it: what a window was asked and answered is in it as Playwright wrote it", async () => {
    const traceDir = mkdtempSync(join(tmpdir(), 'tokenstorm-trace-test-'));
    try {
      const client = await launch({ traceDir });
      const page = await client.window();
      const token = 'rt_a-token-a-window-was-shown-0123456789abcdef';
      await page.evaluate((value) => (document.body.textContent = value), token);
      await page.evaluate(() => document.body.textContent);
      await client.close();
      const file = join(traceDir, 'launch-1.zip');
      const whole = () => Object.values(unzipSync(readFileSync(file))).map((bytes) => Buffer.from(bytes).toString('latin1')).join('\n');
      expect(whole()).toContain(token);
      const outcome = redactTrace(file, [token]);
      expect(outcome.entries.length).toBeGreaterThan(0);
      expect(outcome.screenshotsRemoved).toBeGreaterThan(0);
      expect(whole()).not.toContain(token);
      expect(whole()).toContain(`[token ${fingerprint(token)}]`);
    } finally {
      rmSync(traceDir, { recursive: true, force: true });
    }
  });
});

describe('lastErrorOf', () => {
  it("puts main's last error line on the first line of a message, which is the line reports keep", () => {
    const output = [
      'node:internal/modules/esm/resolve:275',
      '    throw new ERR_MODULE_NOT_FOUND(',
      '          ^',
      '',
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/app/out/main/index.js' imported from /tmp/x.mjs",
      '    at finalizeResolution (node:internal/modules/esm/resolve:275:11) {',
      "  code: 'ERR_MODULE_NOT_FOUND'",
      '}',
      '',
      'Node.js v20.20.2',
    ].join('\n');
    expect(lastErrorOf(output)).toBe(" (last output: Error [ERR_MODULE_NOT_FOUND]: Cannot find module '/app/out/main/index.js' imported from /tmp/x.mjs)");
    expect(lastErrorOf('starting\nlistening on 1234\n')).toBe(' (last output: listening on 1234)');
    expect(lastErrorOf('')).toBe('');
  });
});
