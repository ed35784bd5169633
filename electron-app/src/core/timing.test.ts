import { describe, expect, it } from 'vitest';
import { DeadlineExceeded, fetchWithDeadline, scaledClock, Sleeper } from './timing.ts';
import { manualClock, response } from './test-doubles.ts';
import type { RequestInitLike } from './ports.ts';

describe('fetchWithDeadline', () => {
  it('rejects with DeadlineExceeded and aborts the request when no response comes in time', async () => {
    const clock = manualClock();
    let seen: RequestInitLike | undefined;
    const pending = fetchWithDeadline(
      async (_url, init) => {
        seen = init;
        return new Promise(() => {});
      },
      'http://idp.test/api/notes',
      {},
      { clock, ms: 1_000, abort: true },
    );
    const outcome = pending.catch((error: unknown) => error);
    await clock.advance(1_000);
    expect(await outcome).toBeInstanceOf(DeadlineExceeded);
    expect(seen?.signal?.aborted).toBe(true);
  });

  it('resolves with the response and clears its timer when the answer is in time', async () => {
    const clock = manualClock();
    const res = await fetchWithDeadline(async () => response(204), 'http://idp.test/x', {}, { clock, ms: 1_000, abort: false });
    expect(res.status).toBe(204);
    expect(clock.pending()).toBe(0);
  });

  it('without a deadline (the recipe) passes the request straight through, no timer, no signal', async () => {
    const clock = manualClock();
    let seen: RequestInitLike | undefined;
    await fetchWithDeadline(async (_url, init) => ((seen = init), response(200)), 'http://idp.test/x', { method: 'GET' }, { clock, ms: null, abort: true });
    expect(seen).toEqual({ method: 'GET' });
    expect(clock.pending()).toBe(0);
  });
});

describe('Sleeper', () => {
  it('wakes every sleeper at once and cancels their timers', async () => {
    const clock = manualClock();
    const sleeper = new Sleeper(clock);
    let woke = 0;
    void sleeper.sleep(60_000).then(() => woke++);
    void sleeper.sleep(5_000).then(() => woke++);
    sleeper.wakeAll();
    await clock.advance(0);
    expect(woke).toBe(2);
    expect(clock.pending()).toBe(0);
  });
});

describe('scaledClock', () => {
  it('runs its time and its timers scale times faster than the clock beneath it', async () => {
    const base = manualClock(5_000);
    const fast = scaledClock(10, base);
    const fired: number[] = [];
    fast.setTimeout(() => fired.push(fast.now()), 2_000);
    await base.advance(199);
    expect(fired).toEqual([]);
    await base.advance(1);
    // 200 real ms are the 2 s the caller asked for, on the fast clock's own time.
    expect(fired).toEqual([7_000]);
  });

  it('is the clock itself at scale 1, and refuses a scale it cannot keep', () => {
    const base = manualClock();
    expect(scaledClock(1, base)).toBe(base);
    expect(() => scaledClock(0, base)).toThrow(/time scale must be a number above 0 and at most 1000, got 0/);
    expect(() => scaledClock(Number.NaN, base)).toThrow(RangeError);
  });
});
