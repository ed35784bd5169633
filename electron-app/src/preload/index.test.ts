import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, SEND_CHANNELS } from '../shared/ipc-contract.ts';

const exposed = new Map<string, Record<string, unknown>>();
const invoked: unknown[][] = [];
const sent: unknown[][] = [];
const listeners = new Map<string, ((event: unknown, payload: unknown) => void)[]>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { success: true, data: 'ok' };
    },
    send: (...args: unknown[]) => void sent.push(args),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener)),
  },
}));

type Fn = (...args: unknown[]) => unknown;

/** Every function of an exposed API, by dotted name. */
function functionsOf(api: Record<string, unknown>, prefix = ''): [string, Fn][] {
  return Object.entries(api).flatMap(([key, value]) =>
    typeof value === 'function' ? [[`${prefix}${key}`, value as Fn] as [string, Fn]] : functionsOf(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

describe('preload (contextBridge surface)', () => {
  beforeEach(async () => {
    vi.resetModules();
    exposed.clear();
    invoked.length = 0;
    sent.length = 0;
    listeners.clear();
    await import('./index.ts');
  });

  it('exposes window.secureStorage with exactly the recipe’s five calls, and window.tokenstorm — never ipcRenderer', () => {
    expect([...exposed.keys()]).toEqual(['secureStorage', 'tokenstorm']);
    expect(Object.keys(exposed.get('secureStorage')!)).toEqual(['isAvailable', 'setToken', 'getToken', 'deleteToken', 'clearAll']);
    const everything = JSON.stringify([...exposed.values()].map((api) => functionsOf(api).map(([name]) => name)));
    expect(everything).not.toMatch(/ipcRenderer|invoke"|send"|require|process/);
  });

  it('maps each secureStorage call to its channel', async () => {
    const storage = exposed.get('secureStorage') as Record<string, Fn>;
    await storage['setToken']!('refreshToken', 'v');
    await storage['getToken']!('accessToken');
    await storage['clearAll']!();
    expect(invoked).toEqual([['secure-storage:set', 'refreshToken', 'v'], ['secure-storage:get', 'accessToken'], ['secure-storage:clear']]);
  });

  it('reaches every channel of the contract through exactly one exposed function', async () => {
    const functions = [...exposed.values()].flatMap((api) => functionsOf(api)).filter(([name]) => !name.startsWith('app.on') && !/\.on[A-Z]/.test(name));
    for (const [, fn] of functions) await fn({ type: 'renderer.ready' }, 'x');
    const channels = [...invoked, ...sent].map(([channel]) => channel);
    expect([...channels].sort()).toEqual([...INVOKE_CHANNELS, ...SEND_CHANNELS].sort());
  });

  it('hands listeners the payload only, never the IPC event, and can unsubscribe', () => {
    const tokenstorm = exposed.get('tokenstorm') as { session: { onTokenInfo(listener: (...args: unknown[]) => void): () => void } };
    const received: unknown[][] = [];
    const unsubscribe = tokenstorm.session.onTokenInfo((...args) => received.push(args));
    listeners.get('auth:token-info')![0]!({ sender: 'secret webContents' }, { signedIn: true });
    expect(received).toEqual([[{ signedIn: true }]]);
    unsubscribe();
    expect(listeners.get('auth:token-info')).toEqual([]);
  });
});
