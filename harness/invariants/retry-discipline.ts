/**
 * Retry-After honoured and backoff growing, judged in real time from when the
 * IdP answered (`rt`) to when it received the next refresh from that client.
 */
import type { HistoryEvent } from '../history/types.ts';
import { arrivalOf, describe, groupBy, isClientEvent, isSuccess, isTransientFailure, isUnanswered, numberField, refreshRequests, type IdpHistoryEvent } from './history-queries.ts';
import type { Invariant, InvariantOptions, Violation } from './types.ts';

const ID = 'retry-after-honoured';

/**
 * The Retry-After each refresh answer carried, in ms. The IdP records it for the answers its fault rules and quotas
 * give (`detail.retryAfterMs`), whatever the status (a 429, a 503); for any other 429, each is paired, in order,
 * with the `refresh.failed` the same client logged for a 429 (its `retryAfterMs`).
 */
function retryAfterOfAnswers(events: readonly HistoryEvent[], refreshes: readonly IdpHistoryEvent[]): Map<IdpHistoryEvent, number> {
  const logged = groupBy(
    events.filter((event) => isClientEvent(event, 'refresh.failed') && numberField(event, 'status') === 429),
    (event) => (event.source === 'client' ? event.window : undefined),
  );
  const result = new Map<IdpHistoryEvent, number>();
  for (const event of refreshes) {
    const fromIdp = event.detail?.['retryAfterMs'];
    if (typeof fromIdp === 'number') result.set(event, fromIdp);
  }
  for (const [clientId, limited] of groupBy(refreshes.filter((event) => event.status === 429), (event) => event.clientId)) {
    const answers = logged.get(clientId) ?? [];
    limited.forEach((event, index) => {
      const answer = answers[index];
      const retryAfterMs = answer === undefined ? undefined : numberField(answer, 'retryAfterMs');
      if (!result.has(event) && retryAfterMs !== undefined) result.set(event, retryAfterMs);
    });
  }
  return result;
}

function checkClient(refreshes: readonly IdpHistoryEvent[], retryAfter: ReadonlyMap<IdpHistoryEvent, number>, options: InvariantOptions): Violation[] {
  const violations: Violation[] = [];
  let consecutive = 0;
  let lastFailure: IdpHistoryEvent | null = null;
  for (const [index, event] of refreshes.entries()) {
    const previous = refreshes[index - 1];
    const previousRetryAfter = previous === undefined ? undefined : retryAfter.get(previous);
    let early = false;
    if (previous !== undefined && previousRetryAfter !== undefined) {
      const waited = arrivalOf(event) - previous.rt;
      early = waited < previousRetryAfter - options.timingToleranceMs;
      if (early) {
        violations.push({
          invariant: ID,
          message: `${describe(event)} came ${Math.round(waited)} ms after ${describe(previous)} answered ${previous.status ?? '?'} with Retry-After ${previousRetryAfter / 1_000} s`,
          events: [previous, event],
        });
      }
    }
    if (!early && lastFailure !== null) {
      const waited = arrivalOf(event) - lastFailure.rt;
      const floor = options.minBackoffMs(consecutive);
      if (waited < floor - options.timingToleranceMs) {
        violations.push({
          invariant: ID,
          message: `${describe(event)} came ${Math.round(waited)} ms after ${describe(lastFailure)}, the ${ordinal(consecutive)} transient failure in a row; the backoff floor is ${floor} ms`,
          events: [lastFailure, event],
        });
      }
    }
    if (isTransientFailure(event)) {
      consecutive += 1;
      // A hang ends when the client gives up, which the IdP cannot see: no floor after it.
      lastFailure = isUnanswered(event) ? null : event;
    } else if (isSuccess(event) || event.status !== undefined) {
      consecutive = 0;
      lastFailure = null;
    }
  }
  return violations;
}

/** 1 → "1st", 2 → "2nd", 11 → "11th". */
function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export const retryDiscipline: Invariant = {
  id: ID,
  title: 'Retry-After honoured, backoff growing',
  description:
    'When the token endpoint answers with Retry-After (a 429, or a 503), it is telling the client exactly when it may ask again; when it fails with a 5xx or the network drops, hammering it again at once only deepens the outage. A well-behaved client waits at least Retry-After, and after each further transient failure in a row waits longer (exponential backoff, with jitter that never collapses the wait to zero). A refresh the IdP receives before the previous answer\'s Retry-After elapsed, or sooner after a run of transient failures than the backoff floor for that many failures, breaks this rule.',
  check(history, options) {
    const refreshes = refreshRequests(history.events);
    const retryAfter = retryAfterOfAnswers(history.events, refreshes);
    const perClient = groupBy(
      [...refreshes].sort((a, b) => arrivalOf(a) - arrivalOf(b)),
      (event) => event.clientId,
    );
    return [...perClient.values()].flatMap((events) => checkClient(events, retryAfter, options));
  },
};
