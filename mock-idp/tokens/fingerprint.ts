/**
 * Token fingerprints: what the event history, logs and admin state show instead
 * of a token. The IdP keeps refresh tokens only as hashes.
 */
import { hash, randomFillSync } from 'node:crypto';

export function tokenHash(token: string): string {
  return hash('sha256', token, 'base64url');
}

/** A short, stable, non-reversible label for a token: `fp:` + 12 chars of its SHA-256. */
export function fingerprint(token: string): string {
  return `fp:${tokenHash(token).slice(0, 12)}`;
}

export function fingerprintOfHash(hash: string): string {
  return `fp:${hash.slice(0, 12)}`;
}

// One CSPRNG call per 128 tokens instead of one per token (what randomUUID does internally too).
const TOKEN_BYTES = 32;
const pool = Buffer.alloc(TOKEN_BYTES * 128);
let poolOffset = pool.length;

/**
 * The prefixes of the IdP's opaque tokens: refresh tokens, authorization and device codes, login transactions,
 * service-client sessions, telemetry tokens and broker credentials. Reports redact anything shaped like them.
 */
export const OPAQUE_TOKEN_PREFIXES = ['rt', 'ac', 'dc', 'txn', 'svc', 'tt', 'bds'] as const;

/** An opaque, URL-safe token of 256 random bits with a readable prefix (`rt_…`). */
export function opaqueToken(prefix: (typeof OPAQUE_TOKEN_PREFIXES)[number]): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const token = pool.toString('base64url', poolOffset, poolOffset + TOKEN_BYTES);
  poolOffset += TOKEN_BYTES;
  return `${prefix}_${token}`;
}
