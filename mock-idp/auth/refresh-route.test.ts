import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { call, refresh, signIn, useIdp } from '../test-support.ts';
import type { RotationConfig } from '../tokens/rotation-policy.ts';
import { codeFlow, DESKTOP, form } from '../oauth/oauth-test-support.ts';

describe('POST /api/auth/refresh (the recipe refresh endpoint)', () => {
  const ctx = useIdp();

  it('rotates: answers new access and refresh tokens and supersedes the session token', async () => {
    const session = await signIn(ctx.idp);
    const first = await refresh(ctx.idp, session);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ expiresIn: 900, tokenType: 'Bearer' });
    expect(first.body.refreshToken).not.toBe(session);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await call(ctx.idp, 'GET', '/api/me', { token: first.body.accessToken as string })).status).toBe(200);
    // The session token was both access and refresh token; rotated, it is neither any more.
    const stale = await call(ctx.idp, 'GET', '/api/me', { token: session });
    expect(stale.status).toBe(401);
  });

  it('issues an RFC 9068 access token (at+jwt, ES256) that verifies against the JWKS with exactly its claims', async () => {
    const session = await signIn(ctx.idp);
    const { body } = await refresh(ctx.idp, session);
    const token = body.accessToken as string;
    const jwks = (await call(ctx.idp, 'GET', '/oauth/jwks')).body as unknown as JSONWebKeySet;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: jwks.keys[0]!.kid, typ: 'at+jwt' });
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: ctx.idp.url, typ: 'at+jwt', currentDate: new Date(ctx.idp.admin.clock.now()) });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'scope', 'sid', 'sub']);
    expect(payload.aud).toBe(`${ctx.idp.url}/api`);
    expect(payload).toMatchObject({ client_id: 'recipe', scope: expect.stringContaining('notes:read'), sid: expect.stringMatching(/^fam_/) });
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it("refuses a refresh token handed to an OAuth client exactly as an unknown one, leaving it that client's to rotate at the token endpoint", async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const bound = tokens.body.refresh_token as string;
    const response = await refresh(ctx.idp, bound);
    const unknown = await refresh(ctx.idp, 'rt_never-issued');
    // The answer does not tell a valid token of another client from a token that never was.
    expect(response.status).toBe(401);
    expect(response.body).toEqual(unknown.body);
    expect(response.headers.get('www-authenticate')).toBe(unknown.headers.get('www-authenticate'));
    expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_UNKNOWN' });
    // The history still says what it was.
    expect(ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'refresh').map((event) => event.outcome))
      .toEqual(['grant-client-mismatch', 'refresh-token-unknown']);
    const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)!;
    expect(family).toMatchObject({ grant: 'oauth', rotations: 1, status: 'active' });
    const atTokenEndpoint = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: bound, client_id: DESKTOP });
    expect(atTokenEndpoint.status).toBe(200);
  });

  it("does not process another client's rotated token as reuse: under strict, its family lives on", async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const first = tokens.body.refresh_token as string;
    const rotated = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: first, client_id: DESKTOP });
    expect(rotated.status).toBe(200);
    const replayed = await refresh(ctx.idp, first);
    expect(replayed.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_UNKNOWN' });
    expect(ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)).toMatchObject({ status: 'active' });
    const next = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token as string, client_id: DESKTOP });
    expect(next.status).toBe(200);
  });

  it('answers every 401 with a Bearer challenge (RFC 9110 §15.5.2): the refresh token is the bearer credential', async () => {
    const session = await signIn(ctx.idp);
    await refresh(ctx.idp, session);
    const reused = await refresh(ctx.idp, session);
    expect(reused.status).toBe(401);
    expect(reused.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REUSED' });
    expect(reused.headers.get('www-authenticate')).toBe('Bearer realm="tokenstorm", error="invalid_token", error_description="refresh token reuse detected: the token family is revoked (RFC 9700 section 4.14.2)"');
    expect(reused.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a body without refreshToken with 400 invalid_request naming the field', async () => {
    const response = await call(ctx.idp, 'POST', '/api/auth/refresh', { body: { refresh_token: 'x' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', code: 'INVALID_REQUEST' });
    expect(response.body.error_description).toContain('body.refreshToken');
  });

  it('answers malformed JSON with 400, not 500, saying what is wrong with it', async () => {
    const response = await call(ctx.idp, 'POST', '/api/auth/refresh', { body: '{"refreshToken": ' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_request');
    expect(response.body.error_description).toMatch(/^the body is malformed JSON: /);
    for (const poisoned of ['{"refreshToken":"x","__proto__":{"a":1}}', '{"refreshToken":"x","\\u005f_proto__":{"a":1}}', '{"constructor":{"prototype":{"a":1}}}']) {
      const refused = await call(ctx.idp, 'POST', '/api/auth/refresh', { body: poisoned });
      expect(refused.status, poisoned).toBe(400);
      expect(refused.body.error_description, poisoned).toMatch(/^the JSON body has the key '(__proto__|constructor\.prototype)', which is refused \(prototype poisoning\)$/);
    }
    // A byte-order mark is ignored (RFC 8259 §8.1): the token is read, and is unknown.
    const withBom = await call(ctx.idp, 'POST', '/api/auth/refresh', { body: '\uFEFF{"refreshToken":"rt_never-issued"}' });
    expect(withBom.body.code).toBe('REFRESH_TOKEN_UNKNOWN');
  });

  it('refuses an unknown refresh token with 401 invalid_grant', async () => {
    const response = await refresh(ctx.idp, 'rt_not-issued-here');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_UNKNOWN' });
  });

  it('expires refresh tokens and sessions purely by the virtual clock', async () => {
    await ctx.idp.admin.config.update({ lifetimes: { refreshTokenTtl: '1h', sessionIdleTimeout: '1d' } });
    const session = await signIn(ctx.idp);
    const rotated = (await refresh(ctx.idp, session)).body.refreshToken as string;
    await ctx.idp.admin.clock.advance('61m');
    expect((await refresh(ctx.idp, rotated)).body.code).toBe('REFRESH_TOKEN_EXPIRED');

    const other = await signIn(ctx.idp);
    await ctx.idp.admin.clock.advance('25h');
    expect((await refresh(ctx.idp, other)).body.code).toBe('SESSION_EXPIRED');
  });

  it('records each refresh as an event with fingerprints, never the tokens', async () => {
    const session = await signIn(ctx.idp);
    const rotated = await refresh(ctx.idp, session);
    const events = ctx.idp.admin.events.list({ type: 'request' });
    const event = events.find((candidate) => candidate.group === 'refresh');
    expect(event).toMatchObject({ outcome: 'rotated', status: 200, presentedFp: expect.stringMatching(/^fp:/) });
    expect(event?.familyId).toMatch(/^fam_/);
    const dump = JSON.stringify(events);
    for (const token of [session, rotated.body.accessToken, rotated.body.refreshToken] as string[]) expect(dump).not.toContain(token);
  });
});

describe('refresh-abuse detection (the seed article: "mark tokens for forced re-authentication")', () => {
  const ctx = useIdp();

  it('revokes the family at the refresh past the limit: 401 invalid_grant naming why, an event, and the access token refused', async () => {
    await ctx.idp.admin.config.update({ abuseDetection: { maxRefreshes: 2, window: '1m' } });
    let token = await signIn(ctx.idp);
    let access = '';
    for (let i = 0; i < 2; i += 1) {
      const rotated = await refresh(ctx.idp, token);
      expect(rotated.status).toBe(200);
      token = rotated.body.refreshToken as string;
      access = rotated.body.accessToken as string;
    }
    const third = await refresh(ctx.idp, token);
    expect(third.status).toBe(401);
    expect(third.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_ABUSE_DETECTED', error_description: expect.stringContaining('3 refreshes within 60000 ms') });
    expect(third.headers.get('www-authenticate')).toMatch(/^Bearer realm="tokenstorm", error="invalid_token"/);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: access })).status).toBe(401);
    expect(ctx.idp.admin.state().families.at(-1)).toMatchObject({ status: 'revoked', revokedReason: 'abuse-detected' });
    const events = ctx.idp.admin.events.list();
    expect(events.find((event) => event.group === 'refresh' && event.status === 401)).toMatchObject({ outcome: 'refresh-abuse-detected' });
    expect(events.find((event) => event.outcome === 'family-revoked')?.detail).toEqual({ reason: 'abuse-detected' });
  });

  it('lets the virtual clock move the window on', async () => {
    await ctx.idp.admin.config.update({ abuseDetection: { maxRefreshes: 1, window: '10m' } });
    const first = await refresh(ctx.idp, await signIn(ctx.idp));
    await ctx.idp.admin.clock.advance('11m');
    expect((await refresh(ctx.idp, first.body.refreshToken as string)).status).toBe(200);
  });

  it('revokes the family when a refresh comes from another address (the first X-Forwarded-For entry)', async () => {
    await ctx.idp.admin.config.update({ abuseDetection: { newLocation: true } });
    const from = (address: string, token: string) => call(ctx.idp, 'POST', '/api/auth/refresh', { body: { refreshToken: token }, headers: { 'x-forwarded-for': `${address}, 10.0.0.1` } });
    const home = await from('203.0.113.7', await signIn(ctx.idp, { 'x-forwarded-for': '203.0.113.7' }));
    const again = await from('203.0.113.7', home.body.refreshToken as string);
    expect(again.status).toBe(200);
    const away = await from('198.51.100.9', again.body.refreshToken as string);
    expect(away.body).toMatchObject({ code: 'REFRESH_ABUSE_DETECTED', error_description: expect.stringContaining('a refresh from 198.51.100.9, where the previous one came from 203.0.113.7') });
  });

  it("counts the sign-in's address as the first one: a session token first refreshed from elsewhere is caught then", async () => {
    await ctx.idp.admin.config.update({ abuseDetection: { newLocation: true } });
    const from = (address: string, token: string) => call(ctx.idp, 'POST', '/api/auth/refresh', { body: { refreshToken: token }, headers: { 'x-forwarded-for': address } });
    const stolen = await from('198.51.100.9', await signIn(ctx.idp, { 'x-forwarded-for': '203.0.113.7' }));
    expect(stolen.status).toBe(401);
    expect(stolen.body).toMatchObject({ code: 'REFRESH_ABUSE_DETECTED', error_description: expect.stringContaining('a refresh from 198.51.100.9, where the previous one came from 203.0.113.7') });
    // From where the user signed in, the first refresh goes through.
    expect((await from('203.0.113.7', await signIn(ctx.idp, { 'x-forwarded-for': '203.0.113.7' }))).status).toBe(200);
  });

  it('answers at the OAuth token endpoint with 400 invalid_grant (RFC 6749 section 5.2)', async () => {
    await ctx.idp.admin.config.update({ abuseDetection: { maxRefreshes: 1 } });
    // The code exchange issues the family's first pair: that is its one refresh within the window.
    const { tokens } = await codeFlow(ctx.idp);
    const response = await form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id: DESKTOP });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_ABUSE_DETECTED' });
  });

  it('refuses a bad setting through the admin API with the field and what it expects', async () => {
    const response = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { abuseDetection: { maxRefreshes: -1, window: 'soon' } } });
    expect(response.status).toBe(400);
    const issues = JSON.stringify(response.body);
    expect(issues).toContain('abuseDetection.maxRefreshes');
    expect(issues).toContain('abuseDetection.window');
  });
});

/** N refreshes with the same token, sent at once. */
async function concurrentRefreshes(ctx: ReturnType<typeof useIdp>, n: number) {
  const session = await signIn(ctx.idp);
  const responses = await Promise.all(Array.from({ length: n }, () => refresh(ctx.idp, session)));
  const winners = responses.filter((response) => response.status === 200);
  const losers = responses.filter((response) => response.status !== 200);
  const family = ctx.idp.admin.state().families.at(-1)!;
  return { session, winners, losers, family };
}

describe('rotation policies under concurrent refreshes (RFC 9700 §4.14.2)', () => {
  const ctx = useIdp();
  const use = (rotation: RotationConfig) => ctx.idp.admin.config.update({ rotation });

  it('strict (revoke-family): one of 8 succeeds, 7 are reuse, and the whole family is dead afterwards', async () => {
    await use({ preset: 'strict' });
    const { winners, losers, family } = await concurrentRefreshes(ctx, 8);
    expect(winners).toHaveLength(1);
    expect(losers.map((response) => [response.status, response.body.error])).toEqual(Array(7).fill([401, 'invalid_grant']));
    // The first loser is the detected reuse; the family is revoked before the rest are looked at.
    expect(losers.map((response) => response.body.code).sort()).toEqual(['REFRESH_TOKEN_REUSED', ...Array(6).fill('REFRESH_TOKEN_REVOKED')]);
    expect(family).toMatchObject({ status: 'revoked', revokedReason: 'reuse-detected' });
    const afterwards = await refresh(ctx.idp, winners[0]!.body.refreshToken as string);
    expect(afterwards.body.code).toBe('REFRESH_TOKEN_REVOKED');
    expect((await call(ctx.idp, 'GET', '/api/me', { token: winners[0]!.body.accessToken as string })).status).toBe(401);
  });

  it('reject: one of 8 succeeds, the family stays alive and the winner keeps refreshing', async () => {
    await use({ preset: 'custom', onReuse: 'reject' });
    const { winners, losers, family } = await concurrentRefreshes(ctx, 8);
    expect(winners).toHaveLength(1);
    expect(losers.every((response) => response.body.code === 'REFRESH_TOKEN_REUSED')).toBe(true);
    expect(family.status).toBe('active');
    expect((await refresh(ctx.idp, winners[0]!.body.refreshToken as string)).status).toBe(200);
  });

  it('auth0 with leeway 0 behaves as strict', async () => {
    await use({ preset: 'auth0' });
    const { winners, family } = await concurrentRefreshes(ctx, 4);
    expect(winners).toHaveLength(1);
    expect(family.status).toBe('revoked');
  });

  it('auth0 with a leeway: all 8 succeed within it; reuse after it revokes the family', async () => {
    await use({ preset: 'auth0', leeway: '30s' });
    const { session, winners } = await concurrentRefreshes(ctx, 8);
    expect(winners).toHaveLength(8);
    await ctx.idp.admin.clock.advance('31s');
    expect((await refresh(ctx.idp, session)).body.code).toBe('REFRESH_TOKEN_REUSED');
    expect(ctx.idp.admin.state().families.at(-1)?.status).toBe('revoked');
  });

  it('okta: 30 s grace by default, then reuse revokes', async () => {
    await use({ preset: 'okta' });
    const { session, winners } = await concurrentRefreshes(ctx, 5);
    expect(winners).toHaveLength(5);
    await ctx.idp.admin.clock.advance('30001ms');
    expect((await refresh(ctx.idp, session)).body.code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('hydra: 1 rotation + rotation_grace_reuse_count reuses succeed, the next reuse revokes the chain', async () => {
    await use({ preset: 'hydra', rotationGracePeriod: '10s', rotationGraceReuseCount: 2 });
    const { winners, losers, family } = await concurrentRefreshes(ctx, 8);
    expect(winners).toHaveLength(3);
    expect(losers.map((response) => response.body.code).sort()).toEqual(['REFRESH_TOKEN_REUSED', ...Array(4).fill('REFRESH_TOKEN_REVOKED')]);
    expect(family.status).toBe('revoked');
  });

  it('keycloak: refreshTokenMaxReuse 1 lets 2 of 8 through and keeps the session', async () => {
    await use({ preset: 'keycloak', revokeRefreshToken: true, refreshTokenMaxReuse: 1 });
    const { winners, losers, family } = await concurrentRefreshes(ctx, 8);
    expect(winners).toHaveLength(2);
    expect(losers).toHaveLength(6);
    expect(family.status).toBe('active');
  });
});
