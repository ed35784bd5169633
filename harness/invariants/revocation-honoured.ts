/** Revocation honoured: once a family is revoked, nothing the IdP answers 2xx still belongs to it. */
import { arrivalOf, describe, isIdpRequest, isSuccess, type IdpHistoryEvent } from './history-queries.ts';
import type { Invariant, Violation } from './types.ts';

/** Requests that end a session may carry a revoked family's token and still succeed (RFC 7009 §2.2). */
export function isSessionEnding(event: IdpHistoryEvent): boolean {
  return event.group === 'revoke' || (event.path ?? '').includes('sign-out');
}

/** The family an admin event revoked: `family-revoked` names it; an admin `revoked` names it in `detail`. */
function revokedFamily(event: IdpHistoryEvent): string | undefined {
  if (event.outcome === 'family-revoked') return event.familyId;
  if (event.outcome === 'revoked') {
    const familyId = event.detail?.['familyId'];
    return typeof familyId === 'string' ? familyId : event.familyId;
  }
  return undefined;
}

export const revocationHonoured: Invariant = {
  id: 'revocation-honoured',
  title: 'Revocation honoured',
  description:
    'Revoking a session — an administrator ending it, the user signing out elsewhere, the IdP reacting to token reuse — must take effect: from then on no token of that session may open the API, however recently it was issued or however the client retries. This is mostly the IdP\'s duty, but a client that caches responses, keeps a second token family alive or replays an older token can defeat it. A 2xx answer to any request of a family that arrived at the IdP after the family was revoked breaks this rule.',
  check(history) {
    const revokedAt = new Map<string, IdpHistoryEvent>();
    const violations: Violation[] = [];
    for (const event of history.events) {
      if (event.source === 'idp' && event.type === 'admin') {
        const familyId = revokedFamily(event);
        if (familyId !== undefined && !revokedAt.has(familyId)) revokedAt.set(familyId, event);
        continue;
      }
      if (!isIdpRequest(event) || event.familyId === undefined || !isSuccess(event) || isSessionEnding(event)) continue;
      const revocation = revokedAt.get(event.familyId);
      if (revocation === undefined || arrivalOf(event) < revocation.rt) continue;
      violations.push({
        invariant: 'revocation-honoured',
        message: `${describe(event)} succeeded for family ${event.familyId} after ${describe(revocation)}`,
        events: [revocation, event],
      });
    }
    return violations;
  },
};
