/**
 * Property 4: a definitive refresh failure (401/403, invalid_grant, reuse
 * detected) clears the tokens exactly once, sets the expired state, and rejects
 * every waiting caller with a typed session-expired error: no hang, no loop.
 */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { expectAllSettled, expectStoreEmpty, refreshRequests, violated } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { DEFINITIVE_REFRESH_FAULTS, TRANSIENT_REFRESH_FAULTS } from './faults.ts';
import type { ClientUnderTest } from './types.ts';

export function definitiveFailureProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ maxWindows: 3, minCalls: 1, maxCalls: 5, startup: 'sometimes' }),
    faults: faultScheduleArb({
      refreshKinds: TRANSIENT_REFRESH_FAULTS,
      maxRefreshFaults: 2,
      maxRetryAfterSeconds: 30,
      finalRefreshKinds: DEFINITIVE_REFRESH_FAULTS,
    }),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace, { isSessionExpiredError }) => {
    expectAllSettled(trace);
    const clears = trace.store.clearCount();
    if (clears !== 1) violated(`the store was cleared ${clears} time(s); a definitive failure must clear it exactly once`);
    expectStoreEmpty(trace, 'after the refresh token was definitively rejected');
    for (const call of trace.calls) {
      if (call.kind !== 'fetch') continue;
      if (call.outcome.kind !== 'rejected' || !isSessionExpiredError(call.outcome.error)) {
        const got = call.outcome.kind === 'rejected' ? (call.outcome.code ?? call.outcome.message) : call.outcome.kind === 'resolved' ? `status ${call.outcome.status}` : 'pending';
        violated(`call ${call.id} (${call.label}) should have been rejected with a session-expired error, got ${got}`);
      }
    }
    const notExpired = trace.statuses.map((s, w) => [w, s] as const).filter(([, s]) => s !== 'expired');
    if (notExpired.length > 0) violated(`window(s) ${notExpired.map(([w, s]) => `w${w}=${s}`).join(', ')} do not show the expired state`);
    const definitive = refreshRequests(trace).find((r) => r.outcome === 401 || r.outcome === 403);
    const later = definitive?.deliveredSeq == null ? [] : refreshRequests(trace).filter((r) => r.sentSeq > (definitive.deliveredSeq ?? 0));
    if (later.length > 0) violated(`${later.length} refresh request(s) were sent after the definitive rejection (#${definitive?.id}): a refresh loop`);
  });
}
