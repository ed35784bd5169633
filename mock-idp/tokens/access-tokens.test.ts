import { CompactSign, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenIssuer, resourceServerOf, type AccessTokenIssuer } from './access-tokens.ts';
import { createSigningKeyRing, SIGNING_ALGORITHMS, type SigningKeyRing } from './signing-keys.ts';

const ISSUER = 'http://127.0.0.1:4400';
const clock = { now: () => Date.UTC(2030, 0, 1) };
const ISSUE = { sub: 'u1', sid: 'fam_1', clientId: 'c', scope: 'openid', ttlMs: 900_000 };

describe('access tokens (RFC 9068)', () => {
  let keys: SigningKeyRing;
  let issuer: AccessTokenIssuer;
  beforeAll(async () => {
    keys = await createSigningKeyRing({ clock, algorithm: 'ES256' });
    issuer = createAccessTokenIssuer({ clock, issuer: () => ISSUER, keys });
  });

  /** A token signed with the IdP's own key, with the claims and header given. */
  async function signed(claims: Record<string, unknown>, typ = 'at+jwt'): Promise<string> {
    const iat = Math.floor(clock.now() / 1000);
    const payload = { iss: ISSUER, sub: 'u1', sid: 'fam_1', jti: 'j1', client_id: 'c', scope: 'openid', iat, exp: iat + 900, ...claims };
    const key = keys.current();
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
  }

  it('names the resource server in aud (§2.2), and verifies what it issued', async () => {
    const { token } = await issuer.issue(ISSUE);
    expect(await issuer.verify(token)).toMatchObject({ aud: resourceServerOf(ISSUER), sub: 'u1' });
    expect(resourceServerOf(ISSUER)).toBe(`${ISSUER}/api`);
  });

  it('refuses a token for another resource server, and one without the at+jwt type (§4)', async () => {
    await expect(issuer.verify(await signed({ aud: 'https://elsewhere.example/api' }))).rejects.toThrow('the access token is not for this resource server (aud)');
    await expect(issuer.verify(await signed({}))).rejects.toThrow('the access token is not for this resource server (aud)');
    await expect(issuer.verify(await signed({ aud: resourceServerOf(ISSUER) }, 'JWT'))).rejects.toThrow('the access token is not valid');
    expect(await issuer.verify(await signed({ aud: resourceServerOf(ISSUER) }))).toMatchObject({ jti: 'j1' });
  });
});

describe('signing keys', () => {
  it.each(SIGNING_ALGORITHMS)('signs with %s, verifiable by the published key', async (algorithm) => {
    const keys = await createSigningKeyRing({ clock, algorithm });
    const { token } = await createAccessTokenIssuer({ clock, issuer: () => ISSUER, keys }).issue(ISSUE);
    expect(decodeProtectedHeader(token)).toEqual({ alg: algorithm, kid: keys.current().kid, typ: 'at+jwt' });
    const jwks = { keys: keys.published().map((key) => key.publicJwk) };
    expect(jwks.keys).toEqual([expect.objectContaining({ alg: algorithm, use: 'sig', kid: keys.current().kid })]);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    await expect(jwtVerify(token, createLocalJWKSet(jwks), { issuer: ISSUER })).resolves.toBeTruthy();
  });

  it('a rotation signs with the new key and keeps honouring the old one; a retired key is refused by name', async () => {
    const keys = await createSigningKeyRing({ clock, algorithm: 'ES256' });
    const issuer = createAccessTokenIssuer({ clock, issuer: () => ISSUER, keys });
    const before = await issuer.issue(ISSUE);
    const first = keys.current().kid;
    const { key, retired } = await keys.rotate({ algorithm: 'RS256' });
    expect(retired).toEqual([]);
    const after = await issuer.issue(ISSUE);
    expect(decodeProtectedHeader(after.token)).toMatchObject({ alg: 'RS256', kid: key.kid });
    expect(keys.published().map((published) => published.kid)).toEqual([key.kid, first]);
    await expect(issuer.verify(before.token)).resolves.toMatchObject({ sub: 'u1' });

    expect(keys.retire(key.kid)).toBe(false);
    expect(keys.retire(first)).toBe(true);
    await expect(issuer.verify(before.token)).rejects.toThrow(`the access token was signed with a key the IdP retired (kid ${first})`);
    await expect(issuer.verify(after.token)).resolves.toMatchObject({ sub: 'u1' });
    expect(keys.list().map(({ kid, status }) => [kid, status])).toEqual([[first, 'retired'], [key.kid, 'current']]);
  });

  it('an emergency rotation retires every earlier key at once', async () => {
    const keys = await createSigningKeyRing({ clock, algorithm: 'ES256' });
    const first = keys.current().kid;
    const second = (await keys.rotate({})).key.kid;
    const { key, retired } = await keys.rotate({ retirePrevious: true });
    expect(key.alg).toBe('ES256');
    expect(retired).toEqual([first, second]);
    expect(keys.published().map((published) => published.kid)).toEqual([key.kid]);
  });

  it('makes a key of another algorithm once, when first asked, and a reset goes back to the first key without making one', async () => {
    const keys = await createSigningKeyRing({ clock, algorithm: 'ES256' });
    const first = keys.current();
    const [a, b] = await Promise.all([keys.forAlgorithm('RS256'), keys.forAlgorithm('RS256')]);
    expect(a).toBe(b);
    expect(keys.current()).toBe(first);
    expect(keys.published()).toEqual([first, a]);
    await keys.rotate({ algorithm: 'EdDSA', retirePrevious: true });
    await keys.reset('ES256');
    expect(keys.published()).toEqual([first]);
    expect(await keys.forAlgorithm('RS256')).toBe(a);
    await keys.reset('RS256');
    expect(keys.current()).toBe(a);
  });
});
