/// <reference lib="dom" />
/**
 * Conformance of the chromium driver with Electron for an app of a team's own
 * (fixtures/own-app): a CommonJS main with its own package.json, preloads that
 * compute values as they run, expose after an await or were written for
 * `sandbox: false`, `userData` under `appData`, and a fire-and-forget promise
 * that rejects in main.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EMULATED_ELECTRON_VERSION } from './app-identity.ts';
import { withFreshTmpdir } from '../tmpdir-test-support.ts';
import { fixtureClients } from './launch-test-support.ts';

const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/own-app/${file}`, import.meta.url));
const MAIN = fixture('main.cjs');
const { driver, launch } = fixtureClients(MAIN);

type Electron = { app: { getPath(name: string): string; setPath(name: string, path: string): void; getName(): string; getVersion(): string } };
/** What the fixture's preloads expose, as the page sees it. */
interface Exposed {
  appInfo: { href: string; nonce: number; readNonce(): number; versions: { electron?: string; chrome?: string }; nested: { list: [number, { deep: boolean }]; greet(name: string): string } };
  storage: { write(): Promise<string> };
  late: { signedIn: boolean; ping(): string };
  refused(): string[];
}
const inPage = <T>(page: Page, fn: () => T) => page.evaluate(fn);

describe('chromium driver: unhandled rejections in main, as Electron (--unhandled-rejections=warn-with-error-code)', () => {
  it('warns in the output and keeps main and its windows serving', async () => {
    const client = await launch();
    const page = await client.window();
    await client.evaluateMain(() => void Promise.reject(new Error('telemetry: fetch failed')));
    await expect.poll(() => client.output(), { timeout: 5_000 }).toMatch(/UnhandledPromiseRejectionWarning: Error: telemetry: fetch failed/);
    expect(await client.evaluateMain(() => 'still serving')).toBe('still serving');
    expect(await inPage(page, () => (window as unknown as Exposed).appInfo.readNonce())).toEqual(expect.any(Number));
  });

  it("leaves a rejection to the app's own unhandledRejection listener, without the warning", async () => {
    const client = await launch();
    await client.window();
    type Seen = { seen?: string[] };
    await client.evaluateMain(() => {
      const sink = globalThis as unknown as Seen & { listener?: (reason: Error) => void };
      sink.seen = [];
      sink.listener = (reason) => sink.seen!.push(reason.message);
      process.on('unhandledRejection', sink.listener);
      void Promise.reject(new Error('handled by the app'));
    });
    await expect.poll(() => client.evaluateMain(() => (globalThis as unknown as Seen).seen), { timeout: 5_000 }).toEqual(['handled by the app']);
    // Without the listener, the next one warns: the output is in order, so a warning for the first would be there by now.
    await client.evaluateMain(() => {
      process.off('unhandledRejection', (globalThis as unknown as { listener: () => void }).listener);
      void Promise.reject(new Error('nobody listens'));
    });
    await expect.poll(() => client.output(), { timeout: 5_000 }).toContain('Error: nobody listens');
    expect(client.output()).not.toContain('handled by the app');
  });
});

describe('chromium driver: contextBridge exposes what the preload computed in the page', () => {
  it('gives the page the values of the preload run in it: location, random numbers, process.versions', async () => {
    const page = await (await launch()).window();
    const info = await inPage(page, () => ({ ...(window as unknown as Exposed).appInfo, readNonce: (window as unknown as Exposed).appInfo.readNonce(), url: location.href }));
    expect(info.href).toBe(info.url);
    // The same number the preload's own function returns from the page: not one from a dry run elsewhere.
    expect(info.nonce).toBe(info.readNonce);
    expect(info.versions).toEqual({ electron: EMULATED_ELECTRON_VERSION, chrome: page.context().browser()!.version() });
    expect(info.versions).toEqual({ electron: expect.stringMatching(/^\d+\.\d+\.\d+/), chrome: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/) });
  });

  it('copies nested objects and arrays, deep-frozen, with their functions callable', async () => {
    const page = await (await launch()).window();
    const nested = await inPage(page, () => {
      const value = (window as unknown as Exposed).appInfo.nested;
      return { list: value.list, greeting: value.greet('page'), frozen: [Object.isFrozen(value), Object.isFrozen(value.list), Object.isFrozen(value.list[1])] };
    });
    expect(nested).toEqual({ list: [1, { deep: true }], greeting: 'hello page', frozen: [true, true, true] });
  });

  it('exposes what the preload exposes after an await, once it does', async () => {
    const page = await (await launch()).window();
    await page.waitForFunction(() => 'late' in window, undefined, { timeout: 5_000 });
    expect(await inPage(page, () => ({ signedIn: (window as unknown as Exposed).late.signedIn, ping: (window as unknown as Exposed).late.ping() }))).toEqual({ signedIn: false, ping: 'pong' });
  });

  it("refuses what Electron refuses with Electron's message, and what it cannot copy as JSON loudly, naming it", async () => {
    const page = await (await launch()).window();
    const refused = await inPage(page, () => (window as unknown as Exposed).refused());
    expect(refused).toEqual([
      'Cannot bind an API on top of an existing property on the window object',
      'Cannot bind an API on top of an existing property on the window object',
      expect.stringMatching(/^contextBridge\.exposeInMainWorld: the tokenstorm chromium driver copies exposed values as JSON and cannot copy big\.count \(.*BigInt/),
    ]);
    expect(await inPage(page, () => 'big' in window)).toBe(false);
  });
});

describe('chromium driver: sandbox: false', () => {
  it("says why a preload's require of a Node module fails, in the preload's error and in the output", async () => {
    const client = await launch({ env: { FIXTURE_PRELOAD: 'preload-node.cjs', FIXTURE_SANDBOX: 'false' } });
    const page = await client.window();
    expect(await inPage(page, () => 'config' in window)).toBe(false);
    const output = client.output();
    expect(output).toContain('[tokenstorm chromium driver] BrowserWindow 1 asked for sandbox: false; the driver runs every preload sandboxed');
    expect(output).toContain(
      `[window 1] Unable to load preload script: ${fixture('preload-node.cjs')}\nError: module not found: fs — the tokenstorm chromium driver runs every preload sandboxed (sandbox: false is not supported): require gives electron, events, timers and url`,
    );
  });
});

describe('chromium driver: app paths, name and version', () => {
  it("gives each client a home of its own (appData, documents, …), kept by restart and removed by dispose, with userData the profile", async () => {
    await withFreshTmpdir(async (left, tmp) => {
      const client = await driver.launch({ main: MAIN });
      const other = await driver.launch({ main: MAIN });
      try {
        const names = ['home', 'appData', 'userData', 'sessionData', 'temp', 'desktop', 'documents', 'downloads', 'music', 'pictures', 'videos', 'logs', 'crashDumps'];
        const paths = await client.evaluateMain((electron: Electron, wanted: string[]) => Object.fromEntries(wanted.map((name) => [name, electron.app.getPath(name)])), names);
        const home = paths.home!;
        expect(home.startsWith(join(tmp, 'tokenstorm-home-'))).toBe(true);
        expect(paths).toEqual({
          home,
          appData: join(home, '.config'),
          userData: client.profileDir,
          sessionData: client.profileDir,
          temp: tmp,
          desktop: join(home, 'Desktop'),
          documents: join(home, 'Documents'),
          downloads: join(home, 'Downloads'),
          music: join(home, 'Music'),
          pictures: join(home, 'Pictures'),
          videos: join(home, 'Videos'),
          logs: join(client.profileDir, 'logs'),
          crashDumps: join(client.profileDir, 'Crashpad'),
        });
        expect(await client.evaluateMain(() => process.env.HOME)).toBe(home);
        expect(await other.evaluateMain((electron: Electron) => electron.app.getPath('appData'))).not.toBe(paths.appData);
        await client.restart();
        expect(await client.evaluateMain((electron: Electron) => electron.app.getPath('home'))).toBe(home);
        await client.dispose();
        expect(existsSync(home)).toBe(false);
        await other.dispose();
        expect(left()).toEqual([]);
      } finally {
        await Promise.all([client.dispose(), other.dispose()]);
      }
    });
  });

  it('keeps userData set under appData inside the client, across a restart', async () => {
    const client = await launch({ env: { FIXTURE_SET_USER_DATA: '1' } });
    const page = await client.window();
    const written = await inPage(page, () => (window as unknown as Exposed).storage.write());
    const home = await client.evaluateMain((electron: Electron) => electron.app.getPath('home'));
    expect(written).toBe(join(home, '.config', 'NotesDesktop', 'auth.json'));
    await client.restart();
    expect(readFileSync(written, 'utf8')).toBe('{}');
    expect(await client.evaluateMain((electron: Electron) => electron.app.getPath('userData'))).toBe(join(home, '.config', 'NotesDesktop'));
  });

  it("fails for names Electron does not know with Electron's message, and names it supports but the driver cannot give", async () => {
    const client = await launch();
    const call = (source: string) => client.evaluateMain((electron: Electron, code: string) => new Function('app', code)(electron.app) as unknown, source);
    await expect(call("return app.getPath('recent')")).rejects.toThrow("Failed to get 'recent' path");
    await expect(call("return app.getPath('nope')")).rejects.toThrow("Failed to get 'nope' path");
    for (const name of ['exe', 'module', 'assets']) {
      await expect(call(`return app.getPath('${name}')`)).rejects.toThrow(`electron API app.getPath('${name}') is not implemented by the tokenstorm chromium driver`);
    }
    await expect(call("app.setPath('nope', '/tmp/x')")).rejects.toThrow('Failed to set path');
    await expect(call("app.setPath('userData', 'relative/dir')")).rejects.toThrow('Path must be absolute');
  });

  it("answers getName and getVersion from the app's package.json, productName first", async () => {
    const client = await launch();
    expect(await client.evaluateMain((electron: Electron) => [electron.app.getName(), electron.app.getVersion()])).toEqual(['Notes Desktop', '1.2.0']);
  });

  it('tells main it runs in Electron, as an app checks: process.type and process.versions.electron', async () => {
    const client = await launch();
    expect(await client.evaluateMain(() => [(process as unknown as { type: string }).type, process.versions['electron']])).toEqual(['browser', EMULATED_ELECTRON_VERSION]);
  });
});

describe('chromium driver: a main entry that does not exist', () => {
  it('fails the launch at once, naming the path, and leaves nothing behind', async () => {
    await withFreshTmpdir(async (left, tmp) => {
      const missing = join(tmp, 'app', 'mian.js');
      await expect(driver.launch({ main: missing })).rejects.toThrow(new TypeError(`main entry ${missing} does not exist`));
      expect(left()).toEqual([]);
    });
  });
});
