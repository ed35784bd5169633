/**
 * Access tokens: short-lived JWTs signed with the IdP's current signing key
 * (ES256 unless configured otherwise; verifiable by anyone with the JWKS),
 * whose `exp` comes from the virtual clock. Revocation is checked server-side.
 */
import { CompactSign, decodeProtectedHeader, jwtVerify, type CompactJWSHeaderParameters } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/virtual-clock.ts';
import { IdpError } from '../errors.ts';
import { fingerprint } from './fingerprint.ts';
import type { SigningKey, SigningKeyRing } from './signing-keys.ts';

export interface AccessClaims {
  sub: string;
  /** RFC 9068 §2.2: the resource server the token is for (resourceServerOf). */
  aud: string;
  /** Refresh-token family (session) the token belongs to. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  client_id: string;
  scope: string;
  /** RFC 9449 §6.1: the DPoP key the token is bound to, by its JWK thumbprint. */
  cnf?: { jkt: string };
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  fp: string;
  expiresAt: number;
  expiresIn: number;
  /** The DPoP key it is bound to, if any (a `token_type` of `DPoP`). */
  jkt?: string;
}

export interface AccessTokenIssuer {
  issue(input: { sub: string; sid: string; clientId: string; scope: string; ttlMs: number; jkt?: string | undefined }): Promise<IssuedAccessToken>;
  /** Verifies signature, issuer and expiry against the virtual clock. */
  verify(token: string): Promise<AccessClaims>;
}

/**
 * The one resource server behind this IdP — `/api/*` and userinfo — as access tokens name it in `aud`
 * (RFC 9068 §3: a default resource indicator when the request names none).
 */
export function resourceServerOf(issuer: string): string {
  return `${issuer}/api`;
}

export function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

const utf8 = new TextEncoder();

export function createAccessTokenIssuer(options: { clock: Clock; issuer: () => string; keys: SigningKeyRing }): AccessTokenIssuer {
  const { clock, keys } = options;
  // The header changes only with the current key: built once per key, not per token.
  let signingKey: SigningKey | undefined;
  let header: CompactJWSHeaderParameters = { alg: 'none' };
  return {
    async issue({ sub, sid, clientId, scope, ttlMs, jkt }) {
      const key = keys.current();
      if (key !== signingKey) {
        signingKey = key;
        header = { alg: key.alg, kid: key.kid, typ: 'at+jwt' };
      }
      const now = clock.now();
      const iat = Math.floor(now / 1000);
      const exp = Math.floor((now + ttlMs) / 1000);
      const jti = randomUUID();
      // The claims are all known strings and integers, so they are serialised directly: jose's SignJWT
      // would validate and deep-copy them on every call, which the refresh route pays for under load.
      const iss = options.issuer();
      const claims: AccessClaims & { iss: string } = { sid, client_id: clientId, scope, iss, aud: resourceServerOf(iss), sub, jti, iat, exp };
      if (jkt !== undefined) claims.cnf = { jkt };
      const token = await new CompactSign(utf8.encode(JSON.stringify(claims))).setProtectedHeader(header).sign(key.privateKey);
      const issued: IssuedAccessToken = { token, jti, fp: fingerprint(token), expiresAt: exp * 1000, expiresIn: exp - iat };
      if (jkt !== undefined) issued.jkt = jkt;
      return issued;
    },
    async verify(token) {
      const key = verificationKey(keys, token);
      try {
        const iss = options.issuer();
        const { payload } = await jwtVerify(token, key.publicKey, {
          algorithms: [key.alg],
          issuer: iss,
          audience: resourceServerOf(iss),
          typ: 'at+jwt',
          currentDate: new Date(clock.now()),
          clockTolerance: 0,
        });
        return payload as unknown as AccessClaims;
      } catch (error) {
        const { code, claim } = error as { code?: string; claim?: string };
        const reason = code === 'ERR_JWT_EXPIRED'
          ? 'the access token expired'
          : claim === 'aud' ? 'the access token is not for this resource server (aud)' : 'the access token is not valid';
        throw new IdpError('INVALID_TOKEN', reason);
      }
    },
  };
}

/** The published key a token names in its `kid`; a token signed with a retired key is refused as such. */
function verificationKey(keys: SigningKeyRing, token: string): SigningKey {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw new IdpError('INVALID_TOKEN', 'the access token is not valid');
  }
  const key = typeof kid === 'string' ? keys.honoured(kid) : undefined;
  if (key) return key;
  const retired = typeof kid === 'string' && keys.status(kid) === 'retired';
  throw new IdpError('INVALID_TOKEN', retired ? `the access token was signed with a key the IdP retired (kid ${kid})` : 'the access token is not valid');
}
