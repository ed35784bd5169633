/**
 * The session state machine each window shows: signed out, authenticated,
 * refreshing, offline (tokens kept, IdP unreachable) and expired (the
 * recipe's isAuthExpired flag: tokens gone, user still displayed, no force-logout).
 */
import type { AuthErrorCode } from './errors.ts';
import type { CachedUser } from './ports.ts';

export type SessionStatus = 'signed-out' | 'authenticated' | 'refreshing' | 'offline' | 'expired';

export interface SessionState {
  readonly status: SessionStatus;
  /** Display data; kept while offline or expired so the UI does not flash to logged-out. */
  readonly user: CachedUser | null;
  /** Code of the last failure that changed the status, for the UI's banner. */
  readonly lastErrorCode: AuthErrorCode | null;
}

export type SessionEvent =
  | { type: 'restored-cached-user'; user: CachedUser }
  | { type: 'signed-in'; user: CachedUser | null }
  | { type: 'refresh-started' }
  | { type: 'refresh-succeeded' }
  | { type: 'refresh-failed'; code: AuthErrorCode; sessionEnded: boolean }
  | { type: 'request-succeeded' }
  | { type: 'no-session' }
  | { type: 'signed-out' };

export const INITIAL_SESSION_STATE: SessionState = Object.freeze({ status: 'signed-out', user: null, lastErrorCode: null });

/** Pure transition function; events that do not apply in a state leave it unchanged. */
export function transition(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'signed-in':
      return { status: 'authenticated', user: event.user ?? state.user, lastErrorCode: null };
    case 'signed-out':
      return INITIAL_SESSION_STATE;
    case 'restored-cached-user':
      if (state.status === 'signed-out') return { status: 'authenticated', user: event.user, lastErrorCode: null };
      // Another window's startup refresh, relayed by main, can reach this window before it read its cache: it is
      // already refreshing (or authenticated) with no one to show. The cache fills that in.
      return state.user === null ? { ...state, user: event.user } : state;
    case 'refresh-started':
      return state.status === 'expired' ? state : { ...state, status: 'refreshing' };
    case 'refresh-succeeded':
      return state.status === 'expired' ? state : { ...state, status: 'authenticated', lastErrorCode: null };
    case 'request-succeeded':
      return state.status === 'offline' ? { ...state, status: 'authenticated', lastErrorCode: null } : state;
    case 'refresh-failed':
      if (event.sessionEnded) return { ...state, status: 'expired', lastErrorCode: event.code };
      return state.status === 'expired' || state.status === 'signed-out' ? state : { ...state, status: 'offline', lastErrorCode: event.code };
    case 'no-session':
      return state.status === 'expired' ? state : INITIAL_SESSION_STATE;
  }
}
