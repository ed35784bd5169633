/** Property 1: N concurrent callers on an expired token cause exactly one refresh, and all get the new token. */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { expectAllSettled, expectFetchesSucceeded, expectRefreshCount, expectStoredNewestRefreshToken } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { NO_FAULTS } from './faults.ts';
import type { ClientUnderTest } from './types.ts';

export function singleFlightProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ minCalls: 2, maxCalls: 6, startup: 'sometimes' }),
    faults: fc.constant(NO_FAULTS),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace) => {
    expectAllSettled(trace);
    expectRefreshCount(trace, 1, 'one expired access token, concurrent callers');
    expectFetchesSucceeded(trace);
    expectStoredNewestRefreshToken(trace);
  });
}
