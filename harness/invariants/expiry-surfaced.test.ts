import { describe, expect, it } from 'vitest';
import { expirySurfaced } from './expiry-surfaced.ts';
import { client, historyOf, step } from './history-builder.ts';
import { DEFAULT_INVARIANT_OPTIONS } from './types.ts';

const check = (events: Parameters<typeof historyOf>[0]) => expirySurfaced.check(historyOf(events), DEFAULT_INVARIANT_OPTIONS);
const rejected = (t: number) => client(t, 'main', 'refresh.failed', { classification: 'rejected', status: 401 });

describe('expiry-without-force-logout', () => {
  it('holds when the client shows expiry and signs out only when asked', () => {
    expect(
      check([
        rejected(1_000),
        client(1_010, 'w1', 'state.changed', { from: 'authenticated', to: 'expired' }),
        client(1_020, 'w1', 'session-expired.shown'),
        step(5_000, 'sign-out'),
        client(5_100, 'w1', 'state.changed', { from: 'expired', to: 'signed-out' }),
      ]),
    ).toEqual([]);
  });

  it('does not ask for an expiry screen when the refresh was rejected during a sign-out', () => {
    expect(check([step(900, 'sign-out'), rejected(1_000), client(1_010, 'w1', 'state.changed', { to: 'signed-out' })])).toEqual([]);
  });

  it('names the failure and the forced transition to signed-out', () => {
    const failure = rejected(1_000);
    const forced = client(1_010, 'w1', 'state.changed', { from: 'authenticated', to: 'signed-out' });
    expect(check([failure, forced])).toMatchObject([
      { invariant: 'expiry-without-force-logout', events: [failure, forced] },
      { invariant: 'expiry-without-force-logout', events: [failure], message: expect.stringContaining('never changed state to expired') },
    ]);
  });

  it('names the failure when expiry is reached but never shown', () => {
    const failure = rejected(1_000);
    expect(check([failure, client(1_010, 'w1', 'state.changed', { to: 'expired' })])).toMatchObject([{ events: [failure], message: expect.stringContaining('never showed') }]);
  });

  it('holds with one clear of the tokens, and names every clear when each waiting caller expired the session again', () => {
    const shown = [client(1_010, 'w1', 'state.changed', { to: 'expired' }), client(1_020, 'w1', 'session-expired.shown')];
    expect(check([rejected(1_000), ...shown, client(1_030, 'w1', 'token.cleared')])).toEqual([]);
    const failure = rejected(1_000);
    const clears = [client(1_030, 'w1', 'token.cleared'), client(1_040, 'w1', 'token.cleared'), client(1_050, 'w1', 'token.cleared')];
    expect(check([failure, ...shown, ...clears])).toMatchObject([{ invariant: 'expiry-without-force-logout', events: [failure, ...clears], message: expect.stringContaining('cleared its tokens 3 times') }]);
  });
});
