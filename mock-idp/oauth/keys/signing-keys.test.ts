/**
 * The IdP's signing keys over HTTP: what tokens are signed with, what the JWKS
 * publishes, and rotation and retirement through `/__admin/keys` — what a
 * resource server or RP verifying tokens with the JWKS sees of each.
 */
import fc from 'fast-check';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createMockIdp } from '../../index.ts';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { call, refresh, signIn, useIdp } from '../../test-support.ts';
import { codeFlow, DESKTOP } from '../oauth-test-support.ts';

const CLIENTS = [...DEFAULT_CLIENTS, { id: 'rs256-desktop', redirectUris: ['http://127.0.0.1/callback'], idTokenSignedResponseAlg: 'RS256' as const }];

describe('signing keys', () => {
  const ctx = useIdp({ clients: CLIENTS });

  /** A resource server verifying with the JWKS, as one would: its own key-set cache, the algorithms it allows. */
  function resourceServer(algorithms?: string[]) {
    const jwks = createRemoteJWKSet(new URL(`${ctx.idp.url}/oauth/jwks`), { cooldownDuration: 0 });
    return (token: string) => jwtVerify(token, jwks, { issuer: ctx.idp.url, ...(algorithms ? { algorithms } : {}) });
  }

  async function accessToken(): Promise<{ access: string; refreshToken: string }> {
    const refreshed = await refresh(ctx.idp, await signIn(ctx.idp));
    expect(refreshed.status).toBe(200);
    return { access: refreshed.body.accessToken as string, refreshToken: refreshed.body.refreshToken as string };
  }

  it('signs with one ES256 key the JWKS publishes; an ID token for a client that asks for RS256 is RS256, its key made and published then', async () => {
    const jwks = await call(ctx.idp, 'GET', '/oauth/jwks');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kty: 'EC', alg: 'ES256', use: 'sig' })]);
    const { access } = await accessToken();
    await expect(resourceServer()(access)).resolves.toMatchObject({ protectedHeader: { alg: 'ES256' } });

    const discovery = await call(ctx.idp, 'GET', '/.well-known/openid-configuration');
    expect(discovery.body.id_token_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256']));

    const es = await codeFlow(ctx.idp);
    expect(decodeProtectedHeader(es.tokens.body.id_token as string).alg).toBe('ES256');
    const rs = await codeFlow(ctx.idp, { client_id: 'rs256-desktop', scope: 'openid' });
    expect(rs.tokens.status, JSON.stringify(rs.tokens.body)).toBe(200);
    const idToken = rs.tokens.body.id_token as string;
    const verified = await jwtVerify(idToken, createRemoteJWKSet(new URL(`${ctx.idp.url}/oauth/jwks`)), { issuer: ctx.idp.url, audience: 'rs256-desktop', algorithms: ['RS256'] });
    expect(verified.protectedHeader.alg).toBe('RS256');
    // The access token is still the current key's: only the ID token follows the client's algorithm.
    expect(decodeProtectedHeader(rs.tokens.body.access_token as string).alg).toBe('ES256');
    const keys = (await call(ctx.idp, 'GET', '/__admin/keys')).body.keys as Array<{ alg: string; status: string }>;
    expect(keys.map(({ alg, status }) => [alg, status])).toEqual([['ES256', 'current'], ['RS256', 'published']]);
    for (const key of (await call(ctx.idp, 'GET', '/oauth/jwks')).body.keys as Array<Record<string, unknown>>) {
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    }
  });

  it('a rotation signs new tokens with the new key and keeps the old one honoured until it is retired', async () => {
    const before = await accessToken();
    const first = decodeProtectedHeader(before.access).kid!;
    const rotated = await call(ctx.idp, 'POST', '/__admin/keys/rotate', { body: { algorithm: 'PS256' } });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(201);
    const kid = (rotated.body.key as { kid: string }).kid;
    expect(rotated.body).toMatchObject({ key: { alg: 'PS256', status: 'current' }, retired: [] });

    const after = await refresh(ctx.idp, before.refreshToken);
    expect(decodeProtectedHeader(after.body.accessToken as string)).toMatchObject({ alg: 'PS256', kid });
    expect(((await call(ctx.idp, 'GET', '/oauth/jwks')).body.keys as Array<{ kid: string }>).map((key) => key.kid)).toEqual([kid, first]);
    // Both keys are honoured, by the IdP's own API and by a resource server with the JWKS.
    expect((await call(ctx.idp, 'GET', '/api/me', { token: before.access })).status).toBe(200);
    await expect(resourceServer()(before.access)).resolves.toBeTruthy();
    await expect(resourceServer()(after.body.accessToken as string)).resolves.toBeTruthy();

    const retired = await call(ctx.idp, 'DELETE', `/__admin/keys/${first}`);
    expect(retired.status).toBe(200);
    const refused = await call(ctx.idp, 'GET', '/api/me', { token: before.access });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain(`signed with a key the IdP retired (kid ${first})`);
    await expect(resourceServer()(before.access)).rejects.toThrow();
    expect((await call(ctx.idp, 'GET', '/api/me', { token: after.body.accessToken as string })).status).toBe(200);
    const introspected = await call(ctx.idp, 'POST', '/oauth/introspect', {
      body: new URLSearchParams({ token: before.access, client_id: 'tokenstorm-backend', client_secret: 'tokenstorm-backend-secret' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(introspected.body).toEqual({ active: false });

    const state = await call(ctx.idp, 'GET', '/__admin/state');
    expect(state.body.signingKeys).toEqual([
      expect.objectContaining({ kid: first, alg: 'ES256', status: 'retired' }),
      expect.objectContaining({ kid, alg: 'PS256', status: 'current', retiredAt: null }),
    ]);
    expect((state.body.config as { signing: unknown }).signing).toEqual({ algorithm: 'PS256' });
    const admin = ctx.idp.admin.events.list({ type: 'admin' }).map((event) => [event.outcome, event.detail]);
    expect(admin).toEqual(expect.arrayContaining([
      ['signing-key-rotated', { kid, alg: 'PS256', retired: [] }],
      ['signing-key-retired', { kid: first }],
    ]));
  });

  it('an emergency rotation refuses every access token already out; a refresh gets one signed with the new key', async () => {
    const { access, refreshToken } = await accessToken();
    const rotated = await ctx.idp.admin.keys.rotate({ retirePrevious: true });
    expect(rotated.retired).toEqual([decodeProtectedHeader(access).kid]);
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: access })).status).toBe(401);
    const renewed = await refresh(ctx.idp, refreshToken);
    expect(renewed.status).toBe(200);
    expect((await call(ctx.idp, 'GET', '/api/notes', { token: renewed.body.accessToken as string })).status).toBe(200);
    await expect(resourceServer(['ES256'])(renewed.body.accessToken as string)).resolves.toBeTruthy();
  });

  it('a reset goes back to the first key alone', async () => {
    const first = ctx.idp.admin.keys.list()[0]!.kid;
    await ctx.idp.admin.keys.rotate({ algorithm: 'EdDSA', retirePrevious: true });
    await ctx.idp.admin.reset();
    expect(ctx.idp.admin.keys.list()).toEqual([expect.objectContaining({ kid: first, alg: 'ES256', status: 'current' })]);
    expect(ctx.idp.admin.config.get().signing).toEqual({ algorithm: 'ES256' });
  });

  it('names what is wrong with a rotation or a retirement, and changes nothing', async () => {
    const before = ctx.idp.admin.keys.list();
    const bad = async (body: unknown) => (await call(ctx.idp, 'POST', '/__admin/keys/rotate', { body })).body;
    expect(await bad({ algorithm: 'HS256' })).toMatchObject({ error_description: expect.stringContaining('body.algorithm') });
    expect((await bad({ algorithm: 'HS256' })).error_description).toContain('RS256');
    expect(await bad({ retirePrevious: 'yes' })).toMatchObject({ error_description: expect.stringContaining('body.retirePrevious') });
    expect(await bad({ kid: 'mine' })).toMatchObject({ error_description: expect.stringContaining('kid') });
    expect(await bad('RS256')).toMatchObject({ error: 'invalid_request' });

    const unknown = await call(ctx.idp, 'DELETE', '/__admin/keys/ts-nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_description).toContain('no signing key with kid "ts-nope"');
    const current = await call(ctx.idp, 'DELETE', `/__admin/keys/${before[0]!.kid}`);
    expect(current.status).toBe(400);
    expect(current.body.error_description).toContain('is the current signing key: rotate to a new one first');
    expect(ctx.idp.admin.keys.list()).toEqual(before);
    expect(ctx.idp.admin.events.list({ type: 'admin' }).filter((event) => event.outcome.startsWith('signing-key'))).toEqual([]);
  });

  it('any rotation body or kid gets a rotation, a retirement or a 4xx naming what is wrong, never a 5xx (property)', async () => {
    // RSA keys take a few hundred ms to make: the fast algorithms stand for the valid ones.
    const algorithm = fc.constantFrom<unknown>('ES256', 'EdDSA', 'ES384', 'HS256', 'none', 'rs256', '', 42, null);
    const body = fc.oneof(
      fc.record({ algorithm, retirePrevious: fc.oneof(fc.boolean(), fc.constantFrom<unknown>('yes', 1, null)) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const kid = fc.oneof(fc.constantFrom('current', 'published', 'unknown'), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(body, kid, async (rotation, pick) => {
        const rotated = await call(ctx.idp, 'POST', '/__admin/keys/rotate', { body: JSON.stringify(rotation) });
        if (rotated.status === 201) expect(rotated.body.key).toMatchObject({ status: 'current' });
        else {
          expect(rotated.status, JSON.stringify(rotated.body)).toBe(400);
          expect(rotated.body.error_description).toMatch(/^body/);
        }
        const keys = ctx.idp.admin.keys.list();
        const target = pick === 'current' ? keys.find((key) => key.status === 'current')!.kid : pick === 'published' ? keys.find((key) => key.status !== 'current')?.kid ?? 'ts-none' : pick;
        const retired = await call(ctx.idp, 'DELETE', `/__admin/keys/${encodeURIComponent(target)}`);
        expect([200, 400, 404], JSON.stringify(retired.body)).toContain(retired.status);
        expect(ctx.idp.admin.keys.list().filter((key) => key.status === 'current')).toHaveLength(1);
      }),
      { numRuns: 60, seed: 4242 },
    );
  });

  it('a config naming an algorithm it cannot sign with is refused by name', async () => {
    await expect(createMockIdp({ signing: { algorithm: 'HS256' as never } })).rejects.toThrow(/signing\.algorithm/);
    await expect(createMockIdp({ clients: [{ id: 'x', redirectUris: ['http://127.0.0.1/cb'], idTokenSignedResponseAlg: 'none' as never }] })).rejects.toThrow('clients[0].idTokenSignedResponseAlg');
  });
});

describe('signing with RS256', () => {
  const ctx = useIdp({ signing: { algorithm: 'RS256' } });

  it('signs access and ID tokens with RS256, as a resource server that pins it expects', async () => {
    const refreshed = await refresh(ctx.idp, await signIn(ctx.idp));
    const jwks = createRemoteJWKSet(new URL(`${ctx.idp.url}/oauth/jwks`));
    const verified = await jwtVerify(refreshed.body.accessToken as string, jwks, { issuer: ctx.idp.url, algorithms: ['RS256'] });
    expect(verified.payload.sub).toBeTypeOf('string');
    const { tokens } = await codeFlow(ctx.idp, { client_id: DESKTOP });
    await expect(jwtVerify(tokens.body.id_token as string, jwks, { issuer: ctx.idp.url, audience: DESKTOP, algorithms: ['RS256'] })).resolves.toBeTruthy();
  });
});
