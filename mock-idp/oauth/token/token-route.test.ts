import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { createMockIdp } from '../../index.ts';
import { call, DEMO, useIdp } from '../../test-support.ts';
import type { RotationConfig } from '../../tokens/rotation-policy.ts';
import { BACKEND, codeFlow, decideDevice, DESKTOP, form, pollDevice, startDeviceFlow } from '../oauth-test-support.ts';

const clients = [...DEFAULT_CLIENTS, { id: 'other-desktop', type: 'public' as const, redirectUris: ['http://127.0.0.1/callback'], scopes: ['openid', 'notes:read'] }];

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  const ctx = useIdp({ clients });

  it('answers 400 invalid_request for a missing grant_type or a repeated parameter', async () => {
    const missing = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_request');
    const repeated = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: ['refresh_token', 'refresh_token'] });
    expect(repeated.status).toBe(400);
    expect(repeated.body.error).toBe('invalid_request');
  });

  it('answers 400 unsupported_grant_type for an unknown grant and 400 unauthorized_client for a grant the client may not use', async () => {
    const unknown = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: 'password' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
    const notAllowed = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: 'client_credentials' });
    expect(notAllowed.status).toBe(400);
    expect(notAllowed.body.error).toBe('unauthorized_client');
  });

  it('answers 401 invalid_client for an unknown client, a wrong secret, or no authentication', async () => {
    const unknown = await form(ctx.idp, '/oauth/token', { client_id: 'nobody', grant_type: 'refresh_token', refresh_token: 'x' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_client');
    const wrongBasic = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, 'wrong-secret'] });
    expect(wrongBasic.status).toBe(401);
    expect(wrongBasic.body.error).toBe('invalid_client');
    expect(wrongBasic.headers.get('www-authenticate')).toMatch(/^Basic /);
    const noSecret = await form(ctx.idp, '/oauth/token', { client_id: BACKEND.id, grant_type: 'client_credentials' });
    expect(noSecret.status).toBe(401);
    expect(noSecret.body.error).toBe('invalid_client');
    const none = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_client');
    // RFC 9110 §15.5.2: every 401 carries a challenge, not only one answering the Basic header.
    for (const response of [unknown, noSecret, none]) expect(response.headers.get('www-authenticate')).toBe('Basic realm="tokenstorm", charset="UTF-8"');
    const both = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials', client_secret: BACKEND.secret }, { basic: [BACKEND.id, BACKEND.secret] });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
  });

  it('answers 401 invalid_client with WWW-Authenticate: Basic when the Basic header carries no credentials at all', async () => {
    const empty = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials', client_id: BACKEND.id }, { headers: { authorization: 'Basic' } });
    expect(empty.status).toBe(401);
    expect(empty.body.error).toBe('invalid_client');
    expect(empty.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('says what is wrong with a JSON body: malformed, not an object, a refused key; a byte-order mark is ignored', async () => {
    const post = async (body: string, type = 'application/json') => {
      const response = await fetch(`${ctx.idp.url}/oauth/token`, { method: 'POST', headers: { 'content-type': type }, body });
      return { status: response.status, body: (await response.json()) as Record<string, unknown>, noStore: response.headers.get('cache-control') === 'no-store' };
    };
    const cases: Array<[string, string, RegExp]> = [
      ['{"grant_type":"x",', 'application/json', /^the body is malformed JSON: /],
      // V8's excerpt of the body (which may hold a token) is left out.
      ['rt_secret-looking=1', 'application/json', /^the body is malformed JSON: Unexpected token 'r'$/],
      ['["grant_type"]', 'application/json', /^the JSON body must be an object of parameters, got a list$/],
      ['"rt_secret-looking"', 'application/json', /^the JSON body must be an object of parameters, got a string$/],
      ['{"client_id":"x","__proto__":{"a":1}}', 'application/json', /^the JSON body has the key '__proto__', which is refused \(prototype poisoning\)$/],
      ['grant_type=x', 'text/plain', /^the body is text\/plain: send the parameters as an application\/x-www-form-urlencoded body \(RFC 6749 section 3.2\)$/],
    ];
    for (const [body, type, description] of cases) {
      const response = await post(body, type);
      expect(response.status, body).toBe(400);
      expect(response.noStore, body).toBe(true);
      expect(response.body.error, body).toBe('invalid_request');
      expect(String(response.body.error_description), body).toMatch(description);
      expect(String(response.body.error_description), body).not.toContain('rt_secret-looking');
    }
    // RFC 8259 §8.1 lets a parser ignore a BOM; the rest of the IdP does.
    const withBom = await post(`\uFEFF${JSON.stringify({ client_id: DESKTOP, grant_type: 'refresh_token', refresh_token: 'rt_never-issued' })}`);
    expect(withBom.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_UNKNOWN' });
  });

  it('writes error_description only in %x20-21 / %x23-5B / %x5D-7E, still naming the value (RFC 6749 §5.2)', async () => {
    const repeated = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: ['refresh_token', 'refresh_token'] });
    expect(repeated.body.error_description).toBe("the parameter 'grant_type' is repeated (RFC 6749 section 3.1)");
    const { tokens } = await codeFlow(ctx.idp);
    const scoped = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, scope: 'openid \u00fc' });
    expect(scoped.body).toMatchObject({ error: 'invalid_scope', error_description: "the scope 'U+00FC' is not a valid scope token (RFC 6749 section 3.3)" });
  });

  it('answers a body Fastify refuses before the route (too large, malformed Content-Type) 400 invalid_request with no-store, at every OAuth endpoint', async () => {
    for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/introspect', '/oauth/device_authorization']) {
      const tooLarge = await form(ctx.idp, path, { client_id: DESKTOP, token: 'a'.repeat(70_000) });
      const malformed = await form(ctx.idp, path, { client_id: DESKTOP }, { headers: { 'content-type': 'not a media type' } });
      for (const response of [tooLarge, malformed]) {
        expect(response.status, path).toBe(400);
        expect(response.body, path).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
        expect(response.headers.get('cache-control'), path).toBe('no-store');
      }
      expect(tooLarge.body.error_description).toContain('larger than 65536 bytes');
    }
  });

  it('takes part in faults and the event history like every other route group', async () => {
    ctx.idp.admin.faults.add({ match: { group: 'token' }, action: { type: 'status', status: 429, retryAfter: 3 }, times: 1 });
    const limited = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: 'refresh_token', refresh_token: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    const after = await form(ctx.idp, '/oauth/token', { client_id: DESKTOP, grant_type: 'refresh_token', refresh_token: 'x' });
    expect(after.status).toBe(400);
    const events = ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'token');
    expect(events.map((event) => event.outcome)).toEqual(['fault:status', 'refresh-token-unknown']);
  });
});

describe('client credentials (RFC 6749 §4.4) and least-privilege scopes', () => {
  const ctx = useIdp({ clients });

  it('authenticates a confidential client by client_secret_basic or client_secret_post, without a refresh token', async () => {
    const basic = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret] });
    expect(basic.status).toBe(200);
    expect(basic.body).toMatchObject({ token_type: 'Bearer', scope: 'notes:read' });
    expect(basic.body.refresh_token).toBeUndefined();
    const post = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials', client_id: BACKEND.id, client_secret: BACKEND.secret });
    expect(post.status).toBe(200);
    const token = post.body.access_token as string;
    expect((await call(ctx.idp, 'GET', '/api/notes', { token })).status).toBe(200);
    const write = await call(ctx.idp, 'POST', '/api/notes', { token, body: { text: 'x' } });
    expect(write.status).toBe(403);
    expect(write.body.error).toBe('insufficient_scope');
    // A client's token has no user behind it: /api/me says so rather than "the user no longer exists" (a 401 would send it to refresh).
    const me = await call(ctx.idp, 'GET', '/api/me', { token });
    expect(me.status).toBe(403);
    expect(me.body.error_description).toBe(`a client_credentials token acts for the client ${BACKEND.id}, not for a user`);
  });

  it('refuses scopes the client may not have: 400 invalid_scope', async () => {
    const response = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials', scope: 'notes:write' }, { basic: [BACKEND.id, BACKEND.secret] });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_scope');
  });

  it('a desktop token carries only the scopes the user granted to the client', async () => {
    const { tokens } = await codeFlow(ctx.idp, { scope: 'openid notes:read' });
    const token = tokens.body.access_token as string;
    expect((await call(ctx.idp, 'GET', '/api/notes', { token })).status).toBe(200);
    expect((await call(ctx.idp, 'POST', '/api/notes', { token, body: { text: 'x' } })).body.error).toBe('insufficient_scope');
    expect((await call(ctx.idp, 'POST', '/api/llm/complete', { token, body: { prompt: 'hi' } })).status).toBe(403);
  });
});

describe('Refresh token rotation RFC 9700 §4.14.2', () => {
  const ctx = useIdp({ clients });
  const refresh = (refreshToken: string, extra: Record<string, string> = {}, clientId = DESKTOP) =>
    form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, ...extra });
  const use = (rotation: RotationConfig) => ctx.idp.admin.config.update({ rotation });

  it('rotates: each refresh answers a new refresh token and supersedes the presented one', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const first = tokens.body.refresh_token as string;
    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    expect(rotated.body.refresh_token).toMatch(/^rt_/);
    expect(rotated.body.refresh_token).not.toBe(first);
    expect(rotated.body.scope).toBe('openid profile email notes:read');
    expect((await call(ctx.idp, 'GET', '/api/me', { token: rotated.body.access_token as string })).status).toBe(200);
  });

  it('strict: reuse of a rotated token is 400 invalid_grant and revokes the whole family', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const first = tokens.body.refresh_token as string;
    const rotated = await refresh(first);
    const reused = await refresh(first);
    expect(reused.status).toBe(400);
    expect(reused.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' });
    const successor = await refresh(rotated.body.refresh_token as string);
    expect(successor.status).toBe(400);
    expect(successor.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REVOKED' });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: rotated.body.access_token as string })).status).toBe(401);
    expect(ctx.idp.admin.events.list({ type: 'request' }).some((event) => event.group === 'token' && event.outcome === 'reuse-detected')).toBe(true);
  });

  it('strict: of 5 concurrent refreshes with one token, one rotates and the others are 400 invalid_grant', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const responses = await Promise.all(Array.from({ length: 5 }, () => refresh(tokens.body.refresh_token as string)));
    expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
    const losers = responses.filter((response) => response.status !== 200);
    expect(losers.every((response) => response.status === 400 && response.body.error === 'invalid_grant')).toBe(true);
  });

  it('okta preset: the previous token may be reused within the 30 s leeway; afterwards reuse revokes the family', async () => {
    await use({ preset: 'okta' });
    const { tokens } = await codeFlow(ctx.idp);
    const first = tokens.body.refresh_token as string;
    await refresh(first);
    await ctx.idp.admin.clock.advance('10s');
    const grace = await refresh(first);
    expect(grace.status).toBe(200);
    await ctx.idp.admin.clock.advance('31s');
    const late = await refresh(first);
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' });
    expect((await refresh(grace.body.refresh_token as string)).body.code).toBe('REFRESH_TOKEN_REVOKED');
  });

  it('keycloak preset without revokeRefreshToken: old tokens stay valid (no rotation enforcement)', async () => {
    await use({ preset: 'keycloak', revokeRefreshToken: false });
    const { tokens } = await codeFlow(ctx.idp);
    const first = tokens.body.refresh_token as string;
    expect((await refresh(first)).status).toBe(200);
    expect((await refresh(first)).status).toBe(200);
  });

  it('binds a refresh token to its client: another client gets 400 invalid_grant, exactly as for an unknown token', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const response = await refresh(tokens.body.refresh_token as string, {}, 'other-desktop');
    const unknown = await refresh('rt_never-issued', {}, 'other-desktop');
    expect(response.status).toBe(400);
    expect(response.body).toEqual(unknown.body);
    expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_UNKNOWN' });
    expect(ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'token').at(-2)).toMatchObject({ outcome: 'grant-client-mismatch', clientId: 'other-desktop' });
    expect((await refresh(tokens.body.refresh_token as string)).status).toBe(200);
  });

  describe('reuse detection comes before what the request asks', () => {
    const familyOf = () => ctx.idp.admin.state().families.find((family) => family.clientId === DESKTOP)!;

    it('strict: a rotated token replayed with a wider, a narrower or a malformed scope is reuse, and the family is revoked', async () => {
      for (const scope of ['openid notes:write', 'openid', 'openid \u00fc']) {
        await ctx.idp.admin.reset();
        const { tokens } = await codeFlow(ctx.idp);
        const first = tokens.body.refresh_token as string;
        const rotated = await refresh(first);
        const replayed = await refresh(first, { scope });
        expect(replayed.status, scope).toBe(400);
        expect(replayed.body, scope).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' });
        expect(familyOf(), scope).toMatchObject({ status: 'revoked', revokedReason: 'reuse-detected' });
        expect((await refresh(rotated.body.refresh_token as string)).body.code, scope).toBe('REFRESH_TOKEN_REVOKED');
      }
    });

    it('a live token asking for a wider scope is refused invalid_scope and not spent', async () => {
      const { tokens } = await codeFlow(ctx.idp);
      const first = tokens.body.refresh_token as string;
      const widened = await refresh(first, { scope: 'openid notes:write' });
      expect(widened.status).toBe(400);
      expect(widened.body).toMatchObject({ error: 'invalid_scope' });
      expect(familyOf()).toMatchObject({ status: 'active', rotations: 1 });
      expect((await refresh(first)).status).toBe(200);
    });

    it('hydra: a reuse within grace asking for a wider scope is refused invalid_scope without using up the grace', async () => {
      await use({ preset: 'hydra', rotationGracePeriod: '30s', rotationGraceReuseCount: 1 });
      const { tokens } = await codeFlow(ctx.idp);
      const first = tokens.body.refresh_token as string;
      expect((await refresh(first)).status).toBe(200);
      const widened = await refresh(first, { scope: 'openid notes:write' });
      expect(widened.body).toMatchObject({ error: 'invalid_scope' });
      const grace = await refresh(first, { scope: 'openid' });
      expect(grace.status).toBe(200);
      expect(grace.body.scope).toBe('openid');
      expect((await refresh(first)).body.code).toBe('REFRESH_TOKEN_REUSED');
    });

    it('a request that fails client authentication is not processed at all: no reuse, the family lives', async () => {
      const { tokens } = await codeFlow(ctx.idp);
      const first = tokens.body.refresh_token as string;
      const rotated = await refresh(first);
      const unauthenticated = await refresh(first, { client_secret: 'a public client has none' });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.body.error).toBe('invalid_client');
      expect(familyOf()).toMatchObject({ status: 'active' });
      expect((await refresh(rotated.body.refresh_token as string)).status).toBe(200);
    });

    it("another client's rotated token is answered as unknown and is not that client's reuse: the family lives", async () => {
      const { tokens } = await codeFlow(ctx.idp);
      const first = tokens.body.refresh_token as string;
      const rotated = await refresh(first);
      const replayed = await refresh(first, {}, 'other-desktop');
      expect(replayed.body).toEqual((await refresh('rt_never-issued', {}, 'other-desktop')).body);
      expect(familyOf()).toMatchObject({ status: 'active' });
      expect((await refresh(rotated.body.refresh_token as string)).status).toBe(200);
    });
  });

  it('may narrow the scope of the new access token, never widen it (RFC 6749 §6)', async () => {
    const { tokens } = await codeFlow(ctx.idp, { scope: 'openid notes:read notes:write' });
    const narrowed = await refresh(tokens.body.refresh_token as string, { scope: 'notes:read' });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe('notes:read');
    expect((await call(ctx.idp, 'POST', '/api/notes', { token: narrowed.body.access_token as string, body: { text: 'x' } })).status).toBe(403);
    const widened = await refresh(narrowed.body.refresh_token as string, { scope: 'notes:read llm:invoke' });
    expect(widened.status).toBe(400);
    expect(widened.body.error).toBe('invalid_scope');
  });

  it('refuses expired refresh tokens by the virtual clock and unknown ones: 400 invalid_grant', async () => {
    await ctx.idp.admin.config.update({ lifetimes: { refreshTokenTtl: '1h' } });
    const { tokens } = await codeFlow(ctx.idp);
    await ctx.idp.admin.clock.advance('61m');
    const expired = await refresh(tokens.body.refresh_token as string);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_EXPIRED' });
    const unknown = await refresh('rt_never-issued');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_UNKNOWN' });
  });

  it('accepts the JSON body the seed article sends to the token endpoint', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const response = await call(ctx.idp, 'POST', '/oauth/token', { body: { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token, client_id: DESKTOP } });
    expect(response.status).toBe(200);
    expect(response.body.refresh_token).toMatch(/^rt_/);
  });
});

describe('OAuth tokens in logs and events', () => {
  it('logs every OAuth request as a pino line in which no code, token, secret or password appears', async () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const idp = await createMockIdp({ users: [DEMO], logLevel: 'trace', logDestination: destination as never });
    try {
      const { tokens } = await codeFlow(idp);
      await form(idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id: DESKTOP });
      await form(idp, '/oauth/introspect', { token: tokens.body.access_token as string }, { basic: [BACKEND.id, BACKEND.secret] });
      await form(idp, '/oauth/revoke', { token: tokens.body.access_token as string, client_id: DESKTOP });
      const device = await startDeviceFlow(idp);
      await decideDevice(idp, device.body.user_code as string, 'approve');
      await pollDevice(idp, device.body.device_code as string);
      await form(idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret] });
      const telemetry = await call(idp, 'POST', '/api/telemetry/token', { body: { installId: 'install-0001', clientId: DESKTOP } });
      await call(idp, 'POST', '/api/telemetry', { token: telemetry.body.telemetryToken as string, body: { events: [{ name: 'x' }] } });

      const log = lines.join('');
      const issued = idp.admin.issuedTokens();
      // Codes, device codes, ID tokens, access, refresh and telemetry tokens are all listed for leak scans…
      expect(issued).toEqual(expect.arrayContaining([tokens.body.id_token, tokens.body.access_token, tokens.body.refresh_token, device.body.device_code, telemetry.body.telemetryToken]));
      expect(issued.some((token) => token.startsWith('ac_'))).toBe(true);
      // …and none of them is in the log or the event history.
      const history = JSON.stringify(idp.admin.events.list());
      for (const token of issued) {
        expect(log).not.toContain(token);
        expect(history).not.toContain(token);
      }
      for (const secret of [BACKEND.secret, DEMO.password]) expect(log + history).not.toContain(secret);
      expect(log).toContain('"group":"device"');
    } finally {
      await idp.close();
    }
  });
});
