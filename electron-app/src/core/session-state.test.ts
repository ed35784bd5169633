import { describe, expect, it } from 'vitest';
import { INITIAL_SESSION_STATE, transition, type SessionEvent, type SessionState } from './session-state.ts';

const user = { id: 'u1', email: 'ada@example.test', name: 'Ada' };
const run = (events: SessionEvent[], from: SessionState = INITIAL_SESSION_STATE) => events.reduce(transition, from);

describe('session state machine', () => {
  it('starts signed out', () => {
    expect(INITIAL_SESSION_STATE.status).toBe('signed-out');
  });

  it('restores the cached user optimistically, before the server answered (no flash of logged-out UI)', () => {
    expect(run([{ type: 'restored-cached-user', user }])).toEqual({ status: 'authenticated', user, lastErrorCode: null });
  });

  it('goes refreshing → authenticated on a successful refresh', () => {
    const states = [{ type: 'signed-in', user }, { type: 'refresh-started' }] as SessionEvent[];
    expect(run(states).status).toBe('refreshing');
    expect(run([...states, { type: 'refresh-succeeded' }]).status).toBe('authenticated');
  });

  it('goes offline on a transient failure, keeping the user, and back on the next success', () => {
    const offline = run([{ type: 'signed-in', user }, { type: 'refresh-started' }, { type: 'refresh-failed', code: 'NETWORK', sessionEnded: false }]);
    expect(offline).toEqual({ status: 'offline', user, lastErrorCode: 'NETWORK' });
    expect(transition(offline, { type: 'request-succeeded' }).status).toBe('authenticated');
  });

  it('sets expired without force-logout: the user stays displayed', () => {
    const expired = run([{ type: 'signed-in', user }, { type: 'refresh-failed', code: 'SESSION_EXPIRED', sessionEnded: true }]);
    expect(expired).toEqual({ status: 'expired', user, lastErrorCode: 'SESSION_EXPIRED' });
  });

  it('stays expired through late refresh events until the user signs in again', () => {
    const expired = run([{ type: 'signed-in', user }, { type: 'refresh-failed', code: 'SESSION_EXPIRED', sessionEnded: true }]);
    expect(run([{ type: 'refresh-started' }, { type: 'refresh-succeeded' }, { type: 'no-session' }], expired).status).toBe('expired');
    expect(transition(expired, { type: 'signed-in', user }).status).toBe('authenticated');
  });

  it('sign-out clears everything from any state', () => {
    for (const status of ['authenticated', 'refreshing', 'offline', 'expired'] as const) {
      expect(transition({ status, user, lastErrorCode: 'NETWORK' }, { type: 'signed-out' })).toEqual(INITIAL_SESSION_STATE);
    }
  });

  it("fills in the cached user when another window's refresh got here first, and never replaces a known user", () => {
    // After a restart with two windows, main relays window 1's startup refresh before window 2 has read its cache.
    for (const relayed of [[{ type: 'refresh-started' }], [{ type: 'refresh-started' }, { type: 'refresh-succeeded' }]] as SessionEvent[][]) {
      const restored = run([...relayed, { type: 'restored-cached-user', user }]);
      expect(restored.user).toEqual(user);
      expect(run([{ type: 'refresh-succeeded' }], restored)).toEqual({ status: 'authenticated', user, lastErrorCode: null });
    }
    const other = { id: 'u2', email: 'bob@example.test', name: 'Bob' };
    expect(run([{ type: 'signed-in', user }, { type: 'refresh-started' }, { type: 'restored-cached-user', user: other }]).user).toEqual(user);
  });

  it('a transient failure after sign-out does not bring back an offline session', () => {
    expect(transition(INITIAL_SESSION_STATE, { type: 'refresh-failed', code: 'TIMEOUT', sessionEnded: false }).status).toBe('signed-out');
  });
});
