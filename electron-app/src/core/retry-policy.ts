/**
 * How hard the client may push the IdP: exponential backoff with jitter,
 * Retry-After, a bounded number of attempts and a refresh budget per minute
 * (seed article, "Refresh strategies": "Always backoff on 429/5xx responses").
 */
import { checkCompleteRecord } from './caller-errors.ts';

export interface RetryPolicy {
  /** Refresh attempts per refresh operation; 1 means no retry. */
  readonly maxAttempts: number;
  /** Backoff after the first transient failure, before jitter. */
  readonly baseDelayMs: number;
  /** Cap on the exponential backoff, before jitter. */
  readonly maxDelayMs: number;
  /** A caller waits at most this long for a backoff or Retry-After window; beyond it the call fails fast (REFRESH_RATE_LIMITED). */
  readonly maxWaitMs: number;
  /** Refresh requests allowed in any rolling minute. */
  readonly maxRefreshesPerMinute: number;
  /** Deadline of every request to the IdP or the API (when `timeoutRequests` is on). */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxWaitMs: 120_000,
  maxRefreshesPerMinute: 6,
  requestTimeoutMs: 10_000,
});

const POLICY_FIELDS = Object.keys(DEFAULT_RETRY_POLICY);
const validated = new WeakSet<RetryPolicy>();

/** Throws a TypeError naming the field when a policy is unusable; returns it unchanged. */
export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  // A frozen policy cannot change after it passed once (DEFAULT_RETRY_POLICY is checked a single time).
  if (validated.has(policy)) return policy;
  checkCompleteRecord(policy, POLICY_FIELDS, {
    subject: 'retry policy',
    noun: 'field',
    plural: 'fields',
    defaults: 'DEFAULT_RETRY_POLICY',
    expected: 'a finite number >= 0',
    accepts: (value) => typeof value === 'number' && Number.isFinite(value) && value >= 0,
  });
  if (policy.maxAttempts < 1) throw new TypeError(`retry policy maxAttempts must be >= 1, got ${policy.maxAttempts}`);
  if (policy.maxRefreshesPerMinute < 1) throw new TypeError(`retry policy maxRefreshesPerMinute must be >= 1, got ${policy.maxRefreshesPerMinute}`);
  if (Object.isFrozen(policy)) validated.add(policy);
  return policy;
}

/** The un-jittered backoff after `consecutiveFailures` (>= 1) transient failures in a row. */
export function exponentialDelayMs(policy: RetryPolicy, consecutiveFailures: number): number {
  const exponent = Math.max(0, consecutiveFailures - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * "Equal jitter": half the exponential delay, plus a random share of the other half.
 * Unlike full jitter it never collapses to zero, so successive delays still grow.
 */
export function backoffDelayMs(policy: RetryPolicy, consecutiveFailures: number, random: () => number): number {
  const exp = exponentialDelayMs(policy, consecutiveFailures);
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** The least a correct client waits after `consecutiveFailures` failures in a row (the jitter floor). */
export function minimumBackoffMs(policy: RetryPolicy, consecutiveFailures: number): number {
  return Math.floor(exponentialDelayMs(policy, consecutiveFailures) / 2);
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. Returns milliseconds from `nowMs`, or null when absent or unparseable. */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/** Counts refresh requests in a rolling minute. */
export class RefreshBudget {
  private readonly sentAt: number[] = [];

  constructor(private readonly perMinute: number) {}

  /** Milliseconds until another refresh may be sent (0 when one may be sent now). */
  waitMs(nowMs: number): number {
    this.prune(nowMs);
    if (this.sentAt.length < this.perMinute) return 0;
    return (this.sentAt[0] ?? nowMs) + 60_000 - nowMs;
  }

  record(nowMs: number): void {
    this.sentAt.push(nowMs);
  }

  private prune(nowMs: number): void {
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= nowMs - 60_000) this.sentAt.shift();
  }
}

/**
 * A seeded source for backoff jitter (mulberry32): the harness passes its run
 * seed so that the same seed waits the same jittered delays.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
