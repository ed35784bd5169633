/**
 * Server-side state of access tokens that a JWT alone cannot carry: which ones
 * this IdP issued since its last reset, revocation by `jti`, and "expire now"
 * marks (global, per family, per user). It also keeps the raw token strings the
 * IdP handed out — in memory only — so the harness can scan a client for leaks.
 */
import type { Clock } from '../clock/virtual-clock.ts';

export interface IssuedAccess {
  familyId: string;
  userId: string;
  issuedAt: number;
}

export type AccessStatus = 'valid' | 'unknown' | 'revoked' | 'expired';

export interface AccessLedger {
  recordIssued(jti: string, entry: IssuedAccess): void;
  status(jti: string): AccessStatus;
  revokeJti(jti: string): boolean;
  /** Marks every access token issued until now (in scope) as expired. */
  expireNow(scope?: { familyId?: string; userId?: string }): void;
  /** Whether an "expire now" mark covers something issued at `issuedAt`. */
  expiredByMark(entry: IssuedAccess): boolean;
  rememberToken(token: string): void;
  /** Every token string issued since the last reset, oldest first (bounded). */
  issuedTokens(): string[];
  clear(): void;
}

export function createAccessLedger(options: { clock: Clock; capacity?: number }): AccessLedger {
  const capacity = options.capacity ?? 100_000;
  const issued = new Map<string, IssuedAccess>();
  const revoked = new Set<string>();
  const rawTokens = new Set<string>();
  const marks = { all: -Infinity, family: new Map<string, number>(), user: new Map<string, number>() };

  function bounded<T>(collection: Set<T> | Map<T, unknown>): void {
    if (collection.size > capacity) collection.delete(collection.keys().next().value as T);
  }

  function expiredByMark(entry: IssuedAccess): boolean {
    const mark = Math.max(marks.all, marks.family.get(entry.familyId) ?? -Infinity, marks.user.get(entry.userId) ?? -Infinity);
    return entry.issuedAt <= mark;
  }

  return {
    recordIssued(jti, entry) {
      issued.set(jti, entry);
      bounded(issued);
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
      bounded(rawTokens);
    },
    issuedTokens: () => [...rawTokens],
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
