/**
 * Authorization codes: single-use, short-lived (virtual clock), kept only as
 * hashes. A redeemed code is remembered so a second redemption is detected and
 * the tokens issued from it are revoked (RFC 6749 §4.1.2).
 */
import { capacityBound } from '../../capacity-bound.ts';
import type { Clock } from '../../clock/virtual-clock.ts';
import { fingerprintOfHash, opaqueToken, tokenHash } from '../../tokens/fingerprint.ts';
import type { AuthorizationRequest } from './authorization-request.ts';

const CAPACITY = 10_000;

export interface AuthorizationCode extends Omit<AuthorizationRequest, 'state'> {
  fp: string;
  familyId: string;
  userId: string;
  authTime: number;
  expiresAt: number;
  redeemedAt: number | undefined;
}

export interface AuthorizationCodes {
  issue(grant: Omit<AuthorizationCode, 'fp' | 'expiresAt' | 'redeemedAt'>, ttlMs: number): { code: string; record: AuthorizationCode };
  find(code: string): AuthorizationCode | undefined;
  clear(): void;
}

export function createAuthorizationCodes(options: { clock: Clock }): AuthorizationCodes {
  const codes = new Map<string, AuthorizationCode>();
  const bound = capacityBound(codes, CAPACITY);
  return {
    issue(grant, ttlMs) {
      const code = opaqueToken('ac');
      const hash = tokenHash(code);
      const record: AuthorizationCode = { ...grant, fp: fingerprintOfHash(hash), expiresAt: options.clock.now() + ttlMs, redeemedAt: undefined };
      codes.set(hash, record);
      bound.enforce();
      return { code, record };
    },
    find: (code) => codes.get(tokenHash(code)),
    clear: () => codes.clear(),
  };
}
