/** No refresh-token replay outside the provider's grace: a rotated token is presented once (RFC 9700 §4.14.2). */
import { arrivalOf, describe, refreshRequests, type IdpHistoryEvent } from './history-queries.ts';
import type { Invariant, Violation } from './types.ts';

export const noRefreshReplay: Invariant = {
  id: 'no-refresh-replay',
  title: 'No refresh-token replay outside grace',
  description:
    'With rotation, every successful refresh retires the refresh token it consumed. A client that presents a retired token again — because it lost the rotated one, raced another window, or retried a refresh that had in fact succeeded — is indistinguishable from an attacker replaying a stolen token, and providers answer by revoking the whole token family. Some providers tolerate a reuse within a short grace window; only such reuse is allowed. Any reuse the IdP detected, and any presentation of a consumed token that reached the IdP after the rotation was answered and was not answered as grace reuse, breaks this rule.',
  check(history) {
    const violations: Violation[] = [];
    const refreshes = refreshRequests(history.events);
    // The IdP records a request when it answers it, and a rotation that signs tokens can be answered after a
    // reuse it caused was refused: the rotation the IdP's verdict refers to is looked up among all of them.
    const rotations = new Map<string, IdpHistoryEvent>();
    for (const event of refreshes) {
      if (event.presentedFp !== undefined && event.outcome === 'rotated' && !rotations.has(event.presentedFp)) rotations.set(event.presentedFp, event);
    }
    for (const event of refreshes) {
      const fp = event.presentedFp;
      const rotation = fp === undefined ? undefined : rotations.get(fp);
      if (event.outcome === 'reuse-detected') {
        violations.push({
          invariant: 'no-refresh-replay',
          message: `the IdP detected reuse of refresh token ${fp ?? '(unknown)'} in ${describe(event)}${rotation ? `; it was consumed by ${describe(rotation)}` : ''}`,
          events: rotation ? [rotation, event] : [event],
        });
      } else if (rotation !== undefined && rotation !== event && event.outcome !== 'grace-reuse' && arrivalOf(event) >= rotation.rt) {
        // Only a presentation that reached the IdP after the rotation was answered: one that arrived while the
        // rotation was in flight (and was answered later, say by a fault's delay) may have been processed first.
        violations.push({
          invariant: 'no-refresh-replay',
          message: `refresh token ${fp} was presented again in ${describe(event)} after ${describe(rotation)} had rotated it`,
          events: [rotation, event],
        });
      }
    }
    return violations;
  },
};
