import { randomUUID } from 'node:crypto';
import { CompactSign, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadIdpConfigFile } from '../../config/load-config-file.ts';
import { createMockIdp, type MockIdp } from '../../index.ts';
import { call, type Json, useIdp } from '../../test-support.ts';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';

import { form, redeemCodeWith } from '../oauth-test-support.ts';

const ATTESTED = 'attested-desktop';
const clients = [
  ...DEFAULT_CLIENTS,
  { id: ATTESTED, type: 'public' as const, redirectUris: ['http://127.0.0.1/callback'], grants: ['authorization_code' as const, 'refresh_token' as const], scopes: ['openid', 'notes:read'], attestation: 'required' as const },
];

/** One app instance: its key, the attestation the attester gave it, and the headers of a token request. */
interface AppInstance {
  publicJwk: JWK;
  attestation?: string;
  attest(): Promise<Json>;
  pop(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** A PoP whose payload is these bytes as they are, signed by the instance key. */
  popOf(payload: string): Promise<string>;
  headers(): Promise<Record<string, string>>;
}

async function appInstance(idp: MockIdp, clientId = ATTESTED): Promise<AppInstance> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const instance: AppInstance = {
    publicJwk: await exportJWK(publicKey),
    async attest() {
      const response = await call(idp, 'POST', '/api/attester/attest', { body: { clientId, jwk: instance.publicJwk } });
      if (response.status === 200) instance.attestation = response.body.attestation as string;
      return response;
    },
    pop(claims = {}, header = {}) {
      // The instance's own clock: real time, as the IdP judges a PoP's iat unless popIatClock says virtual.
      return signed(privateKey, { aud: idp.url, jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ...claims }, { alg: 'ES256', typ: 'oauth-client-attestation-pop+jwt', ...header });
    },
    popOf(payload) {
      return new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'ES256', typ: 'oauth-client-attestation-pop+jwt' }).sign(privateKey);
    },
    async headers() {
      return { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.pop() };
    },
  };
  return instance;
}

function signed(key: CryptoKey, claims: Record<string, unknown>, header: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader(header as { alg: string }).sign(key);
}

function refresh(idp: MockIdp, refreshToken: string, headers: Record<string, string>) {
  return form(idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: ATTESTED }, { headers });
}

describe('client attestation: the attester, and the token endpoint (draft-ietf-oauth-attestation-based-client-auth)', () => {
  const ctx = useIdp({ clients });

  it('the attester vouches for an instance key in a JWT that runs out after attestation.ttl', async () => {
    const instance = await appInstance(ctx.idp);
    const response = await instance.attest();
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.body.expiresIn).toBe(3600);
    const attestation = response.body.attestation as string;
    expect(decodeProtectedHeader(attestation)).toMatchObject({ alg: 'ES256', typ: 'oauth-client-attestation+jwt' });
    const claims = decodeJwt(attestation);
    expect(claims).toMatchObject({ iss: `${ctx.idp.url}/attester`, sub: ATTESTED, cnf: { jwk: instance.publicJwk } });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(ctx.idp.admin.events.list({ type: 'request' }).at(-1)).toMatchObject({ group: 'attester', outcome: 'attested', clientId: ATTESTED });
  });

  it('the attester says what is wrong with a request', async () => {
    const attest = (body: unknown) => call(ctx.idp, 'POST', '/api/attester/attest', { body });
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const cases: Array<[unknown, number, string, RegExp]> = [
      [{ clientId: ATTESTED }, 400, 'invalid_request', /body\.jwk: expected the instance's public key as a JWK object/],
      [{ clientId: ATTESTED, jwk: await exportJWK(privateKey) }, 400, 'invalid_request', /body\.jwk must be a public key; it has d: a private key was sent/],
      [{ clientId: ATTESTED, jwk: { kty: 'EC', crv: 'P-256' } }, 400, 'invalid_request', /body\.jwk is not a usable public key/],
      [{ clientId: 'nobody', jwk: await exportJWK(publicKey) }, 401, 'invalid_client', /client 'nobody' is not configured/],
      [{ clientId: 'tokenstorm-desktop', jwk: await exportJWK(publicKey) }, 400, 'unauthorized_client', /does not use client attestation/],
      [{ clientId: ATTESTED, jwk: await exportJWK(publicKey), extra: 1 }, 400, 'invalid_request', /body/],
    ];
    for (const [body, status, error, message] of cases) {
      const response = await attest(body);
      expect.soft(response.status, JSON.stringify(body)).toBe(status);
      expect.soft(response.body.error, JSON.stringify(body)).toBe(error);
      expect.soft(response.body.error_description, JSON.stringify(body)).toMatch(message);
    }
  });

  it('binds the sign-in to the attested instance; a request without attestation is refused before the code is spent', async () => {
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    let attested = false;
    const first = await redeemCodeWith(ctx.idp, async () => (attested ? instance.headers() : {}), ATTESTED);
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ error: 'invalid_client_attestation', code: 'INVALID_CLIENT_ATTESTATION' });
    expect(first.body.error_description).toMatch(/send the OAuth-Client-Attestation and OAuth-Client-Attestation-PoP headers/);
    attested = true;
    const tokens = await first.redeem();
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === ATTESTED)!;
    expect(family.instanceJkt).toMatch(/^[\w-]{43}$/);
    const rotated = await refresh(ctx.idp, tokens.body.refresh_token as string, await instance.headers());
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
  });

  it('continuous attestation: once the attestation runs out, no new tokens until the instance attests again; nothing is spent meanwhile', async () => {
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    const tokens = await redeemCodeWith(ctx.idp, () => instance.headers(), ATTESTED);
    await ctx.idp.admin.clock.advance('61m');
    const stale = await refresh(ctx.idp, tokens.body.refresh_token as string, await instance.headers());
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ error: 'use_fresh_attestation', code: 'USE_FRESH_ATTESTATION' });
    expect(stale.body.error_description).toMatch(/the client attestation ran out 6\d s ago: attest again \(POST \/api\/attester\/attest\)/);
    await instance.attest();
    const refreshed = await refresh(ctx.idp, tokens.body.refresh_token as string, await instance.headers());
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
  });

  it('judges a PoP\'s iat by real time; popIatClock: virtual tells a device whose clock is behind the IdP\'s by how much', async () => {
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    const post = async () => form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: 'rt_unknown', client_id: ATTESTED }, { headers: await instance.headers() });
    await ctx.idp.admin.clock.advance('10m');
    // Authenticated (the token is then unknown): advancing the IdP's clock did not age the PoP.
    expect((await post()).body.error).toBe('invalid_grant');
    await ctx.idp.admin.config.update({ attestation: { popIatClock: 'virtual' } });
    const skewed = await post();
    expect(skewed.body.error).toBe('invalid_client_attestation');
    expect(skewed.body.error_description).toMatch(/PoP's iat is 60\d s in the past by the IdP's virtual clock/);
  });

  it('a refresh token copied to another instance is refused there, though that instance attests', async () => {
    const [owner, other] = [await appInstance(ctx.idp), await appInstance(ctx.idp)];
    await owner.attest();
    await other.attest();
    const tokens = await redeemCodeWith(ctx.idp, () => owner.headers(), ATTESTED);
    const stolen = await refresh(ctx.idp, tokens.body.refresh_token as string, await other.headers());
    expect(stolen.status).toBe(400);
    expect(stolen.body).toMatchObject({ error: 'invalid_grant', code: 'ATTESTATION_KEY_MISMATCH' });
    expect((await refresh(ctx.idp, tokens.body.refresh_token as string, await owner.headers())).status).toBe(200);
  });

  it('checks the attestation and its proof of possession, and says which part failed', async () => {
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    const otherClient = await appInstance(ctx.idp, ATTESTED);
    await otherClient.attest();
    const forger = await generateKeyPair('ES256');
    const forged = await signed(forger.privateKey, { ...decodeJwt(instance.attestation!) }, { alg: 'ES256', typ: 'oauth-client-attestation+jwt' });
    const post = (headers: Record<string, string>) => form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: 'rt_unknown', client_id: ATTESTED }, { headers });
    const now = Math.floor(ctx.idp.admin.clock.now() / 1000);
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['forged attestation', { 'oauth-client-attestation': forged, 'oauth-client-attestation-pop': await instance.pop() }, /not a JWT signed by this IdP's attester/],
      ['PoP by another key', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await otherClient.pop() }, /PoP is not signed by the instance key the attestation vouches for/],
      ['PoP aud', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.pop({ aud: 'https://elsewhere.example' }) }, /aud 'https:\/\/elsewhere\.example' is not this IdP's issuer/],
      ['PoP typ', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.pop({}, { typ: 'JWT' }) }, /typ must be 'oauth-client-attestation-pop\+jwt'/],
      ['PoP iat', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.pop({ iat: now - 600 }) }, /iat is 60\d s in the past/],
      ['PoP jti', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.pop({ jti: '' }) }, /needs a jti/],
      ['PoP only', { 'oauth-client-attestation-pop': await instance.pop() }, /send the OAuth-Client-Attestation and OAuth-Client-Attestation-PoP headers/],
      ['PoP of null', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.popOf('null') }, /payload is not a JSON object of claims/],
      ['PoP of a list', { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.popOf('[1]') }, /payload is not a JSON object of claims/],
    ];
    for (const [name, headers, message] of cases) {
      const response = await post(headers);
      expect.soft(response.status, name).toBe(400);
      expect.soft(response.body.error, name).toBe('invalid_client_attestation');
      expect.soft(response.body.error_description, name).toMatch(message);
    }
    // A PoP is good for one request.
    const headers = await instance.headers();
    expect((await post(headers)).body.error).toBe('invalid_grant');
    expect((await post(headers)).body.error_description).toMatch(/PoP was already used/);
  });

  it('a device that fails its check gets no attestation, and its sign-ins are revoked', async () => {
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    const tokens = await redeemCodeWith(ctx.idp, () => instance.headers(), ATTESTED);
    await ctx.idp.admin.config.update({ attestation: { verdict: 'fail' } });
    const refused = await instance.attest();
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'access_denied', code: 'ATTESTATION_FAILED' });
    expect(refused.body.error_description).toMatch(/failed its integrity check: no attestation for this app instance, and its 1 sign-in\(s\) are revoked/);
    const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === ATTESTED)!;
    expect(family).toMatchObject({ status: 'revoked', revokedReason: 'attestation-failed' });
    // The attestation it still holds authenticates it, but its sign-in is gone.
    const after = await refresh(ctx.idp, tokens.body.refresh_token as string, await instance.headers());
    expect(after.body).toMatchObject({ error: 'invalid_grant', code: 'REFRESH_TOKEN_REVOKED' });
  });

  it('server-provided challenges: a PoP without the current one gets use_attestation_challenge with it, spends nothing, and the next one with it passes', async () => {
    await ctx.idp.admin.config.update({ attestation: { challenge: 'required', challengeTtl: '2m' } });
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    const withChallenge = async (challenge?: unknown) => ({
      'oauth-client-attestation': instance.attestation!,
      'oauth-client-attestation-pop': await instance.pop(challenge === undefined ? {} : { challenge }),
    });
    // The challenge endpoint: no authentication, no body, not cached.
    const fetched = await call(ctx.idp, 'POST', '/oauth/challenge');
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('cache-control')).toBe('no-store');
    const challenge = fetched.body.attestation_challenge as string;
    expect(challenge).toMatch(/^[\w-]{32}$/);

    let sent = await withChallenge();
    const first = await redeemCodeWith(ctx.idp, async () => sent, ATTESTED);
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ error: 'use_attestation_challenge', code: 'USE_ATTESTATION_CHALLENGE' });
    expect(first.body.error_description).toMatch(/requires a challenge in the client attestation PoP/);
    expect(first.headers.get('oauth-client-attestation-challenge')).toBe(challenge);
    // The code was not spent: the same redemption with the challenge succeeds, and names the challenge again.
    sent = await withChallenge(challenge);
    const tokens = await first.redeem();
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.headers.get('oauth-client-attestation-challenge')).toBe(challenge);

    // The clock passes the challenge's period: the old one is refused with the new one, and the refresh token kept.
    await ctx.idp.admin.clock.advance('2m');
    const stale = await refresh(ctx.idp, tokens.body.refresh_token as string, await withChallenge(challenge));
    expect(stale.body).toMatchObject({ error: 'use_attestation_challenge' });
    expect(stale.body.error_description).toMatch(/is not the current one/);
    const next = stale.headers.get('oauth-client-attestation-challenge')!;
    expect(next).not.toBe(challenge);
    expect((await call(ctx.idp, 'POST', '/oauth/challenge')).body.attestation_challenge).toBe(next);
    const refreshed = await refresh(ctx.idp, tokens.body.refresh_token as string, await withChallenge(next));
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    // A challenge that is no string is refused as one that is not current.
    expect((await refresh(ctx.idp, refreshed.body.refresh_token as string, await withChallenge(42))).body.error).toBe('use_attestation_challenge');
  });

  it('with challenges off, a PoP may still carry one, and it must then be the current one', async () => {
    const instance = await appInstance(ctx.idp);
    await instance.attest();
    const current = (await call(ctx.idp, 'POST', '/oauth/challenge')).body.attestation_challenge as string;
    const post = async (challenge: string) => form(ctx.idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: 'rt_unknown', client_id: ATTESTED }, {
      headers: { 'oauth-client-attestation': instance.attestation!, 'oauth-client-attestation-pop': await instance.pop({ challenge }) },
    });
    // Authenticated (the refresh token is then unknown) with the current challenge; refused with another.
    expect((await post(current)).body.error).toBe('invalid_grant');
    expect((await post('not-the-challenge')).body.error).toBe('use_attestation_challenge');
  });

  it('advertises attest_jwt_client_auth, and the attester takes part in faults like every route group', async () => {
    const discovery = await call(ctx.idp, 'GET', '/.well-known/oauth-authorization-server');
    expect(discovery.body.token_endpoint_auth_methods_supported).toContain('attest_jwt_client_auth');
    expect(discovery.body.challenge_endpoint).toBe(`${ctx.idp.url}/oauth/challenge`);
    expect(discovery.body).toMatchObject({ client_attestation_signing_alg_values_supported: ['ES256'], client_attestation_pop_signing_alg_values_supported: expect.arrayContaining(['ES256']) });
    ctx.idp.admin.faults.add({ match: { group: 'attester' }, action: { type: 'status', status: 503, retryAfter: 30 }, times: 1 });
    const instance = await appInstance(ctx.idp);
    const outage = await instance.attest();
    expect(outage.status).toBe(503);
    expect(outage.headers.get('retry-after')).toBe('30');
    expect((await instance.attest()).status).toBe(200);
  });
});

describe('the bound-tokens.yaml config shipped with the IdP', () => {
  it('serves a desktop client that must send a DPoP proof and a current attestation, with nonces', async () => {
    const config = await loadIdpConfigFile(fileURLToPath(new URL('../../config/bound-tokens.yaml', import.meta.url)));
    const idp = await createMockIdp({ ...config, logLevel: 'silent' });
    try {
      const client = idp.admin.config.get();
      expect(client).toMatchObject({ dpop: { nonce: 'both', nonceTtl: 120_000 }, attestation: { ttl: 900_000, verdict: 'pass' } });
      const instance = await appInstance(idp, 'bound-desktop');
      expect((await instance.attest()).body.expiresIn).toBe(900);
      // No DPoP proof: refused whatever the grant, before the grant is looked at further.
      const response = await form(idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: 'rt_x', client_id: 'bound-desktop' }, { headers: await instance.headers() });
      expect(response.body.error_description).toMatch(/client 'bound-desktop' always uses DPoP/);
    } finally {
      await idp.close();
    }
  });
});
