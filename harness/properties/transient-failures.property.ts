/**
 * Property 3: transient failures (429, 5xx, network error, timeout) during
 * refresh never clear the stored tokens; once the IdP recovers, the next call
 * succeeds without a new sign-in.
 */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { expectAllSettled, violated } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { TRANSIENT_REFRESH_FAULTS } from './faults.ts';
import type { ClientUnderTest } from './types.ts';

export function transientFailuresProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ maxWindows: 2, minCalls: 1, maxCalls: 4, startup: 'sometimes' }),
    faults: faultScheduleArb({ refreshKinds: TRANSIENT_REFRESH_FAULTS, minRefreshFaults: 1, maxRefreshFaults: 6 }),
    randomSeed: randomSeedArb,
    recoveryCall: fc.constant({ afterMs: 10 * 60_000, window: 0, path: '/api/notes' }),
  });
  return scenarioProperty(cut, options, scenarios, (trace, { isSessionExpiredError }) => {
    expectAllSettled(trace);
    const clears = trace.store.clearCount();
    if (clears > 0) violated(`the store was cleared ${clears} time(s) although the IdP only failed transiently`);
    for (const call of trace.calls) {
      if (call.outcome.kind === 'rejected' && isSessionExpiredError(call.outcome.error)) {
        violated(`call ${call.id} (${call.label}) was told the session expired, after transient failures only`);
      }
    }
    const expiredWindows = trace.statuses.filter((s) => s === 'expired' || s === 'signed-out').length;
    if (expiredWindows > 0) violated(`${expiredWindows} window(s) ended ${trace.statuses.join(', ')} after transient failures only`);
    const recovery = trace.calls.find((c) => c.kind === 'recovery');
    if (recovery === undefined || recovery.outcome.kind !== 'resolved' || recovery.outcome.status !== 200) {
      const got = recovery?.outcome.kind === 'rejected' ? (recovery.outcome.code ?? recovery.outcome.message) : JSON.stringify(recovery?.outcome);
      violated(`after the IdP recovered, the next call did not succeed without sign-in (got ${got})`);
    }
  });
}
