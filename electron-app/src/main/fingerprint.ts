/**
 * Token fingerprints, the only form of a token the client logs or shows:
 * `fp:` + the first 12 characters of its SHA-256 in base64url, the same label
 * the mock IdP uses, so client and IdP events can be joined on it.
 */
import { createHash } from 'node:crypto';

export function fingerprint(token: string): string {
  return `fp:${createHash('sha256').update(token).digest('base64url').slice(0, 12)}`;
}
