/**
 * A fixed-window rate limiter on the virtual clock, per client or global: a
 * window opens at the first request of a bucket and lasts `windowMs`; the
 * `limit + 1`-th request inside it is over quota until the window rolls.
 */
import type { FaultQuota } from './types.ts';

export type QuotaVerdict = { over: false } | { over: true; retryAfterSeconds: number };

/** The bucket requests without a client id share when counting per client. */
const ANONYMOUS = '\u0000anonymous';

export interface QuotaLimiter {
  /** Counts one request at virtual time `now` and says whether it is over quota. */
  hit(now: number, clientId: string | undefined): QuotaVerdict;
}

export function createQuotaLimiter(quota: FaultQuota): QuotaLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(now, clientId) {
      const bucket = quota.per === 'global' ? '' : (clientId ?? ANONYMOUS);
      let window = windows.get(bucket);
      // A clock set backwards before the window opened also starts a fresh window.
      if (!window || now >= window.start + quota.windowMs || now < window.start) {
        window = { start: now, count: 0 };
        windows.set(bucket, window);
      }
      window.count++;
      if (window.count <= quota.limit) return { over: false };
      // Retry-After is whole seconds (RFC 9110 §10.2.3); never 0, or clients retry at once into the same window.
      return { over: true, retryAfterSeconds: Math.max(1, Math.ceil((window.start + quota.windowMs - now) / 1000)) };
    },
  };
}
