/**
 * Token fingerprints: what the event history, logs and admin state show instead
 * of a token. The IdP keeps refresh tokens only as hashes.
 */
import { createHash, randomBytes } from 'node:crypto';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A short, stable, non-reversible label for a token: `fp:` + 12 chars of its SHA-256. */
export function fingerprint(token: string): string {
  return `fp:${tokenHash(token).slice(0, 12)}`;
}

export function fingerprintOfHash(hash: string): string {
  return `fp:${hash.slice(0, 12)}`;
}

/** An opaque, URL-safe random token with a readable prefix (`rt_…`). */
export function opaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}
