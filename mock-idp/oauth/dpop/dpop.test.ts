import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { createMockIdp, type MockIdp } from '../../index.ts';
import { call, type Json, useIdp } from '../../test-support.ts';
import { DEFAULT_CLIENTS } from '../clients/client-schema.ts';
import { authorizeParams, BACKEND, DESKTOP, form, getAuthorize, pkcePair, redeemCodeWith } from '../oauth-test-support.ts';
import { dpopKey, type DpopKey } from './dpop-test-support.ts';

const clients = [
  ...DEFAULT_CLIENTS,
  { id: 'bound-desktop', type: 'public' as const, redirectUris: ['http://127.0.0.1/callback'], grants: ['authorization_code' as const, 'refresh_token' as const], scopes: ['openid', 'notes:read'], dpopBoundAccessTokens: true },
];

const tokenUrl = (idp: MockIdp) => `${idp.url}/oauth/token`;

function refreshWith(idp: MockIdp, refreshToken: string, headers: Record<string, string> = {}): Promise<Json> {
  return form(idp, '/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: DESKTOP }, { headers });
}

/** `GET /api/me` with `Authorization: DPoP` and a proof for it. */
async function meWithDpop(idp: MockIdp, key: DpopKey, accessToken: string, proof: { nonce?: string } = {}): Promise<Json> {
  return call(idp, 'GET', '/api/me', { headers: { authorization: `DPoP ${accessToken}`, dpop: await key.proof({ htm: 'GET', htu: `${idp.url}/api/me`, accessToken, ...proof }) } });
}

describe('DPoP at the token endpoint and the resource API (RFC 9449)', () => {
  const ctx = useIdp({ clients });

  it('binds the access token to the proof\'s key: token_type DPoP, cnf.jkt, usable only with a proof of that key', async () => {
    const key = await dpopKey('ES256');
    const tokens = await redeemCodeWith(ctx.idp, async () => ({ dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) }));
    expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
    expect(tokens.body.token_type).toBe('DPoP');
    const accessToken = tokens.body.access_token as string;
    expect(decodeJwt(accessToken).cnf).toEqual({ jkt: key.jkt });

    const me = await meWithDpop(ctx.idp, key, accessToken);
    expect(me.status, JSON.stringify(me.body)).toBe(200);

    // §7.2: the bound token as a bearer token is refused, or DPoP would protect nothing.
    const asBearer = await call(ctx.idp, 'GET', '/api/me', { token: accessToken });
    expect(asBearer.status).toBe(401);
    expect(asBearer.body.error).toBe('invalid_token');
    expect(asBearer.headers.get('www-authenticate')).toMatch(/^DPoP realm="tokenstorm", algs="ES256 [^"]*", error="invalid_token"/);

    // Nor does the account API exchange it, sent as a bearer token, for the session behind it; with its proof it does.
    const account = await call(ctx.idp, 'GET', '/api/auth/get-session', { token: accessToken });
    expect(account.status).toBe(401);
    expect(account.body.error_description).toMatch(/bound to a DPoP key: send it as Authorization: DPoP/);
    const session = await call(ctx.idp, 'GET', '/api/auth/get-session', { headers: { authorization: `DPoP ${accessToken}`, dpop: await key.proof({ htm: 'GET', htu: `${ctx.idp.url}/api/auth/get-session`, accessToken }) } });
    expect(session.status, JSON.stringify(session.body)).toBe(200);
    expect((session.body.user as { email: string }).email).toBe('ada@example.test');
    const stolen = await call(ctx.idp, 'GET', '/api/auth/get-session', { headers: { authorization: `DPoP ${accessToken}`, dpop: await (await dpopKey('ES256')).proof({ htm: 'GET', htu: `${ctx.idp.url}/api/auth/get-session`, accessToken }) } });
    expect(stolen.status).toBe(401);
    expect(stolen.body.error).toBe('invalid_dpop_proof');

    const noProof = await call(ctx.idp, 'GET', '/api/me', { headers: { authorization: `DPoP ${accessToken}` } });
    expect(noProof.status).toBe(401);
    expect(noProof.body.error).toBe('invalid_dpop_proof');
    expect(noProof.headers.get('www-authenticate')).toMatch(/error="invalid_dpop_proof"/);

    const thief = await dpopKey('ES256');
    const otherKey = await meWithDpop(ctx.idp, thief, accessToken);
    expect(otherKey.status).toBe(401);
    expect(otherKey.body.error_description).toMatch(/signed by another key than the one the access token is bound to/);

    const wrongAth = await call(ctx.idp, 'GET', '/api/me', { headers: { authorization: `DPoP ${accessToken}`, dpop: await key.proof({ htm: 'GET', htu: `${ctx.idp.url}/api/me`, accessToken: 'another token' }) } });
    expect(wrongAth.status).toBe(401);
    expect(wrongAth.body.error_description).toMatch(/ath is not the hash of the access token/);

    // Introspection (§6.2) says it is bound, and to which key.
    const introspected = await form(ctx.idp, '/oauth/introspect', { token: accessToken }, { basic: [BACKEND.id, BACKEND.secret] });
    expect(introspected.body).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.jkt } });
  });

  it('an unbound token sent with Authorization: DPoP is refused, and a plain Bearer flow is unchanged', async () => {
    const tokens = await redeemCodeWith(ctx.idp, async () => ({}));
    expect(tokens.body.token_type).toBe('Bearer');
    const key = await dpopKey('ES256');
    const response = await meWithDpop(ctx.idp, key, tokens.body.access_token as string);
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_token');
    expect(response.body.error_description).toMatch(/not bound to a DPoP key: send it as Authorization: Bearer/);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: tokens.body.access_token as string })).status).toBe(200);
  });

  it('§5: a public client\'s refresh token is bound to the key; without a proof, or with another key, nothing is spent', async () => {
    const key = await dpopKey('ES256');
    const proofHeaders = async (signer = key) => ({ dpop: await signer.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) });
    const first = await redeemCodeWith(ctx.idp, () => proofHeaders());
    const refreshToken = first.body.refresh_token as string;

    const missing = await refreshWith(ctx.idp, refreshToken);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_dpop_proof', code: 'INVALID_DPOP_PROOF' });
    expect(missing.body.error_description).toMatch(/bound to a DPoP key/);

    const stolen = await refreshWith(ctx.idp, refreshToken, await proofHeaders(await dpopKey('ES256')));
    expect(stolen.status).toBe(400);
    expect(stolen.body).toMatchObject({ error: 'invalid_grant', code: 'DPOP_KEY_MISMATCH' });

    // Neither spent the token nor counted as reuse: the holder of the key refreshes as if nothing happened.
    const rotated = await refreshWith(ctx.idp, refreshToken, await proofHeaders());
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.token_type).toBe('DPoP');
    expect(decodeJwt(rotated.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
    const family = ctx.idp.admin.state().families.find((candidate) => candidate.clientId === DESKTOP)!;
    expect(family).toMatchObject({ status: 'active', dpopJkt: key.jkt, rotations: 2 });
    const outcomes = ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'token').map((event) => event.outcome);
    expect(outcomes).toEqual(['code-redeemed', 'dpop-proof-missing', 'dpop-key-mismatch', 'rotated']);
  });

  it('refuses a token request of a client that always uses DPoP (dpopBoundAccessTokens) without a proof, before the code is spent', async () => {
    const key = await dpopKey('ES256');
    let withProof = false;
    const headers = async (): Promise<Record<string, string>> => (withProof ? { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } : {});
    const response = await redeemCodeWith(ctx.idp, headers, 'bound-desktop');
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_dpop_proof');
    expect(response.body.error_description).toMatch(/client 'bound-desktop' always uses DPoP \(dpopBoundAccessTokens\)/);
    withProof = true;
    expect((await response.redeem()).body.token_type).toBe('DPoP');
  });

  it('§10: a code bound to a key by dpop_jkt is redeemed only with a proof of that key; a refused redemption spends nothing', async () => {
    const key = await dpopKey('ES256');
    let signer: DpopKey | undefined;
    const headers = async (): Promise<Record<string, string>> => (signer ? { dpop: await signer.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } : {});
    const unproven = await redeemCodeWith(ctx.idp, headers, DESKTOP, { dpop_jkt: key.jkt });
    expect(unproven.status).toBe(400);
    expect(unproven.body).toMatchObject({ error: 'invalid_grant', code: 'DPOP_KEY_MISMATCH' });
    expect(unproven.body.error_description).toMatch(/needs a DPoP proof signed by it/);
    signer = await dpopKey('ES256');
    expect((await unproven.redeem()).body.error_description).toMatch(/another DPoP key \(dpop_jkt\)/);
    signer = key;
    const redeemed = await unproven.redeem();
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
    expect(decodeJwt(redeemed.body.access_token as string).cnf).toEqual({ jkt: key.jkt });

    const malformed = await getAuthorize(ctx.idp, authorizeParams({ code_challenge: pkcePair().challenge, dpop_jkt: 'not-a-thumbprint' }));
    expect(malformed.location?.searchParams.get('error')).toBe('invalid_request');
    expect(malformed.location?.searchParams.get('error_description')).toMatch(/dpop_jkt must be the SHA-256 JWK thumbprint/);
  });

  it('binds client_credentials tokens too; a confidential client\'s grant keeps no key of its own', async () => {
    const key = await dpopKey('ES256');
    const response = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.token_type).toBe('DPoP');
    expect(decodeJwt(response.body.access_token as string).cnf).toEqual({ jkt: key.jkt });
    const notes = await call(ctx.idp, 'GET', '/api/notes', { headers: { authorization: `DPoP ${response.body.access_token as string}`, dpop: await key.proof({ htm: 'GET', htu: `${ctx.idp.url}/api/notes`, accessToken: response.body.access_token as string }) } });
    expect(notes.status, JSON.stringify(notes.body)).toBe(200);
  });

  it('checks every part of a proof (RFC 9449 §4.3) and says which failed', async () => {
    const key = await dpopKey('ES256');
    const htu = tokenUrl(ctx.idp);
    const post = (dpop: string) => form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop } });
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(ctx.idp.admin.clock.now() / 1000);
    const good = await key.proof({ htm: 'POST', htu });
    const privateJwk = { ...key.publicJwk, d: 'AAAA' };
    const cases: Array<[string, string, RegExp]> = [
      ['not a JWT', 'not-a-jwt', /is not a JWT/],
      ['typ', await key.proof({ htm: 'POST', htu }, { header: { typ: 'JWT' } }), /typ must be 'dpop\+jwt', not 'JWT'/],
      ['alg HS256', `${b64({ alg: 'HS256', typ: 'dpop+jwt', jwk: key.publicJwk })}.${b64({ htm: 'POST', htu, iat: now, jti: 'x' })}.c2ln`, /alg 'HS256' is not accepted: sign it with one of ES256/],
      ['alg none', `${b64({ alg: 'none', typ: 'dpop+jwt', jwk: key.publicJwk })}.${b64({ htm: 'POST', htu, iat: now, jti: 'x' })}.`, /alg 'none' is not accepted/],
      ['no jwk', `${b64({ alg: 'ES256', typ: 'dpop+jwt' })}.${b64({ htm: 'POST', htu, iat: now, jti: 'x' })}.c2ln`, /jwk header is missing or not a JSON object/],
      ['private jwk', `${b64({ alg: 'ES256', typ: 'dpop+jwt', jwk: privateJwk })}.${b64({ htm: 'POST', htu, iat: now, jti: 'x' })}.c2ln`, /jwk header must be a public key; it has d: a private key was sent/],
      ['signature', `${good.split('.').slice(0, 2).join('.')}.${(await key.proof({ htm: 'POST', htu })).split('.')[2]}`, /signature does not verify/],
      ['htm', await key.proof({ htm: 'GET', htu }), /htm 'GET' is not this request's method, POST/],
      ['htu', await key.proof({ htm: 'POST', htu: `${ctx.idp.url}/oauth/revoke` }), /htu '.*\/oauth\/revoke' is not this request's URL/],
      ['htu not a URL', await key.proof({ htm: 'POST', htu: 'token endpoint' }), /htu 'token endpoint' is not an absolute URL/],
      ['iat old', await key.proof({ htm: 'POST', htu, iat: now - 120 }), /iat is 12\d s in the past by real time .*accepted: within 60 s/],
      ['iat future', await key.proof({ htm: 'POST', htu, iat: now + 90 }), /iat is (89|90) s in the future/],
      ['no jti', await key.proof({ htm: 'POST', htu }, { claims: { jti: undefined } }), /needs a jti/],
      ['two headers', `${good}, ${good}`, /send one DPoP header, not several/],
    ];
    for (const [name, proof, message] of cases) {
      const response = await post(proof);
      expect.soft(response.status, name).toBe(400);
      expect.soft(response.body.error, name).toBe('invalid_dpop_proof');
      expect.soft(response.body.error_description, name).toMatch(message);
    }
    // htu names the URL as the client called it: localhost is the same server as 127.0.0.1.
    const viaLocalhost = await fetch(`${htu.replace('127.0.0.1', 'localhost')}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${BACKEND.id}:${BACKEND.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', dpop: await key.proof({ htm: 'POST', htu: htu.replace('127.0.0.1', 'localhost') }) },
      body: 'grant_type=client_credentials',
    });
    expect(viaLocalhost.status, await viaLocalhost.clone().text()).toBe(200);
    // The query part of htu is not compared (§4.3), and a proof is good once.
    const withQuery = await key.proof({ htm: 'POST', htu: `${htu}?ignored=1` });
    expect((await post(withQuery)).status).toBe(200);
    const replayed = await post(withQuery);
    expect(replayed.status).toBe(400);
    expect(replayed.body.error_description).toMatch(/already used \(its jti was seen\)/);
    expect(ctx.idp.admin.events.list({ type: 'request' }).filter((event) => event.group === 'token').at(-1)).toMatchObject({ outcome: 'invalid-dpop-proof' });
  });

  it('judges iat by real time, so advancing the IdP\'s clock to expire tokens leaves proofs good; iatClock: virtual tells a skewed device by how much', async () => {
    const key = await dpopKey('ES256'); // the client's own (real) clock
    const request = async () => form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } });
    await ctx.idp.admin.clock.advance('10m');
    expect((await request()).status).toBe(200);
    await ctx.idp.admin.config.update({ dpop: { iatClock: 'virtual' } });
    const skewed = await request();
    expect(skewed.status).toBe(400);
    expect(skewed.body.error_description).toMatch(/iat is 60\d s in the past by the IdP's virtual clock/);
  });

  it('accepts the algorithms it advertises in discovery, and only those', async () => {
    const discovery = await call(ctx.idp, 'GET', '/.well-known/openid-configuration');
    expect(discovery.body.dpop_signing_alg_values_supported).toEqual(['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA', 'Ed25519']);
    for (const alg of ['PS256', 'Ed25519']) {
      const key = await dpopKey(alg);
      const response = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } });
      expect(response.status, `${alg}: ${JSON.stringify(response.body)}`).toBe(200);
    }
    await ctx.idp.admin.config.update({ dpop: { algorithms: ['ES256'] } });
    const rsa = await dpopKey('RS256');
    const refused = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: await rsa.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } });
    expect(refused.body.error_description).toMatch(/alg 'RS256' is not accepted: sign it with one of ES256 \(/);
  });

  it('names what is wrong with a dpop config, in a config and in an admin patch', async () => {
    await expect(createMockIdp({ dpop: { nonce: 'sometimes' as 'off' } })).rejects.toThrow(/dpop\.nonce/);
    await expect(createMockIdp({ dpop: { algorithms: ['HS256' as 'ES256'] } })).rejects.toThrow(/dpop\.algorithms\[0\]/);
    const patched = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { dpop: { nonceTtl: '0s' } } });
    expect(patched.status).toBe(400);
    expect(patched.body.error_description).toMatch(/body\.dpop\.nonceTtl: expected at least "1s"/);
    const unknown = await call(ctx.idp, 'PATCH', '/__admin/config', { body: { dpop: { nonces: 'both' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error_description).toMatch(/body\.dpop/);
  });
});

describe("DPoP at the recipe's refresh endpoint (POST /api/auth/refresh)", () => {
  const ctx = useIdp({ dpop: { nonce: 'off' } });
  const refreshUrl = (idp: MockIdp) => `${idp.url}/api/auth/refresh`;
  const refreshWithProof = async (refreshToken: string, key?: DpopKey) =>
    call(ctx.idp, 'POST', '/api/auth/refresh', { body: { refreshToken }, headers: key ? { dpop: await key.proof({ htm: 'POST', htu: refreshUrl(ctx.idp) }) } : {} });

  it('binds the access token and the sign-in to the key of the first proof; a later refresh must prove it, and neither refusal spends the token', async () => {
    const key = await dpopKey('ES256');
    const signIn = await call(ctx.idp, 'POST', '/api/auth/sign-in/email', { body: { email: 'ada@example.test', password: 'correct-horse' } });
    const first = await refreshWithProof(signIn.body.token as string, key);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.tokenType).toBe('DPoP');
    const accessToken = first.body.accessToken as string;
    expect(decodeJwt(accessToken).cnf).toEqual({ jkt: key.jkt });
    expect(ctx.idp.admin.state().families[0]!.dpopJkt).toBe(key.jkt);
    expect((await meWithDpop(ctx.idp, key, accessToken)).status).toBe(200);
    expect((await call(ctx.idp, 'GET', '/api/me', { token: accessToken })).status).toBe(401);

    const refreshToken = first.body.refreshToken as string;
    const withoutProof = await refreshWithProof(refreshToken);
    expect(withoutProof.status).toBe(400);
    expect(withoutProof.body).toMatchObject({ error: 'invalid_dpop_proof' });
    expect(withoutProof.body.error_description).toMatch(/bound to a DPoP key/);
    const thief = await refreshWithProof(refreshToken, await dpopKey('ES256'));
    expect(thief.status).toBe(401);
    expect(thief.body).toMatchObject({ error: 'invalid_grant', code: 'DPOP_KEY_MISMATCH' });
    // Nothing was spent: the holder's refresh rotates the same token, and the family lives.
    const holder = await refreshWithProof(refreshToken, key);
    expect(holder.status, JSON.stringify(holder.body)).toBe(200);
    expect(ctx.idp.admin.state().families[0]!.status).toBe('active');
  });

  it('a refresh without a proof is the recipe\'s as before: a bearer token, nothing bound; a bad proof is named', async () => {
    const signIn = await call(ctx.idp, 'POST', '/api/auth/sign-in/email', { body: { email: 'ada@example.test', password: 'correct-horse' } });
    const plain = await refreshWithProof(signIn.body.token as string);
    expect(plain.body.tokenType).toBe('Bearer');
    expect(decodeJwt(plain.body.accessToken as string).cnf).toBeUndefined();
    expect(ctx.idp.admin.state().families[0]!.dpopJkt).toBeNull();
    const key = await dpopKey('ES256');
    const wrongUrl = await call(ctx.idp, 'POST', '/api/auth/refresh', { body: { refreshToken: plain.body.refreshToken }, headers: { dpop: await key.proof({ htm: 'POST', htu: `${ctx.idp.url}/oauth/token` }) } });
    expect(wrongUrl.status).toBe(400);
    expect(wrongUrl.body.error).toBe('invalid_dpop_proof');
    expect(wrongUrl.body.error_description).toMatch(/htu/);
  });

  it('asks for the nonce where the IdP requires one at the token endpoint', async () => {
    await ctx.idp.admin.config.update({ dpop: { nonce: 'token' } });
    const key = await dpopKey('ES256');
    const signIn = await call(ctx.idp, 'POST', '/api/auth/sign-in/email', { body: { email: 'ada@example.test', password: 'correct-horse' } });
    const asked = await refreshWithProof(signIn.body.token as string, key);
    expect(asked.status).toBe(400);
    expect(asked.body.error).toBe('use_dpop_nonce');
    const nonce = asked.headers.get('dpop-nonce')!;
    const answered = await call(ctx.idp, 'POST', '/api/auth/refresh', { body: { refreshToken: signIn.body.token }, headers: { dpop: await key.proof({ htm: 'POST', htu: refreshUrl(ctx.idp), nonce }) } });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body.tokenType).toBe('DPoP');
  });
});

describe('DPoP server nonces (RFC 9449 §8, §9), rotated by the virtual clock', () => {
  const ctx = useIdp({ clients, dpop: { nonce: 'both', nonceTtl: '1m' } });

  it('at the token endpoint: use_dpop_nonce with the nonce to use, the code not spent; a new nonce once the clock passes nonceTtl', async () => {
    const key = await dpopKey('ES256');
    let nonce: string | undefined;
    const first = await redeemCodeWith(ctx.idp, async () => ({ dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp), ...(nonce ? { nonce } : {}) }) }));
    expect(first.status).toBe(400);
    expect(first.body).toMatchObject({ error: 'use_dpop_nonce', code: 'USE_DPOP_NONCE' });
    nonce = first.headers.get('dpop-nonce')!;
    expect(nonce).toMatch(/^[\w-]{32}$/);
    const retried = await first.redeem();
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.headers.get('dpop-nonce')).toBe(nonce);

    await ctx.idp.admin.clock.advance('1m');
    const stale = await refreshWith(ctx.idp, retried.body.refresh_token as string, { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp), nonce }) });
    expect(stale.status).toBe(400);
    expect(stale.body.error).toBe('use_dpop_nonce');
    expect(stale.body.error_description).toMatch(/not the current one/);
    const fresh = stale.headers.get('dpop-nonce')!;
    expect(fresh).not.toBe(nonce);
    const refreshed = await refreshWith(ctx.idp, retried.body.refresh_token as string, { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp), nonce: fresh }) });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
  });

  it('at the resource API: 401 with a DPoP use_dpop_nonce challenge and the nonce', async () => {
    const key = await dpopKey('ES256');
    const nonce = (await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp) }) } })).headers.get('dpop-nonce')!;
    const tokens = await form(ctx.idp, '/oauth/token', { grant_type: 'client_credentials' }, { basic: [BACKEND.id, BACKEND.secret], headers: { dpop: await key.proof({ htm: 'POST', htu: tokenUrl(ctx.idp), nonce }) } });
    const accessToken = tokens.body.access_token as string;
    const notes = (extra: { nonce?: string }) => key.proof({ htm: 'GET', htu: `${ctx.idp.url}/api/notes`, accessToken, ...extra });
    const refused = await call(ctx.idp, 'GET', '/api/notes', { headers: { authorization: `DPoP ${accessToken}`, dpop: await notes({}) } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^DPoP realm="tokenstorm", algs="[^"]+", error="use_dpop_nonce"/);
    // The resource API asked for one of its own: a proof without one; the IdP has one nonce for both places.
    const resourceNonce = refused.headers.get('dpop-nonce')!;
    expect(resourceNonce).toBe(nonce);
    const accepted = await call(ctx.idp, 'GET', '/api/notes', { headers: { authorization: `DPoP ${accessToken}`, dpop: await notes({ nonce: resourceNonce }) } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.headers.get('dpop-nonce')).toBe(resourceNonce);
  });
});
