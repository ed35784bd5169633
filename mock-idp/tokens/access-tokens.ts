/**
 * Access tokens: short-lived ES256 JWTs (verifiable by anyone with the JWKS),
 * whose `exp` comes from the virtual clock. Revocation is checked server-side.
 */
import { CompactSign, jwtVerify, generateKeyPair, exportJWK, type JWK, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/virtual-clock.ts';
import { IdpError } from '../errors.ts';
import { fingerprint } from './fingerprint.ts';

export const ACCESS_TOKEN_ALG = 'ES256';

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
  jwks(): { keys: JWK[] };
}

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), alg: ACCESS_TOKEN_ALG, use: 'sig', kid: `ts-${randomUUID().slice(0, 8)}` };
  return { privateKey, publicKey, publicJwk };
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

export function createAccessTokenIssuer(options: { clock: Clock; issuer: () => string; keys: SigningKeys }): AccessTokenIssuer {
  const { clock, keys } = options;
  const header = { alg: ACCESS_TOKEN_ALG, kid: keys.publicJwk.kid!, typ: 'at+jwt' };
  return {
    async issue({ sub, sid, clientId, scope, ttlMs, jkt }) {
      const now = clock.now();
      const iat = Math.floor(now / 1000);
      const exp = Math.floor((now + ttlMs) / 1000);
      const jti = randomUUID();
      // The claims are all known strings and integers, so they are serialised directly: jose's SignJWT
      // would validate and deep-copy them on every call, which the refresh route pays for under load.
      const iss = options.issuer();
      const claims: AccessClaims & { iss: string } = { sid, client_id: clientId, scope, iss, aud: resourceServerOf(iss), sub, jti, iat, exp };
      if (jkt !== undefined) claims.cnf = { jkt };
      const token = await new CompactSign(utf8.encode(JSON.stringify(claims))).setProtectedHeader(header).sign(keys.privateKey);
      const issued: IssuedAccessToken = { token, jti, fp: fingerprint(token), expiresAt: exp * 1000, expiresIn: exp - iat };
      if (jkt !== undefined) issued.jkt = jkt;
      return issued;
    },
    async verify(token) {
      try {
        const iss = options.issuer();
        const { payload } = await jwtVerify(token, keys.publicKey, {
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
    jwks: () => ({ keys: [keys.publicJwk] }),
  };
}
