/**
 * The kit's public types: what a client under test must offer, and what the
 * properties are run against. A team adapts its own refresh logic to
 * `ClientUnderTest` (a dozen lines) and gets all nine properties.
 */
import type { Clock, FetchLike, RandomSource, RequestInitLike, ResponseLike, TokenPair, TokenStore } from '../../electron-app/src/core/ports.ts';
import type { Transport } from './wire.ts';
import type { TimerClock } from './virtual-clock.ts';

export type { Clock, FetchLike, RequestInitLike, ResponseLike, TokenPair, TokenStore } from '../../electron-app/src/core/ports.ts';

/** Everything a client may touch: inject these, use nothing else (no real timers, no global fetch). */
export interface ClientEnv {
  /** IdP base URL; the client calls `${baseUrl}/api/auth/refresh`, `${baseUrl}/api/notes`, … */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** Shared by every window of the app (keys 'accessToken' | 'refreshToken'). */
  readonly store: TokenStore;
  readonly clock: Clock;
  /** Seeded; use it for jitter so a failing run replays exactly. */
  readonly random: RandomSource;
}

export type SessionStatusName = 'signed-out' | 'authenticated' | 'refreshing' | 'offline' | 'expired';

/** One window (renderer) of the app under test. */
export interface WindowUnderTest {
  /** Calls `${baseUrl}${path}` with the session's Bearer token, refreshing as the client sees fit. */
  authenticatedFetch(path: string, init?: RequestInitLike): Promise<ResponseLike>;
  /** App startup with whatever session is stored. */
  initialize(): Promise<unknown>;
  signOut(): Promise<unknown>;
  /** The window's session status, mapped onto the kit's names. */
  status(): SessionStatusName;
}

export interface ClientUnderTest {
  readonly name: string;
  /** Starts the app with `windows` windows sharing `env.store`; how they coordinate refresh is the client's business. */
  start(env: ClientEnv, windows: number): WindowUnderTest[];
  /** Recognises "session expired, sign in again"; default: an error whose `code` is 'SESSION_EXPIRED'. */
  isSessionExpiredError?(error: unknown): boolean;
}

/** The retry discipline property 5 holds the client to, and the bound property 9 holds it to. */
export interface RetryDiscipline {
  /**
   * Deadline the client puts on a request. A hung refresh counts as failed when the client aborted it
   * (`init.signal`); one it never aborts, this long after it was sent.
   */
  readonly requestTimeoutMs: number;
  /** Least wait after the n-th transient refresh failure in a row (n >= 1), jitter included. */
  minBackoffMs(consecutiveFailures: number): number;
  /** Refresh requests allowed per call the app made (attempts per refresh operation). */
  readonly maxAttemptsPerCall: number;
  /** Refresh requests allowed in any rolling minute. */
  readonly maxRefreshesPerMinute: number;
  /** Every call settles within this much virtual time after it started. */
  readonly maxSettleMs: number;
}

/** One IdP prepared for one run. */
export interface IdpSession {
  readonly baseUrl: string;
  readonly transport: Transport;
  /** A session as if signed in earlier: BetterAuth's single token, stored as both access and refresh token. */
  seedSession(): Promise<TokenPair> | TokenPair;
  /** Makes every access token issued so far expired (a long app pause). */
  expireAccessTokens(): Promise<void> | void;
  readonly accessTtlMs: number;
  /** The IdP recovers: no further scheduled faults. */
  heal(): Promise<void> | void;
  dispose?(): Promise<void> | void;
}

/** Where the properties send traffic: the in-memory simulation (default) or a real IdP over HTTP. */
export interface IdpTarget {
  readonly name: string;
  /** Faults in the schedule are applied by the target (the simulation does it itself). */
  open(clock: TimerClock, faults: import('./faults.ts').FaultSchedule): Promise<IdpSession> | IdpSession;
}
