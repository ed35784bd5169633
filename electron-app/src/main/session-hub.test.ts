import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RETRY_POLICY, getPreset, type PresetName } from '../core/index.ts';
import { manualClock, response, scriptedFetch, settle, type Reply } from '../core/test-doubles.ts';
import type { PushChannel } from '../shared/ipc-contract.ts';
import { SecureStorageService } from './secure-storage-service.ts';
import { parseSessionEvent, SessionHub } from './session-hub.ts';
import { fakeSafeStorage } from './test-support/electron-double.ts';

vi.mock('electron', async () => (await import('./test-support/electron-double.ts')).electronModule());

const IDP = 'http://idp.test';

describe('SessionHub (refresh coordination across windows)', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'tokenstorm-hub-'));
    fakeSafeStorage.reset();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  function setup(variant: PresetName, route: (url: string) => Reply | Promise<Reply>) {
    const storage = new SecureStorageService({ cwd, platform: 'darwin' });
    storage.setPair({ accessToken: 'at-0', refreshToken: 'rt-0' });
    const fetch = scriptedFetch((request) => route(request.url));
    const broadcasts: { channel: PushChannel; payload: unknown }[] = [];
    const events: { window: string; type: string; fields: Record<string, unknown> }[] = [];
    const clock = manualClock();
    const hub = new SessionHub({
      idpUrl: IDP,
      switches: getPreset(variant).switches,
      policy: DEFAULT_RETRY_POLICY,
      storage,
      fetch,
      clock,
      random: () => 0.5,
      windows: { broadcast: (channel, payload) => void broadcasts.push({ channel, payload }) },
      log: { record: (window, type, fields = {}) => void events.push({ window, type, fields }) as never },
    });
    return { hub, storage, fetch, broadcasts, events, clock };
  }

  it('lets two windows that both saw a 401 share one refresh, and tells every window', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { hub, storage, fetch, broadcasts } = setup('reference', async () => {
      await gate;
      return response(200, { accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 900 });
    });
    const fromW1 = hub.refresh({ kind: 'rejected-access', accessToken: 'at-0' });
    const fromW2 = hub.refresh({ kind: 'rejected-access', accessToken: 'at-0' });
    await settle();
    release();
    expect(await Promise.all([fromW1, fromW2])).toEqual([
      { success: true, data: { accessToken: 'at-1' } },
      { success: true, data: { accessToken: 'at-1' } },
    ]);
    expect(fetch.requests.filter((r) => r.url === `${IDP}/api/auth/refresh`)).toHaveLength(1);
    expect(fetch.requests[0]!.body).toEqual({ refreshToken: 'rt-0' });
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: 'rt-1' });
    expect(broadcasts.map((b) => (b.payload as { event: { type: string } }).event.type)).toEqual(['refresh-started', 'refresh-succeeded']);
  });

  it('answers a definitive rejection with SESSION_EXPIRED once, clears the tokens, and marks every window expired', async () => {
    const { hub, storage, broadcasts } = setup('reference', () => response(401, { error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' }));
    const result = await hub.refresh({ kind: 'startup' });
    expect(result).toMatchObject({ success: false, code: 'SESSION_EXPIRED' });
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: undefined });
    expect(broadcasts.at(-1)?.payload).toEqual({ event: { type: 'refresh-failed', code: 'SESSION_EXPIRED', sessionEnded: true }, expired: true });
  });

  it('answers a stored token that no longer decrypts with STORAGE, leaving the tokens and every window as they were', async () => {
    const { hub, storage, fetch, broadcasts, events } = setup('reference', () => response(200, { accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 900 }));
    const key = fakeSafeStorage.key;
    fakeSafeStorage.key = Buffer.alloc(32, 7); // the keychain now answers with another key
    const result = await hub.refresh({ kind: 'startup' });
    expect(result).toMatchObject({ success: false, code: 'STORAGE' });
    expect(fetch.requests).toEqual([]);
    // Not "no session": nothing tells the windows to sign out, and the stored blobs are untouched.
    expect(broadcasts.map((b) => (b.payload as { event: { type: string } }).event.type)).not.toContain('no-session');
    fakeSafeStorage.key = key;
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: 'rt-0' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'token.read-failed', fields: expect.objectContaining({ errorCode: 'DECRYPTION_FAILED' }) }));
  });

  it('keeps the tokens on a 503 and logs the backoff it schedules, with Retry-After as the floor', async () => {
    const { hub, storage, events, clock } = setup('reference', () => response(503, { error: 'unavailable' }, { 'retry-after': '3' }));
    const pending = hub.refresh({ kind: 'startup' });
    for (let i = 0; i < 10; i++) await clock.advance(30_000);
    expect(await pending).toMatchObject({ success: false, code: 'REFRESH_SERVER_ERROR' });
    expect(storage.getToken('refreshToken')).toEqual({ success: true, data: 'rt-0' });
    const waits = events.filter((e) => e.type === 'retry.scheduled').map((e) => e.fields);
    expect(waits.length).toBe(DEFAULT_RETRY_POLICY.maxAttempts - 1);
    for (const wait of waits) expect(wait).toMatchObject({ reason: 'server-error (503)', retryAfterMs: 3000 });
    expect(waits.map((w) => w['delayMs'] as number).every((ms) => ms >= 3000)).toBe(true);
    // The request deadline timers are not reported as waits.
    expect(waits.some((w) => w['delayMs'] === DEFAULT_RETRY_POLICY.requestTimeoutMs)).toBe(false);
  });

  it('in per-window variants has no coordinator, and its authenticated fetch is the recipe’s: Bearer, no refresh', async () => {
    const { hub, fetch } = setup('recipe-as-written', () => response(401, { error: 'invalid_token' }));
    expect(hub.coordinator).toBeNull();
    await expect(hub.refresh({ kind: 'startup' })).rejects.toThrow(TypeError);
    const answer = await hub.authenticatedFetch('/api/notes', { method: 'GET' });
    expect(answer.status).toBe(401);
    expect(fetch.requests).toMatchObject([{ url: `${IDP}/api/notes`, headers: { Authorization: 'Bearer at-0' } }]);
  });

  it('refuses a malformed refresh reason or session event from a renderer', async () => {
    const { hub } = setup('reference', () => response(500));
    await expect(hub.refresh({ kind: 'whatever' })).rejects.toMatchObject({ code: 'INVALID_IPC_ARGUMENT' });
    expect(() => parseSessionEvent({ type: 'refresh-failed', code: 'NOPE', sessionEnded: true })).toThrow(/malformed/);
    expect(() => parseSessionEvent({ type: 'signed-in', user: { id: 1 } })).toThrow(/user.id/);
    expect(parseSessionEvent({ type: 'signed-in', user: { id: 'u', email: 'e@x', name: 'E', extra: 'dropped' } })).toEqual({ type: 'signed-in', user: { id: 'u', email: 'e@x', name: 'E' } });
  });
});
