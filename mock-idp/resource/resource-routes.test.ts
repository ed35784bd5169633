import { describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { call, refresh, signIn, useIdp } from '../test-support.ts';
import { codeFlow } from '../oauth/oauth-test-support.ts';

async function rotatedAccess(ctx: ReturnType<typeof useIdp>): Promise<{ access: string; refreshToken: string }> {
  const rotated = await refresh(ctx.idp, await signIn(ctx.idp));
  return { access: rotated.body.accessToken as string, refreshToken: rotated.body.refreshToken as string };
}

describe('protected resource API', () => {
  const ctx = useIdp();

  it('GET /api/me answers the signed-in user for the session token and for a rotated access token', async () => {
    const session = await signIn(ctx.idp);
    const me = await call(ctx.idp, 'GET', '/api/me', { token: session });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: 'ada@example.test', name: 'Ada', username: 'ada' });
    const { access } = await rotatedAccess(ctx);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: access })).status).toBe(200);
  });

  it('answers 401 with WWW-Authenticate for a missing, unknown or forged token', async () => {
    const missing = await call(ctx.idp, 'GET', '/api/me');
    expect(missing.status).toBe(401);
    // RFC 6750 §3.1: no credentials at all, no error code in the challenge.
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="tokenstorm"');
    const garbage = await call(ctx.idp, 'GET', '/api/notes', { token: 'garbage' });
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get('www-authenticate')).toMatch(/^Bearer realm="tokenstorm", error="invalid_token", error_description="/);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ sid: 'fam_1', scope: 'notes:read' }).setProtectedHeader({ alg: 'ES256' }).setSubject('x').setExpirationTime('1h').sign(privateKey);
    const forgedResponse = await call(ctx.idp, 'GET', '/api/me', { token: forged });
    expect(forgedResponse.status).toBe(401);
    expect(forgedResponse.body.error).toBe('invalid_token');
  });

  it('issues access tokens an RFC 9068 resource server accepts: aud names this API (oauth4webapi validateJwtAccessToken)', async () => {
    const insecure = { [oauth.allowInsecureRequests]: true };
    const issuer = new URL(ctx.idp.url);
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
    const { access } = await rotatedAccess(ctx);
    const { tokens } = await codeFlow(ctx.idp);
    for (const token of [access, tokens.body.access_token as string]) {
      const request = new Request(`${ctx.idp.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      const claims = await oauth.validateJwtAccessToken(as, request, `${ctx.idp.url}/api`, insecure);
      expect(claims.aud).toBe(`${ctx.idp.url}/api`);
    }
  });

  it('refuses a JWT signed by the IdP that is not an access token for this API: an ID token (aud = client, not at+jwt)', async () => {
    const { tokens } = await codeFlow(ctx.idp);
    const idToken = tokens.body.id_token as string;
    const refused = await call(ctx.idp, 'GET', '/api/me', { token: idToken });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ error: 'invalid_token', error_description: 'the access token is not valid' });
  });

  it('expires access tokens by the virtual clock alone', async () => {
    const { access, refreshToken } = await rotatedAccess(ctx);
    await ctx.idp.admin.clock.advance('14m');
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: access })).status).toBe(200);
    await ctx.idp.admin.clock.advance('61s');
    const expired = await call(ctx.idp, 'GET', '/api/notes', { token: access });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('expired');
    const renewed = await refresh(ctx.idp, refreshToken);
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: renewed.body.accessToken as string })).status).toBe(200);
  });

  it('expires the session token used as first access token after one access-token lifetime', async () => {
    const session = await signIn(ctx.idp);
    await ctx.idp.admin.clock.advance('15m');
    await ctx.idp.admin.clock.advance(1_000);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: session })).status).toBe(401);
    expect((await refresh(ctx.idp, session)).status).toBe(200);
  });

  it('honours revocation of an access token, of a family, and "expire now"', async () => {
    const a = await rotatedAccess(ctx);
    expect(await ctx.idp.admin.revoke({ token: a.access })).toEqual({ revoked: 1 });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: a.access })).status).toBe(401);
    expect((await refresh(ctx.idp, a.refreshToken)).status).toBe(200);

    const b = await rotatedAccess(ctx);
    const family = ctx.idp.admin.state().families.at(-1)!;
    await ctx.idp.admin.revoke({ familyId: family.id });
    expect((await call(ctx.idp, 'GET', '/api/me', { token: b.access })).status).toBe(401);
    expect((await refresh(ctx.idp, b.refreshToken)).body.code).toBe('REFRESH_TOKEN_REVOKED');

    const c = await rotatedAccess(ctx);
    ctx.idp.admin.expire();
    expect((await call(ctx.idp, 'GET', '/api/me', { token: c.access })).status).toBe(401);
    const renewed = await refresh(ctx.idp, c.refreshToken);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: renewed.body.accessToken as string })).status).toBe(200);
  });

  it('forgets every token on reset', async () => {
    const { access } = await rotatedAccess(ctx);
    await ctx.idp.admin.reset();
    expect((await call(ctx.idp, 'GET', '/api/me', { token: access })).status).toBe(401);
  });

  it('stores and lists notes per user; a bad note is a 400 naming the field', async () => {
    const { access } = await rotatedAccess(ctx);
    const created = await call(ctx.idp, 'POST', '/api/notes', { token: access, body: { text: 'buy milk' } });
    expect(created.status).toBe(201);
    const listed = await call(ctx.idp, 'GET', '/api/notes', { token: access });
    expect(listed.body.notes).toEqual([expect.objectContaining({ text: 'buy milk' })]);
    const bad = await call(ctx.idp, 'POST', '/api/notes', { token: access, body: { text: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error_description).toContain('body.text');
  });
});
