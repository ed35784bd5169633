import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkLaunchOptions, WINDOW_WAIT_MS, windowNotOpenedMessage } from './types.ts';

describe('checkLaunchOptions', () => {
  it('accepts what the fixtures and the runner pass, optional options left undefined', () => {
    expect(() => checkLaunchOptions({ main: fileURLToPath(import.meta.url), idpUrl: 'http://127.0.0.1:1', variant: 'reference', profileDir: undefined, safeStorage: undefined, args: ['--x'], env: { A: '1' }, onOpenExternal: () => undefined })).not.toThrow();
  });

  it.each([
    [{}, 'launch option "main" must be the path of the built main entry (a non-empty string), got undefined'],
    [{ main: 42 }, 'launch option "main" must be the path of the built main entry (a non-empty string), got 42'],
    [{ main: 'm.js', args: '--foo' }, 'launch option "args" must be an array of strings, got "--foo"'],
    [{ main: 'm.js', args: ['--a', 1] }, 'launch option "args" must be an array of strings; args[1] is 1'],
    [{ main: 'm.js', env: 'A=1' }, 'launch option "env" must be an object whose values are strings, got "A=1"'],
    [{ main: 'm.js', env: { A: 1 } }, 'launch option "env" must be an object whose values are strings; env.A is 1'],
    [{ main: 'm.js', safeStorage: 'nope' }, 'launch option "safeStorage" must be "available" or "unavailable", got "nope"'],
    [{ main: 'm.js', idpUrl: 'not a url' }, 'launch option "idpUrl" must be an http(s) URL, got "not a url"'],
    [{ main: 'm.js', profileDir: 5 }, 'launch option "profileDir" must be a non-empty string when given, got 5'],
    [{ main: 'm.js', traceDir: '' }, 'launch option "traceDir" must be a non-empty string when given, got ""'],
    [{ main: 'm.js', onOpenExternal: 'yes' }, 'launch option "onOpenExternal" must be a function (url) => void, got "yes"'],
    [{ main: 'm.js', allowInsecureWebPreferences: 'true' }, 'launch option "allowInsecureWebPreferences" must be a boolean, got "true"'],
    [{ main: 'm.js', safestorage: 'unavailable' }, 'unknown launch option "safestorage": expected one of main, variant, idpUrl, profileDir, traceDir, args, env, safeStorage, allowInsecureWebPreferences, onOpenExternal'],
    ['m.js', 'launch options must be an object, got "m.js"'],
  ])('refuses %j with a TypeError naming the option and what was expected', (options, message) => {
    expect(() => checkLaunchOptions(options)).toThrow(new TypeError(message));
  });

  it('refuses a main entry that does not exist at once, naming the path (and how a relative one was resolved)', () => {
    expect(() => checkLaunchOptions({ main: '/nowhere/app/mian.js' })).toThrow(new TypeError('main entry /nowhere/app/mian.js does not exist'));
    expect(() => checkLaunchOptions({ main: 'app/mian.js' })).toThrow(new TypeError(`main entry ${join(process.cwd(), 'app/mian.js')} does not exist (launch option "main" is "app/mian.js", resolved against ${process.cwd()})`));
  });

  it('takes an app directory as the main entry, as Electron does', () => {
    expect(() => checkLaunchOptions({ main: fileURLToPath(new URL('.', import.meta.url)) })).not.toThrow();
  });
});

describe('window(index) waits', () => {
  it("give up well before Playwright Test's default 30 s test timeout, so the reason is what a test reports", () => {
    expect(WINDOW_WAIT_MS).toBeLessThanOrEqual(15_000);
  });

  it('say the app opened no window, or which windows there are', () => {
    expect(windowNotOpenedMessage(0, 0, 100)).toBe('the client has opened no window; window 0 did not open within 100 ms');
    expect(windowNotOpenedMessage(2, 2, 100)).toBe('the client has 2 window(s) open (index 0 to 1); window 2 did not open within 100 ms');
  });
});
