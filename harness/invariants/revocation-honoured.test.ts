import { describe, expect, it } from 'vitest';
import { admin, api, historyOf } from './history-builder.ts';
import { revocationHonoured } from './revocation-honoured.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => revocationHonoured.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);

describe('revocation-honoured', () => {
  it('holds when every request of the family after its revocation is refused', () => {
    expect(check([api(500, 'w1', 200), admin(1_000, 'family-revoked', { familyId: 'fam1' }), api(2_000, 'w1', 401), api(2_100, 'w1', 200, { familyId: 'fam2' })])).toEqual([]);
  });

  it('names the revocation and the API answer that ignored it', () => {
    const revoked = admin(1_000, 'revoked', { detail: { familyId: 'fam1', revoked: 1 } });
    const served = api(2_000, 'w1', 200);
    expect(check([revoked, served])).toMatchObject([{ invariant: 'revocation-honoured', events: [revoked, served] }]);
  });
});
