/**
 * The seed article's anti-abuse pattern: "track unusual refresh patterns (too
 * frequent refreshes, geographical changes) and mark tokens for forced
 * re-authentication". Off by default. When a family is refreshed more often
 * than `maxRefreshes` within `window` (virtual time), or from another network
 * address than its previous refresh, the IdP revokes the family — its refresh
 * and access tokens alike — and answers that refresh `invalid_grant`
 * (`REFRESH_ABUSE_DETECTED`): the user must sign in again. For the recipe's
 * session, the first "previous" address is the sign-in's, so a session token
 * first refreshed from elsewhere is caught at that refresh; a family an OAuth
 * client holds starts from its first token instead (a device grant's sign-in
 * is on another device by design).
 *
 * Every token issued from a family counts: a refresh, a reuse within a rotation
 * grace, and the first pair an authorization code or device grant issues. A
 * refresh refused for any other reason (unknown, reused outside grace, out of
 * scope) does not.
 */
import { z } from 'zod';
import { durationSchema } from '../clock/duration.ts';
import type { Clock } from '../clock/virtual-clock.ts';
import { IdpError } from '../errors.ts';
import type { Family } from './family-store.ts';

export const abuseDetectionSchema = z.object({
  /** Refreshes of one family allowed within `window`; the next one revokes the family (0 = no limit). */
  maxRefreshes: z.number().int().min(0).default(0),
  /** The sliding window the refreshes are counted in, on the virtual clock. */
  window: durationSchema.default(60_000),
  /** A refresh from another address than the family's previous refresh (or, first, its sign-in) revokes the family. */
  newLocation: z.boolean().default(false),
}).strict();

export type AbuseDetection = z.output<typeof abuseDetectionSchema>;

export interface AbuseDetector {
  /**
   * Judges one refresh of `family` about to be granted; `location` tells where it came from (undefined: not
   * known), read only when locations are watched. Counts it and answers undefined when it may go ahead;
   * otherwise revokes the family and answers the error to send.
   */
  check(family: Family, location?: () => string | undefined): IdpError | undefined;
}

interface FamilyActivity {
  /** Virtual times of the refreshes within the current window, oldest first. */
  times: number[];
  location: string | undefined;
}

export function createAbuseDetector(options: { clock: Clock; settings: () => AbuseDetection; revoke: (family: Family) => void }): AbuseDetector {
  // Keyed by the family object: a reset drops the families, and their activity with them.
  const activity = new WeakMap<Family, FamilyActivity>();

  function detected(family: Family, why: string): IdpError {
    options.revoke(family);
    return new IdpError('REFRESH_ABUSE_DETECTED', `refresh abuse detected: ${why}; the token family is revoked, sign in again`);
  }

  return {
    check(family, locate) {
      const { maxRefreshes, window, newLocation } = options.settings();
      if (maxRefreshes === 0 && !newLocation) return undefined;
      const location = newLocation ? locate?.() : undefined;
      const now = options.clock.now();
      let seen = activity.get(family);
      if (!seen) {
        seen = { times: [], location: family.grant === 'session' ? family.signedInFrom : undefined };
        activity.set(family, seen);
      }
      if (newLocation && location !== undefined && seen.location !== undefined && location !== seen.location) {
        return detected(family, `a refresh from ${location}, where the previous one came from ${seen.location}`);
      }
      if (location !== undefined) seen.location = location;
      if (maxRefreshes > 0) {
        const since = now - window;
        let stale = 0;
        while (stale < seen.times.length && seen.times[stale]! <= since) stale += 1;
        if (stale > 0) seen.times.splice(0, stale);
        if (seen.times.length >= maxRefreshes) {
          return detected(family, `${seen.times.length + 1} refreshes within ${window} ms, where the IdP allows ${maxRefreshes}`);
        }
        seen.times.push(now);
      }
      return undefined;
    },
  };
}

/**
 * Where a request comes from, as an IdP behind a proxy sees it: the first `X-Forwarded-For` address, else the
 * connection's. Tests on loopback set the header to play a client that moved.
 */
export function locationOf(request: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string | undefined } }): string | undefined {
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first ? first.slice(0, 64) : request.socket.remoteAddress;
}
