/**
 * Makes the auth core's backoff visible without changing it: the refresh
 * coordinator schedules two kinds of timers on its clock — request deadlines
 * (created synchronously right after it calls fetch, for exactly
 * `requestTimeoutMs`) and backoff / Retry-After sleeps (everything else). This
 * wraps the clock and the fetch handed to the core and reports each sleep as a
 * `retry.scheduled` event with the last refresh failure as its reason.
 */
import { parseRetryAfterMs, type Clock, type FetchLike } from '../core/index.ts';

export interface RetryWait {
  delayMs: number;
  /** The last refresh failure seen before the wait, e.g. `rate-limited (429)` or `network`. */
  reason: string;
  retryAfterMs: number | null;
}

export interface ObservedPorts {
  clock: Clock;
  fetch: FetchLike;
}

export function observeRetryWaits(ports: ObservedPorts, options: { deadlineMs: number | null; onWait: (wait: RetryWait) => void }): ObservedPorts {
  let fetchJustCalled = false;
  let reason = 'unknown';
  let retryAfterMs: number | null = null;

  const fetch: FetchLike = (url, init) => {
    fetchJustCalled = true;
    queueMicrotask(() => {
      fetchJustCalled = false;
    });
    const pending = ports.fetch(url, init);
    if (!url.split('?')[0]!.endsWith('/api/auth/refresh')) return pending;
    return pending.then(
      (response) => {
        if (response.status !== 200) {
          reason = response.status === 429 ? 'rate-limited (429)' : response.status >= 500 ? `server-error (${response.status})` : `status ${response.status}`;
          retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), ports.clock.now());
        }
        return response;
      },
      (error: unknown) => {
        reason = 'network';
        retryAfterMs = null;
        throw error;
      },
    );
  };

  const clock: Clock = {
    now: () => ports.clock.now(),
    clearTimeout: (handle) => ports.clock.clearTimeout(handle),
    setTimeout: (callback, ms) => {
      const isDeadline = fetchJustCalled && ms === options.deadlineMs;
      if (isDeadline) fetchJustCalled = false;
      else options.onWait({ delayMs: ms, reason, retryAfterMs });
      return ports.clock.setTimeout(callback, ms);
    },
  };

  return { clock, fetch };
}
