/** Refresh first on startup: a restarted client refreshes before it spends a stored access token. */
import type { HistoryEvent } from '../history/types.ts';
import { describe, harnessStep, isClientEvent, isIdpRequest, refreshRequests } from './history-queries.ts';
import type { Invariant, Violation } from './types.ts';

function isStartup(event: HistoryEvent): boolean {
  return isClientEvent(event, 'app.started') || harnessStep(event) === 'restart';
}

function isFreshSignIn(event: HistoryEvent): boolean {
  return isClientEvent(event, 'sign-in.succeeded') || (isIdpRequest(event) && event.outcome === 'session-issued');
}

export const refreshFirstOnStartup: Invariant = {
  id: 'refresh-first-startup',
  title: 'Refresh first on startup',
  description:
    'An app reopened after hours or days holds an access token that has almost certainly expired. Trying it first costs a guaranteed 401, and a client that reacts to that 401 the wrong way (clearing the session, or racing a refresh against other startup requests) turns a routine restart into a sign-out. A restarted client refreshes first and only then calls the API. After a client start or a harness restart, a first token-carrying request to the IdP that is not a refresh and is answered 401 breaks this rule.',
  check(history) {
    const refreshes = new Set<HistoryEvent>(refreshRequests(history.events));
    const violations: Violation[] = [];
    let startup: HistoryEvent | null = null;
    for (const event of history.events) {
      if (isStartup(event)) {
        startup ??= event;
        continue;
      }
      if (startup === null) continue;
      if (isFreshSignIn(event) || refreshes.has(event)) {
        startup = null;
      } else if (isIdpRequest(event) && event.presentedFp !== undefined) {
        if (event.status === 401) {
          violations.push({
            invariant: 'refresh-first-startup',
            message: `after ${describe(startup)} the first request carrying a token was ${describe(event)}, not a refresh`,
            events: [startup, event],
          });
        }
        startup = null;
      }
    }
    return violations;
  },
};
