/** Property 8: sign-out while a refresh is in flight ends with no tokens stored and the window signed out. */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { expectAllSettled, expectStoreEmpty, violated } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import type { ClientUnderTest } from './types.ts';

export function signOutProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ maxWindows: 3, minCalls: 1, maxCalls: 5, startup: 'sometimes', signOut: 'always' }),
    faults: faultScheduleArb({ refreshKinds: ['rate-limit', 'server-error', 'network'], maxRefreshFaults: 2, maxRetryAfterSeconds: 10 }),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace) => {
    expectAllSettled(trace);
    expectStoreEmpty(trace, 'after sign-out');
    const signOut = trace.scenario.pattern.signOut;
    const status = signOut === null ? undefined : trace.statuses[signOut.window];
    if (signOut !== null && status !== 'signed-out') violated(`window w${signOut.window} signed out but ends "${status}"`);
  });
}
