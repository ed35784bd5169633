/**
 * The IdP's virtual clock. Every expiry in the mock IdP is computed from it, so
 * a test can make a 15-minute access token expire by advancing it, not by waiting.
 */
/** The latest (and, negated, the earliest) epoch ms a Date can hold (ECMA-262 §21.4.1.1). */
export const MAX_INSTANT_MS = 8.64e15;

export interface Clock {
  /** Current virtual time in epoch milliseconds. */
  now(): number;
}

export interface VirtualClock extends Clock {
  /** Moves virtual time forward by `ms` (>= 0) and returns the new time. */
  advance(ms: number): number;
  /** Jumps to `epochMs`; going backwards is allowed (clock-skew scenarios). */
  set(epochMs: number): number;
  /** Virtual minus real time, in ms. */
  offset(): number;
  reset(): void;
}

/**
 * Virtual time runs alongside real time from an offset, so requests a few
 * milliseconds apart still get distinct, ordered timestamps.
 */
export function createVirtualClock(options: { start?: number; realNow?: () => number } = {}): VirtualClock {
  const realNow = options.realNow ?? Date.now;
  const initialOffset = options.start === undefined ? 0 : options.start - realNow();
  let offset = initialOffset;
  // Real time keeps running after a jump to the last instant a Date can hold: there the clock stops.
  const now = () => Math.min(realNow() + offset, MAX_INSTANT_MS);
  return {
    now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError(`clock.advance expects a finite ms >= 0, got ${ms}`);
      if (now() + ms > MAX_INSTANT_MS) throw new RangeError(`clock.advance by ${ms} ms would pass the latest instant a Date can hold`);
      offset += ms;
      return now();
    },
    set(epochMs) {
      if (!Number.isFinite(epochMs)) throw new TypeError(`clock.set expects finite epoch ms, got ${epochMs}`);
      if (Math.abs(epochMs) > MAX_INSTANT_MS) throw new RangeError(`clock.set expects an instant a Date can hold, got ${epochMs}`);
      offset = epochMs - realNow();
      return epochMs;
    },
    offset: () => offset,
    reset() {
      offset = initialOffset;
    },
  };
}
