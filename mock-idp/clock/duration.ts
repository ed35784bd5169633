import { z } from 'zod';
import { describeValue } from '../errors.ts';

/** Parses durations written by people in config and admin bodies: 900, "900ms", "15m", "30s", "2h", "7d". */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The longest duration taken anywhere: a century. Longer ones would carry the virtual clock and expiries past what a Date can hold. */
export const MAX_DURATION_MS = 36_500 * UNIT_MS.d;

/** Milliseconds, or undefined for what is not a duration (negative, malformed, or longer than MAX_DURATION_MS). */
export function parseDuration(value: number | string): number | undefined {
  let ms: number;
  if (typeof value === 'number') {
    // Whole milliseconds, as a string's value is: the virtual clock and every expiry stay integers.
    ms = Math.round(value);
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
    if (!match) return undefined;
    ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS]);
  }
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_DURATION_MS ? ms : undefined;
}

/** A zod schema for a duration in config or admin input; yields milliseconds. */
const EXPECTED_DURATION = 'a duration such as 900, "900ms", "30s", "15m", "2h" or "7d" (at most 36500d)';
export const durationSchema = z.union([z.number(), z.string()], {
  error: (issue) => (issue.input === undefined ? `missing; expected ${EXPECTED_DURATION}` : `expected ${EXPECTED_DURATION}, got ${describeValue(issue.input)}`),
}).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected ${EXPECTED_DURATION}, got ${describeValue(value)}` });
    return z.NEVER;
  }
  return ms;
});
