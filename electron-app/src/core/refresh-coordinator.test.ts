import { describe, expect, it } from 'vitest';
import { hasAuthErrorCode } from './errors.ts';
import type { TokenStore } from './ports.ts';
import { createRefreshCoordinator, type RefreshCoordinatorOptions } from './refresh-coordinator.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import type { SessionEvent } from './session-state.ts';
import { manualClock, memoryStore, queuedReplies, response, scriptedFetch, settle, type MemoryStore, type Reply } from './test-doubles.ts';
import { getPreset, REFERENCE_SWITCHES } from './variants.ts';

const BASE = 'http://idp.test';
const rotated = (n: number) => response(200, { accessToken: `a${n}`, refreshToken: `r${n}`, expiresIn: 900 });

function setup(refreshReplies: Reply[], overrides: Partial<RefreshCoordinatorOptions> = {}) {
  const clock = manualClock();
  const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
  const fetch = scriptedFetch(queuedReplies({ '/api/auth/refresh': refreshReplies }));
  const events: SessionEvent['type'][] = [];
  const coordinator = createRefreshCoordinator({ baseUrl: BASE, fetch, store, clock, random: () => 0.5, ...overrides });
  coordinator.subscribe((e) => events.push(e.type));
  return { clock, store, fetch, coordinator, events };
}

const expired = { kind: 'rejected-access', accessToken: 'a0' } as const;

describe('refresh coordinator: single flight', () => {
  it('concurrent callers for the same expired token share one refresh and all get the new token', async () => {
    const { coordinator, fetch, store } = setup([rotated(1)]);
    const results = await Promise.all([coordinator.refresh(expired), coordinator.refresh(expired), coordinator.refresh(expired)]);
    expect(fetch.requests).toHaveLength(1);
    expect(fetch.requests[0]?.body).toEqual({ refreshToken: 'r0' });
    expect(results).toEqual(Array(3).fill({ ok: true, accessToken: 'a1' }));
    expect(store.peek()).toEqual({ accessToken: 'a1', refreshToken: 'r1' });
  });

  it('without single flight every caller presents the same refresh token (the classic race)', async () => {
    const { coordinator, fetch } = setup([rotated(1), rotated(2)], { switches: getPreset('no-single-flight').switches });
    await Promise.all([coordinator.refresh(expired), coordinator.refresh(expired)]);
    expect(fetch.requests.map((r) => r.body)).toEqual([{ refreshToken: 'r0' }, { refreshToken: 'r0' }]);
  });
});

describe('refresh coordinator: stale 401', () => {
  it('answers a 401 for an already-replaced token with the current token, without refreshing', async () => {
    const { coordinator, fetch, store } = setup([rotated(9)]);
    await store.set({ accessToken: 'a1', refreshToken: 'r1' });
    expect(await coordinator.refresh(expired)).toEqual({ ok: true, accessToken: 'a1' });
    expect(fetch.requests).toHaveLength(0);
  });

  it('with stale-token detection off, refreshes again (the stale-401 bug)', async () => {
    const { coordinator, fetch, store } = setup([rotated(2)], { switches: getPreset('stale-401-refresh').switches });
    await store.set({ accessToken: 'a1', refreshToken: 'r1' });
    await coordinator.refresh(expired);
    expect(fetch.requests).toHaveLength(1);
  });

  it('a caller joining an operation that answered with the very token it saw fail gets a real refresh', async () => {
    const { coordinator, fetch, store } = setup([rotated(2)]);
    await store.set({ accessToken: 'a1', refreshToken: 'r1' });
    // The first caller's 401 was for a0 (stale: answered with a1); the second saw a1 itself fail.
    const [first, second] = await Promise.all([coordinator.refresh(expired), coordinator.refresh({ kind: 'rejected-access', accessToken: 'a1' })]);
    expect(first).toEqual({ ok: true, accessToken: 'a1' });
    expect(second).toEqual({ ok: true, accessToken: 'a2' });
    expect(fetch.requests.map((r) => r.body)).toEqual([{ refreshToken: 'r1' }]);
  });
});

describe('refresh coordinator: rotation', () => {
  it('stores the rotated refresh token', async () => {
    const { coordinator, store } = setup([rotated(1)]);
    await coordinator.refresh(expired);
    expect(store.peek().refreshToken).toBe('r1');
  });

  it('with persistRotatedRefreshToken off keeps the superseded one (the drops-rotated-refresh bug)', async () => {
    const { coordinator, store } = setup([rotated(1)], { switches: getPreset('drops-rotated-refresh').switches });
    await coordinator.refresh(expired);
    expect(store.peek()).toEqual({ accessToken: 'a1', refreshToken: 'r0' });
  });
});

describe('refresh coordinator: definitive failure', () => {
  it('clears the tokens once, publishes expiry, and rejects every waiting caller with SESSION_EXPIRED', async () => {
    const { coordinator, store, events } = setup([response(401, { error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' })]);
    const results = await Promise.all([coordinator.refresh(expired), coordinator.refresh(expired)]);
    for (const result of results) expect(result.ok ? null : result.error.code).toBe('SESSION_EXPIRED');
    expect(store.clears).toBe(1);
    expect(coordinator.isExpired()).toBe(true);
    expect(events).toEqual(['refresh-started', 'refresh-failed']);
  });

  it('later callers learn the session expired without another request', async () => {
    const { coordinator, fetch } = setup([response(403, { error: 'access_denied' })]);
    await coordinator.refresh(expired);
    const later = await coordinator.refresh(expired);
    expect(later.ok ? null : later.error.code).toBe('SESSION_EXPIRED');
    expect(fetch.requests).toHaveLength(1);
  });
});

describe('refresh coordinator: transient failures and backoff', () => {
  it('retries a 503 after a jittered backoff and keeps the tokens meanwhile', async () => {
    const { coordinator, fetch, store, clock } = setup([response(503), rotated(1)]);
    const pending = coordinator.refresh(expired);
    await settle();
    expect(fetch.requests).toHaveLength(1);
    await clock.advance(499);
    expect(fetch.requests).toHaveLength(1);
    await clock.advance(1_000);
    expect(await pending).toEqual({ ok: true, accessToken: 'a1' });
    expect(store.clears).toBe(0);
  });

  it('never retries before Retry-After', async () => {
    const { coordinator, fetch, clock } = setup([response(429, {}, { 'Retry-After': '30' }), rotated(1)]);
    const pending = coordinator.refresh(expired);
    await clock.advance(29_999);
    expect(fetch.requests).toHaveLength(1);
    await clock.advance(1);
    expect((await pending).ok).toBe(true);
  });

  it('gives up after maxAttempts with the transient code, tokens kept, and remembers the backoff for the next caller', async () => {
    const { coordinator, fetch, store, clock, events } = setup(['network-error'], { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 2 } });
    const pending = coordinator.refresh(expired);
    await clock.advance(750); // first backoff: half of 1 s plus half of the jitter half (random 0.5)
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('NETWORK');
    expect(fetch.requests).toHaveLength(2);
    expect(store.peek().refreshToken).toBe('r0');
    expect(events.at(-1)).toBe('refresh-failed');
    // The next operation waits out the second backoff (1.5 s) from the last failure before sending.
    const next = coordinator.refresh(expired);
    await clock.advance(1_499);
    expect(fetch.requests).toHaveLength(2);
    await clock.advance(1);
    expect(fetch.requests).toHaveLength(3);
    await clock.advance(10_000);
    await next;
  });

  it('fails fast with REFRESH_RATE_LIMITED when Retry-After is beyond what a caller may wait', async () => {
    const { coordinator, clock } = setup([response(429, {}, { 'Retry-After': '3600' }), rotated(1)]);
    const result = await coordinator.refresh(expired);
    expect(result.ok ? null : { code: result.error.code, retryAfterMs: result.error.retryAfterMs }).toEqual({ code: 'REFRESH_RATE_LIMITED', retryAfterMs: 3_600_000 });
    expect(clock.now() - 1_000_000).toBe(0);
  });

  it('spends at most maxRefreshesPerMinute refreshes, then refuses without a request', async () => {
    const { coordinator, fetch, store } = setup([rotated(1), rotated(2), rotated(3)], { policy: { ...DEFAULT_RETRY_POLICY, maxRefreshesPerMinute: 2 } });
    for (let i = 0; i < 2; i++) await coordinator.refresh({ kind: 'rejected-access', accessToken: (await store.get('accessToken')) as string });
    const third = await coordinator.refresh({ kind: 'rejected-access', accessToken: (await store.get('accessToken')) as string });
    expect(third.ok ? null : third.error.code).toBe('REFRESH_RATE_LIMITED');
    expect(fetch.requests).toHaveLength(2);
  });

  it('times out a hung refresh and treats it as transient', async () => {
    const { coordinator, clock, store } = setup(['hang', rotated(1)], { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } });
    const pending = coordinator.refresh(expired);
    await clock.advance(DEFAULT_RETRY_POLICY.requestTimeoutMs);
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('TIMEOUT');
    expect(store.clears).toBe(0);
  });

  it('with keepTokensOnTransientFailure off a 503 ends the session (the clears-on-transient bug)', async () => {
    const { coordinator, store } = setup([response(503)], { switches: getPreset('clears-on-transient').switches });
    const result = await coordinator.refresh(expired);
    expect(result.ok ? null : result.error.code).toBe('SESSION_EXPIRED');
    expect(store.clears).toBe(1);
  });
});

describe('refresh coordinator: sign-out guard', () => {
  it('discards a refresh response that arrives after sign-out', async () => {
    let answer: (reply: Reply) => void = () => {};
    const clock = manualClock();
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const fetch = scriptedFetch(() => new Promise<Reply>((resolve) => (answer = resolve)));
    const coordinator = createRefreshCoordinator({ baseUrl: BASE, fetch, store, clock, switches: REFERENCE_SWITCHES });
    const pending = coordinator.refresh(expired);
    await settle();
    coordinator.sessionEnded();
    await store.clear();
    answer(rotated(1));
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('SIGNED_OUT');
    expect(store.peek()).toEqual({ accessToken: null, refreshToken: null });
  });

  it('wakes a caller sleeping through a backoff when the user signs out', async () => {
    const { coordinator, clock } = setup([response(503), rotated(1)]);
    const pending = coordinator.refresh(expired);
    await settle();
    coordinator.sessionEnded();
    await clock.advance(0);
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('SIGNED_OUT');
  });
});

/** `store`, except that its first `method` call (for get: a read of the refresh token) rejects, as secure storage over IPC can. */
function failingOnce(store: MemoryStore, method: 'get' | 'set' | 'clear'): TokenStore {
  let failed = false;
  const failFirst = <T>(applies: boolean, operation: () => Promise<T>): Promise<T> => {
    if (!applies || failed) return operation();
    failed = true;
    return Promise.reject(new Error('Secure storage not available'));
  };
  return {
    get: (key) => failFirst(method === 'get' && key === 'refreshToken', () => store.get(key)),
    set: (pair) => failFirst(method === 'set', () => store.set(pair)),
    clear: () => failFirst(method === 'clear', () => store.clear()),
  };
}

describe('refresh coordinator: a failing token store', () => {
  it('ends the operation with a STORAGE failure, and the next refresh starts afresh instead of rejoining it', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const { coordinator, fetch, events } = setup([rotated(1)], { store: failingOnce(store, 'get') });
    const first = await coordinator.refresh(expired);
    expect(first.ok).toBe(false);
    expect(!first.ok && hasAuthErrorCode(first.error, 'STORAGE')).toBe(true);
    expect(!first.ok && first.error.message).toBe('token store failed reading refreshToken: Secure storage not available');
    expect(fetch.requests).toHaveLength(0);
    expect(await coordinator.refresh(expired)).toEqual({ ok: true, accessToken: 'a1' });
    expect(store.peek()).toEqual({ accessToken: 'a1', refreshToken: 'r1' });
    expect(events).toEqual(['refresh-started', 'refresh-succeeded']);
  });

  it('a write failure after a rotation is reported as STORAGE (the window leaves "refreshing") and does not jam later callers', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const { coordinator, fetch, events } = setup([rotated(1), rotated(2)], { store: failingOnce(store, 'set') });
    const [first, joined] = await Promise.all([coordinator.refresh(expired), coordinator.refresh(expired)]);
    for (const result of [first, joined]) expect(!result.ok && result.error.code).toBe('STORAGE');
    expect(events).toEqual(['refresh-started', 'refresh-failed']);
    expect(await coordinator.refresh(expired)).toEqual({ ok: true, accessToken: 'a2' });
    expect(fetch.requests).toHaveLength(2);
  });

  it('an operation that throws (here a random source that fails) rejects its callers but does not jam the next refresh', async () => {
    let draws = 0;
    const random = () => {
      if (draws++ === 0) throw new RangeError('entropy unavailable');
      return 0.5;
    };
    const { coordinator, fetch } = setup([response(503), rotated(1)], { random });
    await expect(Promise.all([coordinator.refresh(expired), coordinator.refresh(expired)])).rejects.toThrow('entropy unavailable');
    expect(await coordinator.refresh(expired)).toEqual({ ok: true, accessToken: 'a1' });
    expect(fetch.requests).toHaveLength(2);
  });

  it('a definitive failure whose clear fails still ends the session (SESSION_EXPIRED, expiry published)', async () => {
    const store = memoryStore({ accessToken: 'a0', refreshToken: 'r0' });
    const { coordinator, events } = setup([response(401, { error: 'invalid_grant' })], { store: failingOnce(store, 'clear') });
    const result = await coordinator.refresh(expired);
    expect(!result.ok && result.error.code).toBe('SESSION_EXPIRED');
    expect(!result.ok && result.error.message).toMatch(/the stored tokens could not be cleared$/);
    expect(coordinator.isExpired()).toBe(true);
    expect(events).toContain('refresh-failed');
  });
});
