/** Shared by the DPoP tests and bench: a client's key pair and the proofs it signs (RFC 9449 §4.2); no test runner needed. */
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export interface ProofClaims {
  htm: string;
  htu: string;
  /** Seconds; default: now by the given clock. */
  iat?: number;
  jti?: string;
  nonce?: string;
  /** The access token whose hash the proof carries (at a resource server). */
  accessToken?: string;
}

export interface DpopKey {
  jkt: string;
  publicJwk: JWK;
  /** A proof for one request; `header` and `claims` overwrite what is signed, to build broken proofs. */
  proof(claims: ProofClaims, tamper?: { header?: Record<string, unknown>; claims?: Record<string, unknown> }): Promise<string>;
}

export async function dpopKey(alg = 'ES256', now: () => number = Date.now): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return {
    jkt: await calculateJwkThumbprint(publicJwk, 'sha256'),
    publicJwk,
    proof({ htm, htu, iat, jti, nonce, accessToken }, tamper = {}) {
      const claims: Record<string, unknown> = {
        htm,
        htu,
        iat: iat ?? Math.floor(now() / 1000),
        jti: jti ?? randomUUID(),
        ...(nonce === undefined ? {} : { nonce }),
        ...(accessToken === undefined ? {} : { ath: createHash('sha256').update(accessToken).digest('base64url') }),
        ...tamper.claims,
      };
      return new SignJWT(claims).setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: publicJwk, ...tamper.header } as never).sign(privateKey);
    },
  };
}
