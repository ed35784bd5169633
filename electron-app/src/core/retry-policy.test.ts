import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  seededRandom,
  DEFAULT_RETRY_POLICY,
  exponentialDelayMs,
  minimumBackoffMs,
  parseRetryAfterMs,
  RefreshBudget,
  validateRetryPolicy,
} from './retry-policy.ts';

const policy = DEFAULT_RETRY_POLICY;

describe('backoff', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => exponentialDelayMs(policy, n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  test.prop([fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'jitter keeps every delay between half the exponential delay and the full delay',
    (failures, random) => {
      const delay = backoffDelayMs(policy, failures, () => random);
      const exp = exponentialDelayMs(policy, failures);
      expect(delay).toBeGreaterThanOrEqual(minimumBackoffMs(policy, failures));
      expect(delay).toBeLessThanOrEqual(exp);
    },
  );

  test.prop([fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })])(
    'grows from one failure to the next whatever the jitter draws, until it reaches the cap',
    (failures, r1, r2) => {
      expect(minimumBackoffMs(policy, failures + 1)).toBeGreaterThanOrEqual(minimumBackoffMs(policy, failures));
      if (exponentialDelayMs(policy, failures + 1) < policy.maxDelayMs) {
        expect(backoffDelayMs(policy, failures + 1, () => r2)).toBeGreaterThanOrEqual(backoffDelayMs(policy, failures, () => r1));
      }
    },
  );

  it('spreads delays (jitter is real): different draws give different waits', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelayMs(policy, 3, () => r)));
    expect(delays.size).toBe(4);
  });
});

describe('Retry-After (RFC 9110 §10.2.3)', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('30', 0)).toBe(30_000);
    expect(parseRetryAfterMs(' 0 ', 0)).toBe(0);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unparseable header', () => {
    expect(parseRetryAfterMs(null, 0)).toBeNull();
    expect(parseRetryAfterMs('soon', 0)).toBeNull();
  });
});

describe('RefreshBudget', () => {
  it('allows the configured number per rolling minute, then says how long to wait', () => {
    const budget = new RefreshBudget(2);
    budget.record(0);
    budget.record(10_000);
    expect(budget.waitMs(20_000)).toBe(40_000);
    expect(budget.waitMs(60_000)).toBe(0);
  });
});

describe('validateRetryPolicy', () => {
  it('rejects a policy that would never attempt or never refresh, with a TypeError naming the field', () => {
    expect(() => validateRetryPolicy({ ...policy, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => validateRetryPolicy({ ...policy, maxRefreshesPerMinute: 0 })).toThrow(TypeError);
    expect(() => validateRetryPolicy({ ...policy, baseDelayMs: Number.NaN })).toThrow(/baseDelayMs/);
  });

  it('names a missing field and a field a policy does not have', () => {
    expect(() => validateRetryPolicy({ maxAttempts: 3 } as never)).toThrow('retry policy baseDelayMs is missing; to change some fields only, spread DEFAULT_RETRY_POLICY first');
    expect(() => validateRetryPolicy({ ...policy, note: 'x' } as never)).toThrow('retry policy has no field note; its fields are maxAttempts, baseDelayMs, maxDelayMs, maxWaitMs, maxRefreshesPerMinute, requestTimeoutMs');
    expect(() => validateRetryPolicy({ ...policy, maxWaitMs: '5' } as never)).toThrow('retry policy maxWaitMs must be a finite number >= 0, got "5"');
  });
});

describe('seededRandom', () => {
  it('gives the same sequence for the same seed, a different one for another, always in [0, 1)', () => {
    const draw = (seed: number) => Array.from({ length: 50 }, seededRandom(seed));
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const value of draw(123)) expect(value >= 0 && value < 1).toBe(true);
  });
});
