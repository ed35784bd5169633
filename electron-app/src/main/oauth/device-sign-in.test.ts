import { describe, expect, it } from 'vitest';
import type { FetchLike, RequestInitLike, ResponseLike } from '../../core/index.ts';
import { manualClock, response } from '../../core/test-doubles.ts';
import { DEVICE_CODE_GRANT, pollDeviceToken, requestDeviceAuthorization } from './device-sign-in.ts';

const ENDPOINT = 'http://idp.test/oauth/device_authorization';
const TOKEN = 'http://idp.test/oauth/token';
/** A fetch double for form-encoded requests: answers from `replies` in order (the last one repeats). */
function formFetch(...replies: ResponseLike[]): FetchLike & { requests: { url: string; headers: Record<string, string>; form: Record<string, string> }[] } {
  const requests: { url: string; headers: Record<string, string>; form: Record<string, string> }[] = [];
  const fetch = async (url: string, init: RequestInitLike = {}) => {
    requests.push({ url, headers: init.headers ?? {}, form: Object.fromEntries(new URLSearchParams(init.body ?? '')) });
    return replies.length > 1 ? replies.shift()! : replies[0]!;
  };
  return Object.assign(fetch, { requests });
}

const granted = response(200, { access_token: 'at', refresh_token: 'rt', expires_in: 900, token_type: 'Bearer' });

describe('device authorization grant RFC 8628', () => {
  it('asks for a user code (§3.1) and keeps the device code out of what it shows', async () => {
    const clock = manualClock();
    const fetch = formFetch(response(200, { device_code: 'secret-device-code', user_code: 'ABCD-EFGH', verification_uri: 'http://idp.test/oauth/device', expires_in: 600 }));
    const grant = await requestDeviceAuthorization({ fetch, clock }, ENDPOINT, { clientId: 'tokenstorm-desktop', scope: 'openid offline_access' });
    expect(fetch.requests[0]).toMatchObject({ url: ENDPOINT, form: { client_id: 'tokenstorm-desktop', scope: 'openid offline_access' } });
    expect(grant.deviceCode).toBe('secret-device-code');
    // §3.2: interval defaults to 5 s.
    expect(grant.display).toEqual({ userCode: 'ABCD-EFGH', verificationUri: 'http://idp.test/oauth/device', verificationUriComplete: null, expiresAt: clock.now() + 600_000, intervalSeconds: 5 });
    expect(JSON.stringify(grant.display)).not.toContain('secret-device-code');
  });

  it('polls at the interval, keeps polling on authorization_pending, and adds 5 s on slow_down (§3.5)', async () => {
    const clock = manualClock();
    const fetch = formFetch(response(400, { error: 'authorization_pending' }), response(400, { error: 'slow_down' }), response(400, { error: 'authorization_pending' }), granted);
    const seen: string[] = [];
    const grant = { deviceCode: 'dc', display: { userCode: 'U', verificationUri: 'v', verificationUriComplete: null, expiresAt: clock.now() + 600_000, intervalSeconds: 5 } };
    const polling = pollDeviceToken({ fetch, clock }, TOKEN, grant, 'tokenstorm-desktop', { onPending: (status, next) => seen.push(`${status}:${next}`) });
    const times: number[] = [];
    const start = clock.now();
    for (let i = 0; i < 4; i++) {
      const before = fetch.requests.length;
      for (let waited = 0; fetch.requests.length === before && waited < 60; waited++) await clock.advance(1_000);
      times.push((clock.now() - start) / 1000);
    }
    await expect(polling).resolves.toMatchObject({ accessToken: 'at', refreshToken: 'rt', expiresIn: 900 });
    expect(times).toEqual([5, 10, 20, 30]);
    expect(seen).toEqual(['authorization_pending:5', 'slow_down:10', 'authorization_pending:10']);
    expect(fetch.requests[0]!.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
  });

  it('stops on access_denied and expired_token with their own codes', async () => {
    for (const [error, code] of [
      ['access_denied', 'OAUTH_DENIED'],
      ['expired_token', 'DEVICE_CODE_EXPIRED'],
      ['invalid_client', 'OAUTH_FAILED'],
    ] as const) {
      const clock = manualClock();
      const fetch = formFetch(response(400, { error }));
      const grant = { deviceCode: 'dc', display: { userCode: 'U', verificationUri: 'v', verificationUriComplete: null, expiresAt: clock.now() + 600_000, intervalSeconds: 1 } };
      const polling = pollDeviceToken({ fetch, clock }, TOKEN, grant, 'c');
      polling.catch(() => undefined);
      await clock.advance(1_000);
      await expect(polling).rejects.toMatchObject({ code });
    }
  });

  it('gives up when the code has expired, and when cancelled', async () => {
    const clock = manualClock();
    const fetch = formFetch(response(400, { error: 'authorization_pending' }));
    const grant = { deviceCode: 'dc', display: { userCode: 'U', verificationUri: 'v', verificationUriComplete: null, expiresAt: clock.now() + 12_000, intervalSeconds: 5 } };
    const expiring = pollDeviceToken({ fetch, clock }, TOKEN, grant, 'c');
    expiring.catch(() => undefined);
    await clock.advance(20_000);
    await expect(expiring).rejects.toMatchObject({ code: 'DEVICE_CODE_EXPIRED' });

    const controller = new AbortController();
    const cancelled = pollDeviceToken({ fetch, clock, signal: controller.signal }, TOKEN, { ...grant, display: { ...grant.display, expiresAt: clock.now() + 600_000 } }, 'c');
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'OAUTH_CANCELLED' });
  });

  it('sends the device_code grant type of §3.4', async () => {
    const clock = manualClock();
    const fetch = formFetch(granted);
    const grant = { deviceCode: 'dc', display: { userCode: 'U', verificationUri: 'v', verificationUriComplete: null, expiresAt: clock.now() + 600_000, intervalSeconds: 1 } };
    const polling = pollDeviceToken({ fetch, clock }, TOKEN, grant, 'tokenstorm-desktop');
    await clock.advance(1_000);
    await polling;
    expect(fetch.requests[0]).toEqual({ url: TOKEN, headers: expect.objectContaining({}), form: { grant_type: DEVICE_CODE_GRANT, device_code: 'dc', client_id: 'tokenstorm-desktop' } });
  });
});
