import { describe, expect, it } from 'vitest';
import { createAuthApp, createAuthClient, createMemoryUserCache, type AuthClientOptions } from './auth-client.ts';
import { hasAuthErrorCode } from './errors.ts';
import type { TokenKey, TokenStore } from './ports.ts';
import { manualClock, memoryStore, queuedReplies, response, scriptedFetch, settle, type MemoryStore, type Reply, type SeenRequest } from './test-doubles.ts';
import { getPreset } from './variants.ts';

const BASE = 'http://idp.test';
const user = { id: 'u1', email: 'ada@example.test', name: 'Ada' };
const rotated = (n: number) => response(200, { accessToken: `a${n}`, refreshToken: `r${n}`, expiresIn: 900 });
const unauthorized = () => response(401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });

/** A tiny API: /api/notes accepts only the tokens listed in `valid`. */
function api(valid: Set<string>, refreshReplies: Reply[]) {
  const refresh = queuedReplies({ '/api/auth/refresh': refreshReplies });
  return (request: SeenRequest): Reply => {
    if (request.url.endsWith('/api/auth/refresh')) return refresh(request);
    if (request.url.endsWith('/api/auth/sign-in/email')) return response(200, { token: 'session-token', user });
    if (request.url.endsWith('/api/auth/sign-out')) return response(200, { success: true });
    const token = request.headers['Authorization']?.replace('Bearer ', '') ?? '';
    return valid.has(token) ? response(200, { notes: [], user }) : unauthorized();
  };
}

function setup(route: (request: SeenRequest) => Reply | Promise<Reply>, overrides: Partial<AuthClientOptions> = {}, tokens = { accessToken: 'a0', refreshToken: 'r0' }) {
  const clock = manualClock();
  const store = memoryStore(tokens);
  const fetch = scriptedFetch(route);
  const client = createAuthClient({ baseUrl: BASE, fetch, store, clock, random: () => 0.5, ...overrides });
  return { clock, store, fetch, client };
}

const paths = (requests: SeenRequest[]) => requests.map((r) => r.url.replace(BASE, ''));

describe('authenticatedFetch (recipe section 6, corrected)', () => {
  it('sends the stored access token as a Bearer header and passes a 200 through', async () => {
    const { client, fetch } = setup(api(new Set(['a0']), []));
    const res = await client.authenticatedFetch('/api/notes');
    expect(res.status).toBe(200);
    expect(fetch.requests[0]?.headers['Authorization']).toBe('Bearer a0');
  });

  it('sends tokens to the IdP API only: another origin or a path without "/" is refused before any request', async () => {
    const { client, fetch } = setup(api(new Set(['a0']), []), { baseUrl: `${BASE}//` });
    await expect(client.authenticatedFetch('http://elsewhere.test/anything')).rejects.toThrow("authenticatedFetch: http://elsewhere.test is not the IdP's API (http://idp.test); tokens are sent there only");
    await expect(client.authenticatedFetch('api/notes')).rejects.toThrow('authenticatedFetch: expected a path starting with "/" such as "/api/notes", got "api/notes"');
    expect(fetch.requests).toHaveLength(0);
    // The base's trailing slashes all go; an absolute URL on its own origin is fine.
    expect((await client.authenticatedFetch(`${BASE}/api/notes`)).status).toBe(200);
    expect((await client.authenticatedFetch('/api/notes')).status).toBe(200);
    expect(fetch.requests.map((request) => request.url)).toEqual([`${BASE}/api/notes`, `${BASE}/api/notes`]);
  });

  it('on 401 refreshes once and retries with the new token', async () => {
    const { client, fetch, store } = setup(api(new Set(['a1']), [rotated(1)]));
    const res = await client.authenticatedFetch('/api/notes', { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(paths(fetch.requests)).toEqual(['/api/notes', '/api/auth/refresh', '/api/notes']);
    expect(fetch.requests[2]?.headers['Authorization']).toBe('Bearer a1');
    expect(store.peek()).toEqual({ accessToken: 'a1', refreshToken: 'r1' });
  });

  it('retries only once: a second 401 is returned to the caller, not looped on', async () => {
    const { client, fetch } = setup(api(new Set(), [rotated(1), rotated(2)]));
    const res = await client.authenticatedFetch('/api/notes');
    expect(res.status).toBe(401);
    expect(fetch.requests.filter((r) => r.url.endsWith('/refresh'))).toHaveLength(1);
  });

  it('rejects with NO_SESSION when nothing is stored, without any request', async () => {
    const { client, fetch } = setup(api(new Set(), []), {}, { accessToken: null as never, refreshToken: null as never });
    await expect(client.authenticatedFetch('/api/notes')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'NO_SESSION'));
    expect(fetch.requests).toHaveLength(0);
  });

  it('after a definitive refresh failure rejects with SESSION_EXPIRED and shows the expired state', async () => {
    const { client, store } = setup(api(new Set(), [response(401, { error: 'invalid_grant' })]));
    await expect(client.authenticatedFetch('/api/notes')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'SESSION_EXPIRED'));
    await expect(client.authenticatedFetch('/api/notes')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'SESSION_EXPIRED'));
    expect(client.state().status).toBe('expired');
    expect(store.clears).toBe(1);
  });

  it('a network error on the API call is a typed NETWORK error and leaves the session alone', async () => {
    const { client, store } = setup(() => 'network-error');
    await expect(client.authenticatedFetch('/api/notes')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'NETWORK'));
    expect(store.peek().refreshToken).toBe('r0');
  });
});

describe('initialize (recipe "Flows": app startup)', () => {
  it('with nothing stored stays signed out and sends nothing', async () => {
    const { client, fetch } = setup(api(new Set(), []), {}, { accessToken: null as never, refreshToken: null as never });
    expect((await client.initialize()).status).toBe('signed-out');
    expect(fetch.requests).toHaveLength(0);
  });

  it('refreshes first (no request with the stale access token) and restores the cached user', async () => {
    const { client, fetch } = setup(api(new Set(['a1']), [rotated(1)]), { userCache: createMemoryUserCache(user) });
    const state = await client.initialize();
    expect(paths(fetch.requests)).toEqual(['/api/auth/refresh']);
    expect(state).toEqual({ status: 'authenticated', user, lastErrorCode: null });
  });

  it('offline at startup keeps the tokens and the cached user, status offline', async () => {
    const { client, store, clock } = setup(() => 'network-error', { userCache: createMemoryUserCache(user) });
    const pending = client.initialize();
    await clock.advance(120_000);
    const state = await pending;
    expect(state).toMatchObject({ status: 'offline', user, lastErrorCode: 'NETWORK' });
    expect(store.peek().refreshToken).toBe('r0');
  });

  it('access-first startup (the recipe’s getSession) throws away a valid refresh token when the access token expired', async () => {
    const { client, store, fetch } = setup(api(new Set(), [rotated(1)]), { switches: getPreset('access-first-startup').switches });
    expect((await client.initialize()).status).toBe('expired');
    expect(paths(fetch.requests)).toEqual(['/api/me']);
    expect(store.peek()).toEqual({ accessToken: null, refreshToken: null });
  });
});

describe('signIn and signOut', () => {
  it('stores BetterAuth’s single token as both access and refresh token and sends Origin', async () => {
    const { client, store, fetch } = setup(api(new Set(), []), { origin: 'app://tokenstorm' }, { accessToken: null as never, refreshToken: null as never });
    expect(await client.signIn('ada@example.test', 'pw')).toEqual(user);
    expect(store.peek()).toEqual({ accessToken: 'session-token', refreshToken: 'session-token' });
    expect(fetch.requests[0]?.headers['Origin']).toBe('app://tokenstorm');
    expect(client.state().status).toBe('authenticated');
  });

  it('a refused sign-in is SIGN_IN_FAILED and stores nothing', async () => {
    const { client, store } = setup(() => response(401, { code: 'INVALID_EMAIL_OR_PASSWORD' }), {}, { accessToken: null as never, refreshToken: null as never });
    await expect(client.signIn('ada@example.test', 'wrong')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'SIGN_IN_FAILED'));
    expect(store.writes).toHaveLength(0);
  });

  it('sign-out clears locally first, then revokes server-side with the old token', async () => {
    const order: string[] = [];
    const { client, store } = setup((request) => {
      order.push(`${request.url.replace(BASE, '')} (store ${store.peek().accessToken ?? 'empty'})`);
      return response(200, {});
    });
    await client.signOut();
    expect(order).toEqual(['/api/auth/sign-out (store empty)']);
    expect(client.state().status).toBe('signed-out');
  });

  it('sign-out during an in-flight refresh leaves no tokens behind', async () => {
    let answer: (reply: Reply) => void = () => {};
    const { client, store } = setup((request) =>
      request.url.endsWith('/refresh') ? new Promise<Reply>((resolve) => (answer = resolve)) : request.url.endsWith('/sign-out') ? response(200) : unauthorized(),
    );
    const call = client.authenticatedFetch('/api/notes');
    await settle();
    await client.signOut();
    answer(rotated(1));
    await expect(call).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'SIGNED_OUT'));
    expect(store.peek()).toEqual({ accessToken: null, refreshToken: null });
  });
});

describe('createAuthApp: windows', () => {
  it('with coordination in main, windows share one refresh and all see the expiry', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const fetch = scriptedFetch(api(new Set(), [response(401, { error: 'invalid_grant' })]));
    const app = createAuthApp({ baseUrl: BASE, fetch, store, clock: manualClock() });
    const [w1, w2] = [app.openWindow(), app.openWindow()];
    await Promise.allSettled([w1.authenticatedFetch('/api/notes'), w2.authenticatedFetch('/api/notes')]);
    expect(fetch.requests.filter((r) => r.url.endsWith('/refresh'))).toHaveLength(1);
    expect([w1.state().status, w2.state().status]).toEqual(['expired', 'expired']);
  });

  it('with a mutex per renderer (the recipe), two windows present the same refresh token', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const fetch = scriptedFetch(api(new Set(['a1', 'a2']), [rotated(1), rotated(2)]));
    const app = createAuthApp({ baseUrl: BASE, fetch, store, clock: manualClock(), switches: getPreset('per-renderer-mutex').switches });
    expect(app.coordinator).toBeNull();
    await Promise.all([app.openWindow().authenticatedFetch('/api/notes'), app.openWindow().authenticatedFetch('/api/notes')]);
    expect(fetch.requests.filter((r) => r.url.endsWith('/refresh')).map((r) => r.body)).toEqual([{ refreshToken: 'r0' }, { refreshToken: 'r0' }]);
  });
});

/** `store`, except that the next read of each key in `failing` rejects, as secure storage over IPC can. */
function failingReads(store: MemoryStore, failing: TokenKey[]): TokenStore {
  const pending = new Set(failing);
  return {
    get: (key) => (pending.delete(key) ? Promise.reject(new Error('IPC: decrypt failed')) : store.get(key)),
    set: (pair) => store.set(pair),
    clear: () => store.clear(),
  };
}

describe('a failing token store', () => {
  it('a failed read during a refresh reaches the caller as AuthError STORAGE, and the next call refreshes and succeeds', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const { client, fetch } = setup(api(new Set(['a1']), [rotated(1)]), { store: failingReads(store, ['refreshToken']) });
    await expect(client.authenticatedFetch('/api/notes')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'STORAGE'));
    expect((await client.authenticatedFetch('/api/notes')).status).toBe(200);
    expect(paths(fetch.requests)).toEqual(['/api/notes', '/api/notes', '/api/auth/refresh', '/api/notes']);
    expect(store.peek()).toEqual({ accessToken: 'a1', refreshToken: 'r1' });
  });

  it('a failed read of the access token is STORAGE too, at startup and on a call', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const { client, fetch } = setup(api(new Set(['a0']), []), { store: failingReads(store, ['accessToken']) });
    await expect(client.initialize()).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'STORAGE'));
    const { client: caller } = setup(api(new Set(['a0']), []), { store: failingReads(store, ['accessToken']) });
    await expect(caller.authenticatedFetch('/api/notes')).rejects.toSatisfy((e) => hasAuthErrorCode(e, 'STORAGE'));
    expect((await caller.authenticatedFetch('/api/notes')).status).toBe(200);
    expect(fetch.requests).toHaveLength(0);
  });
});
