/**
 * The OIDC key set: JWKS and ID-token signing through oauth2-mock-server's
 * `OAuth2Issuer`/`JWKStore`, loaded with tokenstorm's own ES256 key — the key
 * that already signs access tokens — so there is one key set, one `kid`, and
 * one server. (Running oauth2-mock-server's own service would mean a second
 * server with its own keys, fixed `sub`, no PKCE enforcement and real-time
 * `iat`/`exp`; tokenstorm keeps that state itself and only borrows the signer.)
 * `buildToken` stamps real time; the transform re-stamps it from the virtual clock.
 */
import { exportJWK, type JWK } from 'jose';
import { OAuth2Issuer } from 'oauth2-mock-server';
import type { Clock } from '../../clock/virtual-clock.ts';
import type { SigningKeys } from '../../tokens/access-tokens.ts';

export interface IdTokenClaims {
  sub: string;
  aud: string;
  sid: string;
  authTime: number;
  nonce?: string | undefined;
  ttlMs: number;
  extra?: Record<string, unknown>;
}

export interface KeySet {
  jwks(): { keys: JWK[] };
  signIdToken(claims: IdTokenClaims): Promise<string>;
}

export async function createKeySet(options: { clock: Clock; keys: SigningKeys; issuer: () => string }): Promise<KeySet> {
  const signer = new OAuth2Issuer();
  const kid = options.keys.publicJwk.kid!;
  await signer.keys.add({ ...(await exportJWK(options.keys.privateKey)), kid, alg: 'ES256', use: 'sig' });
  return {
    jwks: () => ({ keys: signer.keys.toJSON() }),
    async signIdToken(claims) {
      signer.url = options.issuer();
      const now = Math.floor(options.clock.now() / 1000);
      return signer.buildToken({
        kid,
        scopesOrTransform: (_header, payload) => {
          Object.assign(payload, {
            iat: now,
            nbf: now,
            exp: now + Math.floor(claims.ttlMs / 1000),
            sub: claims.sub,
            aud: claims.aud,
            azp: claims.aud,
            sid: claims.sid,
            auth_time: Math.floor(claims.authTime / 1000),
            ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
            ...claims.extra,
          });
        },
      });
    },
  };
}
