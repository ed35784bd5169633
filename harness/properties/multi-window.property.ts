/**
 * Property 7: several windows sharing one store still cause one refresh per
 * expiry (the recipe's per-renderer mutex is caught racing the rotation).
 */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import {
  expectAllSettled,
  expectFetchesSucceeded,
  expectNoRefreshTokenPresentedTwice,
  expectRefreshCount,
  expectStoredNewestRefreshToken,
} from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { NO_FAULTS } from './faults.ts';
import type { ClientUnderTest } from './types.ts';

export function multiWindowProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ minWindows: 2, maxWindows: 4, minCalls: 2, maxCalls: 8, startup: 'sometimes' }),
    faults: fc.constant(NO_FAULTS),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace) => {
    expectAllSettled(trace);
    expectNoRefreshTokenPresentedTwice(trace);
    expectRefreshCount(trace, 1, `one expiry shared by ${trace.scenario.pattern.windows} windows`);
    expectFetchesSucceeded(trace);
    expectStoredNewestRefreshToken(trace);
  });
}
