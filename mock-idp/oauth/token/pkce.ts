/** PKCE verification at the token endpoint (RFC 7636 §4.6). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PkceMethod } from '../authorize/authorization-request.ts';

/** code-verifier = 43*128unreserved (RFC 7636 §4.1) */
export const CODE_VERIFIER_FORMAT = /^[A-Za-z0-9._~-]{43,128}$/;

export function challengeOf(verifier: string, method: PkceMethod): string {
  return method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
}

export function verifierMatches(verifier: string, challenge: string, method: PkceMethod): boolean {
  const actual = Buffer.from(challengeOf(verifier, method));
  const expected = Buffer.from(challenge);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
