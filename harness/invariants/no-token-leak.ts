/** No token leak in the history itself: no event the client or IdP recorded carries a raw issued token. */
import { describe } from './history-queries.ts';
import { LEAK_INVARIANT_ID, scanText } from './leak-scan.ts';
import type { Invariant, Violation } from './types.ts';

export const noTokenLeak: Invariant = {
  id: LEAK_INVARIANT_ID,
  title: 'No token leak',
  description:
    'A bearer token is a password with an expiry date: whoever reads it is the user until it expires. It belongs in the operating system\'s protected storage and nowhere else — not in log files, not in localStorage or cookies a script can read, not in a plaintext settings file in the profile. Any issued token found, as is or base64- or URL-encoded, in the client\'s logged events breaks this rule; the harness also scans the profile directory and renderer storage (leak-scan.ts) and reports each hit by where it was found and the token\'s fingerprint, never the token.',
  check(history) {
    const violations: Violation[] = [];
    for (const event of history.events) {
      for (const leak of scanText(describe(event), JSON.stringify(event), history.issuedTokens)) {
        violations.push({ invariant: LEAK_INVARIANT_ID, message: `${leak.message} (the event's own fields)`, events: [event] });
      }
    }
    return violations;
  },
};
