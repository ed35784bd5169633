import { describe, expect, it } from 'vitest';
import { admin, api, client, historyOf, request, step } from './history-builder.ts';
import { signOutComplete } from './sign-out-complete.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => signOutComplete.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);
const signOutRequest = (rt: number) => request(rt, { clientId: 'w1', group: 'auth', method: 'POST', path: '/api/auth/sign-out', status: 200, familyId: 'fam1' });

describe('sign-out-complete', () => {
  it('holds when tokens are cleared, the IdP is told and the family is never used again', () => {
    expect(check([api(500, 'w1', 200), step(1_000, 'sign-out'), signOutRequest(1_050), admin(1_051, 'family-revoked', { familyId: 'fam1' }), client(1_060, 'main', 'token.cleared')])).toEqual([]);
  });

  it('names the sign-out step when the client keeps its tokens and never tells the IdP', () => {
    const signOut = step(1_000, 'sign-out');
    expect(check([api(500, 'w1', 200), signOut])).toMatchObject([
      { events: [signOut], message: expect.stringContaining('never cleared') },
      { events: [signOut], message: expect.stringContaining('never saw') },
    ]);
  });

  it('names the request that presented the signed-out family afterwards', () => {
    const signOut = step(1_000, 'sign-out');
    const late = api(3_000, 'main', 401, { familyId: undefined });
    expect(check([api(500, 'w1', 200), signOut, signOutRequest(1_050), client(1_060, 'main', 'token.cleared'), late])).toMatchObject([
      { invariant: 'sign-out-complete', events: [signOut, late] },
    ]);
  });
});
