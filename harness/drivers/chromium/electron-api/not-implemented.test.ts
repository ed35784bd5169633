import { describe, expect, it } from 'vitest';
import { unimplementedApi, withUnimplementedMembers } from './not-implemented.ts';

const missing = (api: string) => `electron API ${api} is not implemented by the tokenstorm chromium driver (electron-app/ELECTRON_API.md lists what it implements)`;

describe('unimplementedApi', () => {
  it('throws, naming the API, when a module is read, called or constructed', () => {
    const session = unimplementedApi('session') as { defaultSession: unknown };
    expect(() => session.defaultSession).toThrow(missing('session'));
    const Tray = unimplementedApi('Tray') as new (icon: string) => unknown;
    expect(() => new Tray('/icon.png')).toThrow(missing('Tray'));
    expect(() => (unimplementedApi('screen') as () => unknown)()).toThrow(missing('screen'));
  });

  it('can be awaited and serialised without throwing', async () => {
    const session = unimplementedApi('session');
    await expect(Promise.resolve(session)).resolves.toBe(session);
    expect((session as { then?: unknown }).then).toBeUndefined();
  });
});

describe('withUnimplementedMembers', () => {
  const app = withUnimplementedMembers({ getName: () => 'app', _internal: 1 } as Record<string, unknown>, 'app');

  it('keeps what is implemented and throws, naming it, for a member that is not', () => {
    expect((app.getName as () => string)()).toBe('app');
    expect(() => app.getAppPath).toThrow(missing('app.getAppPath'));
  });

  it('reads as undefined what Electron leaves undefined on Linux, internals and probes', () => {
    expect(app.dock).toBeUndefined();
    expect(app._events).toBeUndefined();
    expect(app.then).toBeUndefined();
    expect(app[Symbol.iterator as unknown as string]).toBeUndefined();
  });
});
