/**
 * At most one refresh in flight per client, and per token family, at any time —
 * and no second refresh for an expiry the first one already handled: a 401 for
 * an access token that a refresh has since replaced is answered by retrying
 * with the current token, not by refreshing again.
 */
import type { HistoryEvent } from '../history/types.ts';
import { arrivalOf, describe, isClientEvent, isIdpRequest, isSuccess, isUnanswered, refreshRequests, type IdpHistoryEvent } from './history-queries.ts';
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
    'A client sends at most one refresh at a time. When an access token expires during a burst of requests, or two windows notice it together, they must share one refresh instead of each presenting the same refresh token: with rotation, the second presentation is a replay, and a provider that detects reuse revokes the whole session. Two refresh requests from the same client or the same token family whose lifetimes overlap at the IdP break this rule. So does the same race spread out in time: a request that was sent before a refresh and answered 401 after it says nothing about the new access token, and a client that refreshes again because of it rotates for nothing. A refresh within 10 s (client clock) of a successful one, with no 401 for the access token that one issued and no restart or IdP change in between, breaks this rule.',
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
    return [...violations, ...staleRefreshes(history.events)];
  },
};

/** Client-clock ms after a successful refresh within which a second one needs the new access token refused first. */
const RESTALE_WINDOW_MS = 10_000;

/**
 * Refreshes set off by a 401 for an access token an earlier refresh had
 * already replaced: a second refresh soon after a successful one, with the
 * access token that one issued never refused, no clock change and no restart.
 */
function staleRefreshes(events: readonly HistoryEvent[]): Violation[] {
  const violations: Violation[] = [];
  let previous: IdpHistoryEvent | null = null;
  let currentRefused = false;
  for (const event of events) {
    if (isClientEvent(event, 'app.started') || (event.source === 'idp' && event.type === 'admin')) {
      previous = null;
      continue;
    }
    if (!isIdpRequest(event)) continue;
    if (event.group === 'refresh') {
      const gap = previous === null ? Infinity : arrivalOf(event) - previous.rt;
      // Overlapping refreshes are the in-flight check's to report; this one is about a refresh after the first was answered.
      if (previous !== null && !currentRefused && sameRequester(previous, event) && gap >= 0 && gap < RESTALE_WINDOW_MS) {
        violations.push({
          invariant: 'single-flight',
          message: `${describe(event)} refreshed again ${Math.round(gap)} ms after ${describe(previous)} succeeded, though the access token that refresh issued was never refused: a 401 for a token it had already replaced set off a second rotation`,
          events: [previous, event],
        });
      }
      // A failed refresh leaves the session where it was: the next attempt is a retry, not a second refresh.
      previous = isSuccess(event) ? event : null;
      currentRefused = false;
      continue;
    }
    if (previous !== null && event.status === 401 && event.presentedFp !== undefined && event.presentedFp === previous.issuedFps?.access) currentRefused = true;
  }
  return violations;
}
