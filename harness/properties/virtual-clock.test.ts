import { describe, expect, it } from 'vitest';
import { createTimerClock } from './virtual-clock.ts';

describe('virtual timer clock', () => {
  it('fires the earliest timer first and moves time to it, not beyond', () => {
    const clock = createTimerClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 200);
    clock.setTimeout(() => fired.push('a'), 100);
    expect(clock.fireNext()).toBe(true);
    expect(fired).toEqual(['a']);
    expect(clock.now()).toBe(100);
  });

  it('fires timers due at the same instant in the order they were set', () => {
    const clock = createTimerClock(0);
    const fired: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 50);
    clock.fireNext();
    expect(fired).toEqual([1, 2, 3]);
  });

  it('a cleared timer never fires', () => {
    const clock = createTimerClock(0);
    const handle = clock.setTimeout(() => {
      throw new Error('should not fire');
    }, 10);
    clock.clearTimeout(handle);
    expect(clock.fireNext()).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('advance fires everything due on the way and reports the time moved to observers', () => {
    const clock = createTimerClock(0);
    const moves: number[] = [];
    clock.onAdvance((delta) => moves.push(delta));
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 30);
    clock.setTimeout(() => fired.push(clock.now()), 90);
    clock.advance(60);
    expect(fired).toEqual([30]);
    expect(clock.now()).toBe(60);
    expect(moves.reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('rejects a negative advance as a caller mistake', () => {
    expect(() => createTimerClock(0).advance(-1)).toThrow(TypeError);
  });
});
