/** At most one refresh in flight per client, and per token family, at any time. */
import type { HistoryEvent } from '../history/types.ts';
import { arrivalOf, describe, isClientEvent, isUnanswered, refreshRequests, type IdpHistoryEvent } from './history-queries.ts';
import type { Invariant, Violation } from './types.ts';

interface InFlight {
  event: IdpHistoryEvent;
  start: number;
  end: number;
}

/** A request the IdP never answered stays in flight until the client logs how its refresh ended. */
function endOf(event: IdpHistoryEvent, events: readonly HistoryEvent[]): number {
  if (!isUnanswered(event)) return event.rt;
  const settled = events.find(
    (candidate) =>
      (isClientEvent(candidate, 'refresh.failed') || isClientEvent(candidate, 'refresh.succeeded')) && candidate.window === event.clientId && candidate.t >= arrivalOf(event),
  );
  return settled?.source === 'client' ? settled.t : event.rt;
}

function sameRequester(a: IdpHistoryEvent, b: IdpHistoryEvent): boolean {
  if (a.familyId !== undefined && a.familyId === b.familyId) return true;
  return a.clientId !== undefined && a.clientId === b.clientId;
}

export const singleFlight: Invariant = {
  id: 'single-flight',
  title: 'Single-flight refresh',
  description:
    'A client sends at most one refresh at a time. When an access token expires during a burst of requests, or two windows notice it together, they must share one refresh instead of each presenting the same refresh token: with rotation, the second presentation is a replay, and a provider that detects reuse revokes the whole session. Two refresh requests from the same client or the same token family whose lifetimes overlap at the IdP break this rule.',
  check(history, options) {
    const flights: InFlight[] = refreshRequests(history.events)
      .map((event) => ({ event, start: arrivalOf(event), end: endOf(event, history.events) }))
      .sort((a, b) => a.start - b.start);
    const violations: Violation[] = [];
    for (const [index, later] of flights.entries()) {
      const earlier = flights.slice(0, index).find((flight) => sameRequester(flight.event, later.event) && later.start < flight.end - options.timingToleranceMs);
      if (earlier === undefined) continue;
      violations.push({
        invariant: 'single-flight',
        message: `${describe(later.event)} was sent while ${describe(earlier.event)} was still unanswered (${Math.round(earlier.end - later.start)} ms overlap)`,
        events: [earlier.event, later.event],
      });
    }
    return violations;
  },
};
