/**
 * Sign-out complete: the client drops its tokens, the IdP learns the session
 * ended, and the signed-out family is never presented again.
 */
import type { HistoryEvent } from '../history/types.ts';
import { arrivalOf, describe, harnessStep, isClientEvent, isIdpAdmin, isIdpRequest, type IdpHistoryEvent } from './history-queries.ts';
import { isSessionEnding } from './revocation-honoured.ts';
import type { Invariant, Violation } from './types.ts';

const ID = 'sign-out-complete';

function isFreshSignIn(event: HistoryEvent): boolean {
  return isClientEvent(event, 'sign-in.succeeded') || (isIdpRequest(event) && event.outcome === 'session-issued');
}

/** The family in use before the sign-out, and every token fingerprint the run saw for it. */
function familyBefore(events: readonly HistoryEvent[], index: number): { familyId: string; fps: Set<string> } | null {
  const before = events.slice(0, index).filter((event): event is IdpHistoryEvent => isIdpRequest(event) && event.familyId !== undefined);
  const familyId = before.at(-1)?.familyId;
  if (familyId === undefined) return null;
  const fps = new Set<string>();
  for (const event of events) {
    if (event.source !== 'idp' || event.familyId !== familyId) continue;
    for (const fp of [event.presentedFp, event.issuedFps?.access, event.issuedFps?.refresh]) if (fp !== undefined) fps.add(fp);
  }
  return { familyId, fps };
}

export const signOutComplete: Invariant = {
  id: ID,
  title: 'Sign-out complete',
  description:
    'Signing out is more than showing the sign-in screen. The tokens must leave the device\'s storage, the IdP must be told so the session dies there too (a revocation or sign-out request), and nothing may use the old tokens afterwards — not a request that was in flight, not a background sync, not a retry. After a harness sign-out step, a client that never logs clearing its tokens, an IdP that never sees the session end, or any later request presenting a token of the signed-out family breaks this rule.',
  check(history) {
    const { events } = history;
    const violations: Violation[] = [];
    events.forEach((step, index) => {
      if (harnessStep(step) !== 'sign-out') return;
      const nextSignIn = events.findIndex((event, at) => at > index && isFreshSignIn(event));
      const segment = events.slice(index + 1, nextSignIn < 0 ? undefined : nextSignIn);
      const family = familyBefore(events, index);
      const cleared = segment.find((event) => isClientEvent(event, 'token.cleared'));
      if (cleared === undefined) violations.push({ invariant: ID, message: `after ${describe(step)} the client never cleared its tokens`, events: [step] });
      if (family === null) return;
      const ended = segment.some(
        (event) => (isIdpAdmin(event) && event.outcome === 'family-revoked' && event.familyId === family.familyId) || (isIdpRequest(event) && isSessionEnding(event)),
      );
      if (!ended) violations.push({ invariant: ID, message: `after ${describe(step)} the IdP never saw family ${family.familyId} revoked or signed out`, events: [step] });
      const tokensGoneAt = cleared?.source === 'client' ? cleared.t : (step as { t: number }).t;
      for (const event of segment) {
        if (!isIdpRequest(event) || isSessionEnding(event) || arrivalOf(event) <= tokensGoneAt) continue;
        const presentsFamily = event.familyId === family.familyId || (event.presentedFp !== undefined && family.fps.has(event.presentedFp));
        if (presentsFamily) {
          violations.push({ invariant: ID, message: `${describe(event)} presented a token of family ${family.familyId} after ${describe(step)}`, events: [step, event] });
        }
      }
    });
    return violations;
  },
};
