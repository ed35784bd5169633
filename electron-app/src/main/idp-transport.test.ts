import { describe, expect, it } from 'vitest';
import type { SessionKind } from '../shared/ipc-contract.ts';
import { fingerprint } from './fingerprint.ts';
import { IdpTransport } from './idp-transport.ts';
import type { OAuthMetadata } from './oauth/discovery.ts';

const IDP = 'http://127.0.0.1:4400';
const REFRESH = 'rt_current-refresh-token';
const ROTATED = { accessToken: 'eyJ.rotated-access.sig', refreshToken: 'rt_rotated-refresh-token' };

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function harness(reply: (sent: Sent) => Response | Promise<Response>, options: { timeoutMs?: number } = {}) {
  const sent: Sent[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  const events: { window: string; type: string; fields: Record<string, unknown> }[] = [];
  const session = {
    kind: null as SessionKind | null,
    refreshes: 0,
    candidate: null as string | null,
    sessionKind() {
      return this.kind;
    },
    setSessionKind(kind: SessionKind | null) {
      this.kind = kind;
    },
    refreshed() {
      this.refreshes += 1;
    },
    takeRevocationCandidate() {
      const candidate = this.candidate;
      this.candidate = null;
      return candidate;
    },
  };
  const metadata: OAuthMetadata = {
    issuer: IDP,
    authorizationEndpoint: `${IDP}/oauth/authorize`,
    tokenEndpoint: `${IDP}/oauth/token`,
    deviceAuthorizationEndpoint: `${IDP}/oauth/device_authorization`,
    revocationEndpoint: `${IDP}/oauth/revoke`,
    userinfoEndpoint: null,
    scopesSupported: null,
  };
  const transport = new IdpTransport({
    idpUrl: IDP,
    appOrigin: 'file://',
    fetch: (async (url: string, init: RequestInit) => {
      const record: Sent = { url, method: String(init.method), headers: init.headers as Record<string, string>, body: init.body as string | undefined };
      sent.push(record);
      signals.push(init.signal ?? undefined);
      return reply(record);
    }) as typeof fetch,
    log: { record: (window, type, fields = {}) => void events.push({ window, type, fields }) as never },
    session,
    discovery: { metadata: async () => metadata },
    oauthClientId: 'tokenstorm-desktop',
    ...options,
  });
  return { transport, sent, signals, events, session, logText: () => JSON.stringify(events) };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('IdpTransport', () => {
  describe('renderer requests (idp:request)', () => {
    it('sends an allowed request to the IdP with the app Origin and the window id, and answers status, body and the useful headers', async () => {
      const { transport, sent } = harness(() => json(401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"', 'x-internal': 'no' }));
      const response = await transport.forward('w2', { method: 'GET', path: '/api/notes', headers: { Authorization: 'Bearer at', Accept: 'application/json' } });
      expect(sent).toEqual([
        { url: `${IDP}/api/notes`, method: 'GET', headers: { authorization: 'Bearer at', accept: 'application/json', 'x-tokenstorm-client': 'w2', origin: 'file://' }, body: undefined },
      ]);
      expect(response).toEqual({ status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' }, body: '{"error":"invalid_token"}' });
    });

    it('refuses routes, methods, headers and bodies the app does not use, without sending anything', async () => {
      const { transport, sent } = harness(() => json(200, {}));
      const refused = [
        { method: 'GET', path: '/__admin/state' },
        { method: 'DELETE', path: '/api/notes' },
        { method: 'GET', path: '//evil.example/api/me' },
        { method: 'GET', path: '/api/../__admin/state' },
        { method: 'GET', path: '/api/me', headers: { cookie: 'x' } },
        { method: 'GET', path: '/api/me', body: 'x' },
        { method: 'POST', path: '/api/notes', body: 'x'.repeat(70_000) },
        null,
      ];
      for (const request of refused) await expect(transport.forward('w1', request)).rejects.toMatchObject({ code: 'IDP_REQUEST_REFUSED' });
      expect(sent).toEqual([]);
    });

    it('puts a deadline on a request only when given one: the variants without one wait as the recipe\'s fetch does', async () => {
      const bounded = harness(() => json(200, {}), { timeoutMs: 60_000 });
      await bounded.transport.forward('w1', { method: 'GET', path: '/api/me' });
      expect(bounded.signals[0]).toBeInstanceOf(AbortSignal);
      const unbounded = harness(() => json(200, {}));
      await unbounded.transport.forward('w1', { method: 'GET', path: '/api/me' });
      expect(unbounded.signals).toEqual([undefined]);
    });

    it('reports a connection failure and a body cut off mid-way as IDP_UNREACHABLE (a network error, as fetch would)', async () => {
      const down = harness(() => Promise.reject(new TypeError('fetch failed')));
      await expect(down.transport.forward('w1', { method: 'GET', path: '/api/me' })).rejects.toMatchObject({ code: 'IDP_UNREACHABLE' });
      const truncated = harness(() => new Response(new ReadableStream({ start: (controller) => controller.error(new Error('socket hang up')) }), { status: 200 }));
      await expect(truncated.transport.forward('w1', { method: 'GET', path: '/api/me' })).rejects.toMatchObject({ code: 'IDP_UNREACHABLE' });
      expect(down.events).toMatchObject([{ window: 'w1', type: 'api.result', fields: { path: '/api/me', error: 'network' } }]);
    });

    it('marks the session as a password session when sign-in succeeds', async () => {
      const { transport, session, events } = harness(() => json(200, { token: 'session-token', user: {} }));
      await transport.forward('w1', { method: 'POST', path: '/api/auth/sign-in/email', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(session.kind).toBe('password');
      expect(events).toMatchObject([{ type: 'sign-in.succeeded', fields: { method: 'password', status: 200 } }]);
    });
  });

  describe('refresh logging', () => {
    it('logs a rotation with fingerprints of the presented and issued tokens, never the tokens', async () => {
      const { transport, events, session, logText } = harness(() => json(200, { ...ROTATED, expiresIn: 900 }));
      await transport.forward('w1', { method: 'POST', path: '/api/auth/refresh', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: REFRESH }) });
      expect(events.map((e) => e.type)).toEqual(['refresh.started', 'refresh.succeeded']);
      expect(events[0]!.fields).toMatchObject({ presentedFp: fingerprint(REFRESH), via: 'better-auth' });
      expect(events[1]!.fields).toMatchObject({ issuedAccessFp: fingerprint(ROTATED.accessToken), issuedRefreshFp: fingerprint(ROTATED.refreshToken), expiresIn: 900 });
      expect(session.refreshes).toBe(1);
      for (const token of [REFRESH, ROTATED.accessToken, ROTATED.refreshToken]) expect(logText()).not.toContain(token);
    });

    it('logs a failure with its classification and Retry-After', async () => {
      const limited = harness(() => json(429, { error: 'rate_limited' }, { 'retry-after': '7' }));
      await limited.transport.fetchAs('main')(`${IDP}/api/auth/refresh`, { method: 'POST', body: JSON.stringify({ refreshToken: REFRESH }) });
      expect(limited.events[1]).toMatchObject({ window: 'main', type: 'refresh.failed', fields: { classification: 'rate-limited', status: 429, retryAfterMs: 7000 } });
      const reused = harness(() => json(401, { error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' }));
      await reused.transport.fetchAs('main')(`${IDP}/api/auth/refresh`, { method: 'POST', body: JSON.stringify({ refreshToken: REFRESH }) });
      expect(reused.events[1]).toMatchObject({ type: 'refresh.failed', fields: { classification: 'rejected', reused: true } });
      const down = harness(() => Promise.reject(new TypeError('fetch failed')));
      await expect(down.transport.fetchAs('main')(`${IDP}/api/auth/refresh`, { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'IDP_UNREACHABLE' });
      expect(down.events[1]).toMatchObject({ type: 'refresh.failed', fields: { classification: 'network' } });
    });
  });

  describe('a session obtained through OAuth', () => {
    it('refreshes with the refresh_token grant at the token endpoint (RFC 6749 §6) and answers in the recipe’s shape', async () => {
      const { transport, sent, session } = harness(() => json(200, { access_token: ROTATED.accessToken, refresh_token: ROTATED.refreshToken, expires_in: 900, token_type: 'Bearer' }));
      session.kind = 'oauth';
      const response = await transport.fetchAs('main')(`${IDP}/api/auth/refresh`, { method: 'POST', body: JSON.stringify({ refreshToken: REFRESH }) });
      expect(sent[0]).toMatchObject({ url: `${IDP}/oauth/token`, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(Object.fromEntries(new URLSearchParams(sent[0]!.body))).toEqual({ grant_type: 'refresh_token', refresh_token: REFRESH, client_id: 'tokenstorm-desktop' });
      expect(await response.json()).toEqual({ ...ROTATED, expiresIn: 900, tokenType: 'Bearer' });
    });

    it('passes an OAuth error through, so invalid_grant still ends the session', async () => {
      const { transport, session, events } = harness(() => json(400, { error: 'invalid_grant', error_description: 'revoked' }));
      session.kind = 'oauth';
      const response = await transport.fetchAs('main')(`${IDP}/api/auth/refresh`, { method: 'POST', body: JSON.stringify({ refreshToken: REFRESH }) });
      expect(response.status).toBe(400);
      expect(events[1]).toMatchObject({ type: 'refresh.failed', fields: { classification: 'rejected', via: 'oauth' } });
    });

    it('signs out by revoking the refresh token kept for it (RFC 7009), else the access token', async () => {
      const { transport, sent, session } = harness(() => new Response(null, { status: 200 }));
      session.kind = 'oauth';
      session.candidate = REFRESH;
      const first = await transport.forward('w1', { method: 'POST', path: '/api/auth/sign-out', headers: { authorization: 'Bearer at-1' }, body: '{}' });
      expect(first.status).toBe(200);
      await transport.forward('w1', { method: 'POST', path: '/api/auth/sign-out', headers: { authorization: 'Bearer at-2' }, body: '{}' });
      expect(sent.map((s) => s.url)).toEqual([`${IDP}/oauth/revoke`, `${IDP}/oauth/revoke`]);
      expect(Object.fromEntries(new URLSearchParams(sent[0]!.body))).toEqual({ token: REFRESH, token_type_hint: 'refresh_token', client_id: 'tokenstorm-desktop' });
      expect(Object.fromEntries(new URLSearchParams(sent[1]!.body))).toMatchObject({ token: 'at-2', token_type_hint: 'access_token' });
    });
  });

  it("main's own fetch reaches only the IdP's origin", async () => {
    const { transport } = harness(() => json(200, {}));
    await expect(transport.fetchAs('main')('https://evil.example/api/me')).rejects.toThrow(TypeError);
  });

});
