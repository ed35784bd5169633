import { describe, expect, it } from 'vitest';
import { createVirtualClock } from '../clock/virtual-clock.ts';
import { createAccessLedger } from './access-ledger.ts';

describe('access-token ledger', () => {
  it('remembers at most its capacity of access tokens; a forgotten one is unknown, and a later one with its jti is not revoked', () => {
    const clock = createVirtualClock({ start: Date.UTC(2030, 0, 1), realNow: () => 0 });
    const ledger = createAccessLedger({ clock, capacity: 3 });
    const issue = (jti: string) => ledger.recordIssued(jti, { familyId: 'fam_1', userId: 'u1', issuedAt: clock.now(), token: `token-${jti}` });
    issue('a');
    expect(ledger.revokeJti('a')).toBe(true);
    expect(ledger.status('a')).toBe('revoked');
    for (const jti of ['b', 'c', 'd']) issue(jti);
    expect(ledger.status('a')).toBe('unknown');
    expect(ledger.issuedTokens()).toEqual(['token-b', 'token-c', 'token-d']);
    // Its revocation went with it: nothing of the forgotten token stays behind.
    issue('a');
    expect(ledger.status('a')).toBe('valid');
  });
});
