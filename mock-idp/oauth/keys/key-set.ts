/**
 * The OIDC key set: the JWKS, and ID-token signing through oauth2-mock-server's
 * `OAuth2Issuer`/`JWKStore`, loaded with tokenstorm's own signing keys — the
 * keys that sign access tokens — so there is one key set and one server. An ID
 * token is signed with the current key, or with a key of the algorithm its
 * client asks for (`idTokenSignedResponseAlg`). (Running oauth2-mock-server's
 * own service would mean a second server with its own keys, fixed `sub`, no
 * PKCE enforcement and real-time `iat`/`exp`; tokenstorm keeps that state
 * itself and only borrows the signer.)
 * `buildToken` stamps real time; the transform re-stamps it from the virtual clock.
 */
import type { JWK } from 'jose';
import { OAuth2Issuer } from 'oauth2-mock-server';
import type { Clock } from '../../clock/virtual-clock.ts';
import type { SigningAlgorithm, SigningKeyRing } from '../../tokens/signing-keys.ts';

export interface IdTokenClaims {
  sub: string;
  aud: string;
  sid: string;
  authTime: number;
  nonce?: string | undefined;
  ttlMs: number;
  extra?: Record<string, unknown>;
  /** The client's `idTokenSignedResponseAlg`; the current key's otherwise. */
  alg?: SigningAlgorithm | undefined;
}

export interface KeySet {
  jwks(): { keys: JWK[] };
  signIdToken(claims: IdTokenClaims): Promise<string>;
}

export function createKeySet(options: { clock: Clock; keys: SigningKeyRing; issuer: () => string }): KeySet {
  const signer = new OAuth2Issuer();
  const loaded = new Set<string>();
  return {
    // The ring, not the signer's store, says what is published: a retired key leaves the JWKS.
    jwks: () => ({ keys: options.keys.published().map((key) => key.publicJwk) }),
    async signIdToken(claims) {
      const key = claims.alg === undefined ? options.keys.current() : await options.keys.forAlgorithm(claims.alg);
      if (!loaded.has(key.kid)) {
        await signer.keys.add(key.privateJwk);
        loaded.add(key.kid);
      }
      const { kid } = key;
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
