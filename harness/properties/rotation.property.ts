/**
 * Property 6: rotation. No refresh token is presented again after the IdP
 * rotated it, and after the last successful refresh the stored refresh token
 * is the newest one, across several expiries, windows and transient faults.
 */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { expectAllSettled, expectNoRefreshTokenPresentedTwice, expectStoredNewestRefreshToken } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { TRANSIENT_REFRESH_FAULTS } from './faults.ts';
import type { ClientUnderTest } from './types.ts';

const MINUTE = 60_000;

export function rotationProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ maxWindows: 2, minCalls: 2, maxCalls: 8, startup: 'sometimes', startTimesMs: [0, 20 * MINUTE, 40 * MINUTE, 60 * MINUTE] }),
    faults: faultScheduleArb({ refreshKinds: TRANSIENT_REFRESH_FAULTS, maxRefreshFaults: 3, interleavePasses: true, maxRetryAfterSeconds: 30 }),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace) => {
    expectAllSettled(trace);
    expectNoRefreshTokenPresentedTwice(trace);
    expectStoredNewestRefreshToken(trace);
  });
}
