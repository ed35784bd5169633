/** No refresh storm: a bounded number of refreshes per client in any rolling window. */
import { arrivalOf, describe, groupBy, refreshRequests } from './history-queries.ts';
import type { Invariant, Violation } from './types.ts';

export const noRefreshStorm: Invariant = {
  id: 'no-refresh-storm',
  title: 'No refresh storm',
  description:
    'A client caught in a loop — refreshing on every 401, retrying without backoff, or one refresh per window and per request — can send hundreds of refreshes a minute. Providers rate-limit or lock such clients, and every extra rotation is another chance to lose a token. A client keeps a budget: no more than a handful of refreshes in any rolling minute. More refreshes from one client in any rolling window than the budget (10 a minute unless the scenario says otherwise) breaks this rule.',
  check(history, options) {
    const violations: Violation[] = [];
    const perClient = groupBy(
      [...refreshRequests(history.events)].sort((a, b) => arrivalOf(a) - arrivalOf(b)),
      (event) => event.clientId ?? '(no client id)',
    );
    for (const [clientId, refreshes] of perClient) {
      let start = 0;
      while (start < refreshes.length) {
        const first = refreshes[start]!;
        const inWindow = refreshes.slice(start).filter((event) => arrivalOf(event) < arrivalOf(first) + options.stormWindowMs);
        if (inWindow.length > options.maxRefreshesPerWindow) {
          violations.push({
            invariant: 'no-refresh-storm',
            message: `client ${clientId} sent ${inWindow.length} refreshes within ${options.stormWindowMs / 1_000} s from ${describe(first)}; the budget is ${options.maxRefreshesPerWindow}`,
            events: inWindow,
          });
          // One violation per storm: continue after the window that broke the budget.
          start += inWindow.length;
        } else {
          start += 1;
        }
      }
    }
    return violations;
  },
};
