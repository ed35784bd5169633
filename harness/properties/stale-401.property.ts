/**
 * Property 2: a 401 for a request sent with a superseded token does not start
 * another refresh. Every refresh must be justified: the access token issued
 * with the refresh token it presents was itself answered 401 before it was sent.
 */
import fc from 'fast-check';
import { callPatternArb } from './arbitraries/call-pattern.ts';
import { expectAllSettled, refreshRequests, violated } from './assertions.ts';
import { randomSeedArb, scenarioProperty, type PropertyOptions, type ScenarioProperty } from './define-property.ts';
import { NO_FAULTS } from './faults.ts';
import { fingerprint } from './fingerprint.ts';
import type { ClientUnderTest } from './types.ts';

const MINUTE = 60_000;

export function stale401Property(cut: ClientUnderTest, options: PropertyOptions = {}): ScenarioProperty {
  const scenarios = fc.record({
    // Bursts right after the seeded token's expiry, and after each later 15-minute expiry.
    pattern: callPatternArb({ minCalls: 3, maxCalls: 7, startTimesMs: [0, 0, 0, 16 * MINUTE, 16 * MINUTE, 32 * MINUTE] }),
    faults: fc.constant(NO_FAULTS),
    randomSeed: randomSeedArb,
  });
  return scenarioProperty(cut, options, scenarios, (trace) => {
    expectAllSettled(trace);
    const accessFor = new Map<string, string>([[trace.seeded.refreshToken, trace.seeded.accessToken]]);
    for (const record of trace.wire) if (record.issued !== null) accessFor.set(record.issued.refreshToken, record.issued.accessToken);
    for (const refresh of refreshRequests(trace)) {
      const presented = refresh.refreshToken;
      const access = presented === null ? undefined : accessFor.get(presented);
      if (access === undefined) continue; // a token the IdP never issued: property 6's business
      const rejected = trace.wire.some(
        (r) => r.route === 'resource' && r.accessToken === access && r.outcome === 401 && r.deliveredSeq !== null && r.deliveredSeq < refresh.sentSeq,
      );
      if (!rejected) {
        // Name what did start it: a 401 for an older token, or nothing at all (a refresh before any rejection).
        const stale = trace.wire.find(
          (r) => r.route === 'resource' && r.outcome === 401 && r.accessToken !== access && r.deliveredSeq !== null && r.deliveredSeq < refresh.sentSeq,
        );
        const cause = stale
          ? `a stale 401 (for the older token ${fingerprint(stale.accessToken ?? '')}) started another refresh`
          : 'no 401 came before it: the client refreshed before its access token was refused (early or on a timer), which this property does not allow';
        violated(`refresh #${refresh.id} presented ${fingerprint(presented)} although its access token ${fingerprint(access)} was never rejected: ${cause}`);
      }
    }
  });
}
