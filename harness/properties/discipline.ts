/** The retry discipline implied by a RetryPolicy: what property 5 and 9 expect of the reference client. */
import { DEFAULT_RETRY_POLICY, minimumBackoffMs, type RetryPolicy } from '../../electron-app/src/core/retry-policy.ts';
import type { RetryDiscipline } from './types.ts';

export function disciplineFromPolicy(policy: Readonly<RetryPolicy>): RetryDiscipline {
  const worstOperationMs = policy.maxAttempts * (policy.requestTimeoutMs + policy.maxWaitMs);
  return {
    requestTimeoutMs: policy.requestTimeoutMs,
    minBackoffMs: (n) => minimumBackoffMs(policy, n),
    maxAttemptsPerCall: policy.maxAttempts,
    maxRefreshesPerMinute: policy.maxRefreshesPerMinute,
    // A call may wait out one operation, then a second one for a token that failed again, plus its own two requests.
    maxSettleMs: 2 * worstOperationMs + 3 * policy.requestTimeoutMs,
  };
}

export const REFERENCE_DISCIPLINE: RetryDiscipline = disciplineFromPolicy(DEFAULT_RETRY_POLICY);
