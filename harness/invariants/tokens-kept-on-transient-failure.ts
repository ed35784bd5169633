/** Only a definitive answer ends a session: 429, 5xx, network errors and timeouts never clear the tokens. */
import type { HistoryEvent } from '../history/types.ts';
import { describe, harnessStep, isIdpRequest, numberField, refreshRequests, stringField, TRANSIENT_CLASSIFICATIONS, type ClientHistoryEvent } from './history-queries.ts';
import type { Invariant, Violation } from './types.ts';

/** 401/403, invalid_grant or detected reuse: the refresh token is dead and the session is over. */
export function isDefinitiveRefreshFailure(event: HistoryEvent, idpRefreshes: ReadonlySet<HistoryEvent>): boolean {
  if (event.source === 'client' && event.type === 'refresh.failed') {
    const status = numberField(event, 'status');
    return stringField(event, 'classification') === 'rejected' || event['reused'] === true || status === 400 || status === 401 || status === 403;
  }
  if (isIdpRequest(event) && idpRefreshes.has(event) && event.fault === undefined) {
    return event.outcome === 'reuse-detected' || event.status === 400 || event.status === 401 || event.status === 403;
  }
  return false;
}

export function isSignOut(event: HistoryEvent): boolean {
  return harnessStep(event) === 'sign-out' || (event.source === 'client' && event.type.startsWith('sign-out.'));
}

export const tokensKeptOnTransientFailure: Invariant = {
  id: 'tokens-kept-on-transient',
  title: 'Tokens kept on transient failure',
  description:
    'A refresh that fails with 429, a 5xx, a dropped connection or a timeout says nothing about the session: the refresh token is still good and the next attempt will likely succeed. A client that treats such a failure as "session expired" and deletes its tokens logs the user out because a server was busy or a train went into a tunnel. Only a definitive answer — 401/403, invalid_grant, detected reuse — may end the session. Clearing the stored tokens after only transient refresh failures, with no sign-out asked for, breaks this rule.',
  check(history) {
    const idpRefreshes = new Set<HistoryEvent>(refreshRequests(history.events));
    const violations: Violation[] = [];
    let transient: ClientHistoryEvent[] = [];
    let excused = false;
    for (const event of history.events) {
      if (isDefinitiveRefreshFailure(event, idpRefreshes) || isSignOut(event)) excused = true;
      if (event.source !== 'client') continue;
      if (event.type === 'refresh.succeeded' || event.type === 'token.stored' || event.type === 'sign-in.succeeded') {
        transient = [];
        excused = false;
      } else if (event.type === 'refresh.failed' && TRANSIENT_CLASSIFICATIONS.has(stringField(event, 'classification') ?? '')) {
        transient.push(event);
      } else if (event.type === 'token.cleared') {
        if (transient.length > 0 && !excused) {
          violations.push({
            invariant: 'tokens-kept-on-transient',
            message: `${describe(event)} after only transient refresh failures (${transient.map((failure) => stringField(failure, 'classification')).join(', ')}) and no sign-out`,
            events: [...transient, event],
          });
        }
        transient = [];
        excused = false;
      }
    }
    return violations;
  },
};
