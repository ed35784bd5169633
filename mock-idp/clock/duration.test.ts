import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDuration } from './duration.ts';
import { createVirtualClock, MAX_INSTANT_MS } from './virtual-clock.ts';

describe('parseDuration', () => {
  it.each([
    [900, 900],
    ['900ms', 900],
    ['30s', 30_000],
    ['16m', 960_000],
    ['1.5h', 5_400_000],
    ['36500d', MAX_DURATION_MS],
    // Whole milliseconds, whichever way a fraction is written.
    [0.4, 0],
    [2.5, 3],
    ['2.5ms', 3],
  ])('%j is %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([-1, '-5m', 'soon', '5 minutes', '36501d', MAX_DURATION_MS + 1, Number.POSITIVE_INFINITY, Number.NaN])('refuses %j', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});

describe('the virtual clock', () => {
  it('stays within what a Date can hold', () => {
    const clock = createVirtualClock({ start: 0, realNow: () => 0 });
    expect(() => clock.set(MAX_INSTANT_MS + 1)).toThrow(RangeError);
    clock.set(MAX_INSTANT_MS - 10);
    expect(() => clock.advance(11)).toThrow(RangeError);
    expect(clock.now()).toBe(MAX_INSTANT_MS - 10);
    expect(clock.advance(10)).toBe(MAX_INSTANT_MS);
  });

  it('stops at the last instant a Date can hold while real time runs on past a jump there', () => {
    let real = 1_000;
    const clock = createVirtualClock({ realNow: () => real });
    clock.set(MAX_INSTANT_MS);
    real += 60_000;
    expect(clock.now()).toBe(MAX_INSTANT_MS);
    expect(new Date(clock.now()).toISOString()).toBe('+275760-09-13T00:00:00.000Z');
    expect(clock.advance(0)).toBe(MAX_INSTANT_MS);
    expect(() => clock.advance(1)).toThrow(RangeError);
    // Going back is still possible, and from there time runs again.
    clock.set(0);
    real += 5;
    expect(clock.now()).toBe(5);
  });
});
