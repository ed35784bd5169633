import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { DEFINITIVE_REFRESH_FAULTS, isDefinitiveFault } from './faults.ts';

describe('callPatternArb', () => {
  test.prop([callPatternArb({ minWindows: 2, maxWindows: 4, minCalls: 1, maxCalls: 6, signOut: 'always' })])(
    'stays within its constraints: window count, calls per window index, one sign-out',
    (pattern) => {
      expect(pattern.windows).toBeGreaterThanOrEqual(2);
      expect(pattern.windows).toBeLessThanOrEqual(4);
      expect(pattern.calls.length).toBeGreaterThanOrEqual(1);
      expect(pattern.calls.length).toBeLessThanOrEqual(6);
      for (const call of pattern.calls) expect(call.window).toBeLessThan(pattern.windows);
      expect(pattern.signOut?.window).toBeLessThan(pattern.windows);
    },
  );

  test.prop([callPatternArb({ startTimesMs: [0, 1_000] })])('starts calls only at the given instants', (pattern) => {
    for (const call of pattern.calls) expect([0, 1_000]).toContain(call.startAtMs);
  });

  test.prop([callPatternArb()])('defaults to one window, concurrent calls, no startup, no sign-out', (pattern) => {
    expect(pattern.windows).toBe(1);
    expect(pattern.startup).toBe(false);
    expect(pattern.signOut).toBeNull();
    for (const call of pattern.calls) expect(call.startAtMs).toBe(0);
  });
});

describe('faultScheduleArb', () => {
  test.prop([faultScheduleArb({ maxRefreshFaults: 2, finalRefreshKinds: DEFINITIVE_REFRESH_FAULTS, maxRetryAfterSeconds: 30 })])(
    'ends with exactly one definitive fault when asked to, after transient ones',
    (schedule) => {
      const last = schedule.refresh.at(-1);
      expect(last && isDefinitiveFault(last)).toBe(true);
      for (const fault of schedule.refresh.slice(0, -1)) {
        expect(fault && isDefinitiveFault(fault)).toBe(false);
        if (fault?.kind === 'rate-limit' && fault.retryAfterSeconds !== null) expect(fault.retryAfterSeconds).toBeLessThanOrEqual(30);
      }
    },
  );

  test.prop([faultScheduleArb({ refreshKinds: [] })])('with no kinds produces no faults (a healthy IdP)', (schedule) => {
    expect(schedule).toEqual({ refresh: [], resource: [] });
  });

  test('shrinks towards fewer faults', () => {
    const out = fc.check(fc.property(faultScheduleArb({ minRefreshFaults: 0, maxRefreshFaults: 6 }), (s) => s.refresh.length < 3), { seed: 1 });
    expect(out.failed).toBe(true);
    expect(out.counterexample?.[0].refresh).toHaveLength(3);
  });
});

describe('the generators refuse constraints they would otherwise misread', () => {
  it.each([
    [() => faultScheduleArb({ refreshKinds: ['rate-limited' as never] }), 'faultScheduleArb: refreshKinds: unknown kind "rate-limited"; the kinds are rate-limit, server-error, network, timeout, invalid-grant, forbidden, reuse-detected'],
    [() => faultScheduleArb({ resourceKinds: ['timeout' as never] }), 'faultScheduleArb: resourceKinds: unknown kind "timeout"'],
    [() => faultScheduleArb({ minRefreshFaults: 4, maxRefreshFaults: 2 }), 'faultScheduleArb: minRefreshFaults (4) is more than maxRefreshFaults (2)'],
    [() => faultScheduleArb({ maxRetryAfterSeconds: -1 }), 'faultScheduleArb: maxRetryAfterSeconds must be a whole number of at least 0, got -1'],
    [() => faultScheduleArb({ maxFaults: 2 } as never), 'faultScheduleArb has no constraint maxFaults; its constraints are refreshKinds,'],
    [() => callPatternArb({ startup: 'yes' as never }), 'callPatternArb: startup must be one of never, sometimes, always, got "yes"'],
    [() => callPatternArb({ maxWindows: 0 }), 'callPatternArb: maxWindows must be a whole number of at least 1, got 0'],
    [() => callPatternArb({ minWindows: 0 }), 'callPatternArb: minWindows must be a whole number of at least 1, got 0'],
    [() => callPatternArb({ minCalls: NaN }), 'callPatternArb: minCalls must be a whole number of at least 0, got NaN'],
    [() => callPatternArb({ startTimesMs: [0, -5] }), 'callPatternArb: startTimesMs must be a list of whole milliseconds'],
  ])('%#: %s', (make, message) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });
});
