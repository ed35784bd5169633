/**
 * Expiry surfaced without force-logout: a definitive refresh failure moves the
 * client to `expired` and shows it, once, keeping the user (and their unsaved
 * input) on screen until they sign in again or choose to sign out.
 */
import type { HistoryEvent } from '../history/types.ts';
import { describe, harnessStep, isClientEvent, isIdpRequest, refreshRequests, stringField } from './history-queries.ts';
import { isDefinitiveRefreshFailure } from './tokens-kept-on-transient-failure.ts';
import type { Invariant, Violation } from './types.ts';

const ID = 'expiry-without-force-logout';

interface Segment {
  failure: HistoryEvent;
  expired: boolean;
  shown: boolean;
  signOutAsked: boolean;
  /** token.cleared events the client logged for this expiry. */
  clears: HistoryEvent[];
}

function endsSegment(event: HistoryEvent): boolean {
  return isClientEvent(event, 'sign-in.succeeded') || isClientEvent(event, 'app.started') || (isIdpRequest(event) && event.outcome === 'session-issued');
}

/** A runner that checks an editor's draft records `{draftKept: false}` in a harness event's detail. */
function lostDraft(event: HistoryEvent): boolean {
  return event.source === 'harness' && event.detail?.['draftKept'] === false;
}

function close(segment: Segment): Violation[] {
  if (segment.signOutAsked) return [];
  if (segment.clears.length > 1) {
    return [{ invariant: ID, message: `after ${describe(segment.failure)} the client cleared its tokens ${segment.clears.length} times: every caller waiting on the refresh handled the expiry itself`, events: [segment.failure, ...segment.clears] }];
  }
  if (!segment.expired) return [{ invariant: ID, message: `after ${describe(segment.failure)} the client never changed state to expired`, events: [segment.failure] }];
  if (!segment.shown) return [{ invariant: ID, message: `after ${describe(segment.failure)} the client reached expired but never showed session-expired`, events: [segment.failure] }];
  return [];
}

export const expirySurfaced: Invariant = {
  id: ID,
  title: 'Expiry surfaced without force-logout',
  description:
    'When the refresh token is definitively rejected, the session is over — but the user is not. A client that jumps straight to the sign-in screen throws away whatever they were typing and leaves them wondering what happened. The right response is an "expired" state the user can see: a banner or dialog asking them to sign in again, with the current view and its unsaved input kept. After a definitive refresh failure, the client must change state to expired and log that it showed the expiry, and must not move to signed-out unless the user (a harness sign-out step) asked for it. The expiry is handled once: a client that clears its tokens again for every caller that was waiting on the refresh runs the expiry logic N times, and a straggler can wipe a session the user has meanwhile signed in to again.',
  check(history) {
    const refreshes = new Set<HistoryEvent>(refreshRequests(history.events));
    const violations: Violation[] = [];
    let segment: Segment | null = null;
    // A refresh rejected while the user is already signing out (sign-out during refresh) needs no expiry screen.
    let signingOut = false;
    for (const event of history.events) {
      if (harnessStep(event) === 'sign-out') signingOut = true;
      if (endsSegment(event)) signingOut = false;
      if (segment !== null && endsSegment(event)) {
        violations.push(...close(segment));
        segment = null;
      }
      if (segment === null) {
        if (isDefinitiveRefreshFailure(event, refreshes)) segment = { failure: event, expired: false, shown: false, signOutAsked: signingOut, clears: [] };
        continue;
      }
      if (harnessStep(event) === 'sign-out') segment.signOutAsked = true;
      if (isClientEvent(event, 'session-expired.shown')) segment.shown = true;
      if (isClientEvent(event, 'token.cleared')) segment.clears.push(event);
      if (isClientEvent(event, 'state.changed')) {
        const to = stringField(event, 'to');
        if (to === 'expired') segment.expired = true;
        if (to === 'signed-out' && !segment.signOutAsked) {
          violations.push({ invariant: ID, message: `${describe(event)} to signed-out after ${describe(segment.failure)} with no sign-out asked for`, events: [segment.failure, event] });
        }
      }
      if (lostDraft(event)) {
        violations.push({ invariant: ID, message: `unsaved input was lost after ${describe(segment.failure)}`, events: [segment.failure, event] });
      }
    }
    if (segment !== null) violations.push(...close(segment));
    return violations;
  },
};
