/**
 * Property 5: retry discipline. Never before Retry-After; a growing backoff
 * (with jitter) after consecutive transient failures; a bounded number of
 * attempts per call; never more than the configured refreshes per minute.
 */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { faultScheduleArb } from './arbitraries/fault-schedule.ts';
import { expectAllSettled, refreshRequests, violated } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { TRANSIENT_REFRESH_FAULTS } from './faults.ts';
import type { RunTrace } from './runner.ts';
import type { ClientUnderTest, RetryDiscipline } from './types.ts';
import type { WireRecord } from './wire.ts';

export function retryDisciplineProperty(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    pattern: callPatternArb({ minCalls: 1, maxCalls: 8, maxStartMs: 3 * 60_000 }),
    faults: faultScheduleArb({
      refreshKinds: TRANSIENT_REFRESH_FAULTS,
      minRefreshFaults: 1,
      maxRefreshFaults: 8,
      resourceKinds: ['unauthorized'],
      maxResourceFaults: 8,
    }),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace, { discipline }) => {
    expectAllSettled(trace);
    const refreshes = [...refreshRequests(trace)].sort((a, b) => a.sentSeq - b.sentSeq);
    expectRetryAfterHonoured(trace, refreshes);
    expectGrowingBackoff(trace, refreshes, discipline);
    const calls = trace.calls.filter((c) => c.kind !== 'sign-out').length;
    if (refreshes.length > calls * discipline.maxAttemptsPerCall) {
      violated(`${refreshes.length} refresh requests for ${calls} call(s): more than ${discipline.maxAttemptsPerCall} attempts per call`);
    }
    for (const first of refreshes) {
      const inMinute = refreshes.filter((r) => r.sentAt >= first.sentAt && r.sentAt < first.sentAt + 60_000).length;
      if (inMinute > discipline.maxRefreshesPerMinute) {
        violated(`${inMinute} refresh requests within one minute from ${first.sentAt - trace.startedAt}ms; the budget is ${discipline.maxRefreshesPerMinute}`);
      }
    }
  });
}

/** A failed refresh request, when the client learned of it, and how (for the violation message). */
interface LearnedFailure {
  readonly record: WireRecord;
  readonly at: number;
  readonly how: string;
}

/**
 * When the client learned that `record` failed: when the answer reached it, or
 * for a hung request when the client aborted it. A client that never aborts
 * (sends no signal) is taken at its word: its deadline is `discipline.requestTimeoutMs`.
 */
function learnedFailure(trace: RunTrace, record: WireRecord, discipline: RetryDiscipline): LearnedFailure | null {
  const at = (ms: number) => `${ms - trace.startedAt}ms`;
  if (record.outcome === 'hang') {
    if (record.abortedAt !== null) return { record, at: record.abortedAt, how: `hung, aborted by the client at ${at(record.abortedAt)}` };
    const deadline = record.sentAt + discipline.requestTimeoutMs;
    return { record, at: deadline, how: `hung, never aborted: taken as failed at ${at(deadline)}, discipline.requestTimeoutMs after it was sent` };
  }
  if (record.outcome === 'pending' || record.outcome === 200) return null;
  const delivered = record.deliveredAt ?? record.processedAt;
  return delivered === null ? null : { record, at: delivered, how: `${record.outcome} at ${at(delivered)}` };
}

function expectRetryAfterHonoured(trace: RunTrace, refreshes: readonly WireRecord[]): void {
  for (const limited of refreshes) {
    if (limited.outcome !== 429 || limited.retryAfterMs === null || limited.deliveredAt === null) continue;
    const notBefore = limited.deliveredAt + limited.retryAfterMs;
    const early = refreshes.find((r) => r.sentSeq > (limited.deliveredSeq ?? 0) && r.sentAt < notBefore);
    if (early !== undefined) {
      violated(
        `refresh #${early.id} was sent ${early.sentAt - limited.deliveredAt}ms after #${limited.id} was answered 429 with Retry-After ${limited.retryAfterMs / 1_000}s`,
      );
    }
  }
}

function expectGrowingBackoff(trace: RunTrace, refreshes: readonly WireRecord[], discipline: RetryDiscipline): void {
  let consecutive = 0;
  let lastFailure: LearnedFailure | null = null;
  for (const record of refreshes) {
    if (lastFailure !== null && record.sentAt >= lastFailure.at) {
      const waited = record.sentAt - lastFailure.at;
      const floor = discipline.minBackoffMs(consecutive);
      if (waited < floor) {
        violated(`refresh #${record.id} came ${waited}ms after failure #${lastFailure.record.id} (${lastFailure.how}; ${consecutive} in a row); the backoff floor is ${floor}ms`);
      }
    }
    if (record.outcome === 200) {
      consecutive = 0;
      lastFailure = null;
      continue;
    }
    const failure = learnedFailure(trace, record, discipline);
    if (failure === null) continue;
    consecutive += 1;
    lastFailure = failure;
  }
}
