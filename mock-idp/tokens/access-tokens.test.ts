import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccessTokenIssuer, generateSigningKeys, resourceServerOf, type AccessTokenIssuer, type SigningKeys } from './access-tokens.ts';

const ISSUER = 'http://127.0.0.1:4400';

describe('access tokens (RFC 9068)', () => {
  const clock = { now: () => Date.UTC(2030, 0, 1) };
  let keys: SigningKeys;
  let issuer: AccessTokenIssuer;
  beforeAll(async () => {
    keys = await generateSigningKeys();
    issuer = createAccessTokenIssuer({ clock, issuer: () => ISSUER, keys });
  });

  /** A token signed with the IdP's own key, with the claims and header given. */
  async function signed(claims: Record<string, unknown>, typ = 'at+jwt'): Promise<string> {
    const iat = Math.floor(clock.now() / 1000);
    const payload = { iss: ISSUER, sub: 'u1', sid: 'fam_1', jti: 'j1', client_id: 'c', scope: 'openid', iat, exp: iat + 900, ...claims };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid: keys.publicJwk.kid!, typ }).sign(keys.privateKey);
  }

  it('names the resource server in aud (§2.2), and verifies what it issued', async () => {
    const { token } = await issuer.issue({ sub: 'u1', sid: 'fam_1', clientId: 'c', scope: 'openid', ttlMs: 900_000 });
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
