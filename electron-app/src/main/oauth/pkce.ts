/** PKCE (RFC 7636) with S256, and the OAuth `state` value (RFC 6749 §10.12). */
import { createHash, randomBytes } from 'node:crypto';

export interface PkcePair {
  /** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]; base64url of 32 random bytes is 43. */
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(random: (size: number) => Buffer = randomBytes): PkcePair {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

export function randomState(random: (size: number) => Buffer = randomBytes): string {
  return random(16).toString('base64url');
}
