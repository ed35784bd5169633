/**
 * Server-side state of access tokens that a JWT alone cannot carry: which ones
 * this IdP issued since its last reset, revocation by `jti`, and "expire now"
 * marks (global, per family, per user). It also keeps the raw token strings the
 * IdP handed out — in memory only — so the harness can scan a client for leaks.
 */
import { capacityBound } from '../capacity-bound.ts';
import type { Clock } from '../clock/virtual-clock.ts';

export interface IssuedAccess {
  familyId: string;
  userId: string;
  issuedAt: number;
}

export type AccessStatus = 'valid' | 'unknown' | 'revoked' | 'expired';

export interface AccessLedger {
  /** Records an access token this IdP signed; the raw token is kept for leak scans. */
  recordIssued(jti: string, entry: IssuedAccess & { token: string }): void;
  status(jti: string): AccessStatus;
  revokeJti(jti: string): boolean;
  /** Marks every access token issued until now (in scope) as expired. */
  expireNow(scope?: { familyId?: string; userId?: string }): void;
  /** Whether an "expire now" mark covers something issued at `issuedAt`. */
  expiredByMark(entry: IssuedAccess): boolean;
  /** Keeps a raw token that is not an access token (session and refresh tokens, codes, ID tokens) for leak scans. */
  rememberToken(token: string): void;
  /** Every token string issued since the last reset (bounded): the remembered ones, then the access tokens, each oldest first. */
  issuedTokens(): string[];
  clear(): void;
}

export function createAccessLedger(options: { clock: Clock; capacity?: number }): AccessLedger {
  const capacity = options.capacity ?? 100_000;
  const issued = new Map<string, IssuedAccess & { token: string }>();
  const revoked = new Set<string>();
  const rawTokens = new Set<string>();
  const marks = { all: -Infinity, family: new Map<string, number>(), user: new Map<string, number>() };
  // A forgotten token is unknown from then on: its revocation need not be kept.
  const issuedBound = capacityBound(issued, capacity, { onForget: (jti) => revoked.delete(jti) });
  const rawTokensBound = capacityBound(rawTokens, capacity);

  function expiredByMark(entry: IssuedAccess): boolean {
    const mark = Math.max(marks.all, marks.family.get(entry.familyId) ?? -Infinity, marks.user.get(entry.userId) ?? -Infinity);
    return entry.issuedAt <= mark;
  }

  return {
    recordIssued(jti, entry) {
      issued.set(jti, entry);
      issuedBound.enforce();
    },
    status(jti) {
      const entry = issued.get(jti);
      if (!entry) return 'unknown';
      if (revoked.has(jti)) return 'revoked';
      return expiredByMark(entry) ? 'expired' : 'valid';
    },
    revokeJti(jti) {
      if (!issued.has(jti)) return false;
      revoked.add(jti);
      return true;
    },
    expireNow(scope = {}) {
      const now = options.clock.now();
      if (scope.familyId) marks.family.set(scope.familyId, now);
      else if (scope.userId) marks.user.set(scope.userId, now);
      else marks.all = now;
    },
    expiredByMark,
    rememberToken(token) {
      rawTokens.add(token);
      rawTokensBound.enforce();
    },
    issuedTokens: () => [...rawTokens, ...Array.from(issued.values(), (entry) => entry.token)],
    clear() {
      issued.clear();
      revoked.clear();
      rawTokens.clear();
      marks.all = -Infinity;
      marks.family.clear();
      marks.user.clear();
    },
  };
}
