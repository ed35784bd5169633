/** Property 9: liveness. Under any mix of faults, calls and sign-out, every call settles within bounded virtual time. */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { expectAllSettled, violated } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { DEFINITIVE_REFRESH_FAULTS, TRANSIENT_REFRESH_FAULTS } from './faults.ts';
import type { ClientUnderTest } from './types.ts';

export function livenessProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ maxWindows: 3, minCalls: 1, maxCalls: 6, maxStartMs: 5 * 60_000, startup: 'sometimes', signOut: 'sometimes', maxSignOutAtMs: 60_000 }),
    faults: faultScheduleArb({
      refreshKinds: [...TRANSIENT_REFRESH_FAULTS, ...DEFINITIVE_REFRESH_FAULTS],
      maxRefreshFaults: 5,
      interleavePasses: true,
      resourceKinds: ['unauthorized', 'server-error', 'network'],
      maxResourceFaults: 4,
    }),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace, { discipline }) => {
    expectAllSettled(trace);
    for (const call of trace.calls) {
      const took = (call.settledAt ?? Infinity) - (call.startedAt ?? 0);
      if (took > discipline.maxSettleMs) violated(`call ${call.id} (${call.label}) took ${took}ms of virtual time; the bound is ${discipline.maxSettleMs}ms`);
    }
  });
}
