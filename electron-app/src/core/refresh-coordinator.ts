/**
 * The refresh coordinator: the one place that presents the refresh token.
 * With `coordinateInMain` a single instance lives in the main process and every
 * window shares it; otherwise each window has its own (the recipe's per-renderer
 * mutex). It also relays session events to the windows subscribed to it.
 */
import { trimBaseUrl } from './base-url.ts';
import { validateCoordinatorOptions } from './client-options.ts';
import { AuthError, storageError, type AuthErrorCode } from './errors.ts';
import { classifyRefreshResponse, isTransient, transientErrorCode, type RefreshOutcome } from './classify.ts';
import type { Clock, FetchLike, RandomSource, TokenPair, TokenStore } from './ports.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, RefreshBudget, validateRetryPolicy, type RetryPolicy } from './retry-policy.ts';
import type { SessionEvent } from './session-state.ts';
import { DeadlineExceeded, fetchWithDeadline, Sleeper, type Deadline } from './timing.ts';
import { REFERENCE_SWITCHES, type ClientSwitches } from './variants.ts';

export type RefreshReason =
  /** A protected request sent with `accessToken` was answered 401. */
  | { kind: 'rejected-access'; accessToken: string }
  /** App startup: validate the stored session by refreshing it (recipe, "Refresh-first startup"). */
  | { kind: 'startup' };

export type RefreshResult = { ok: true; accessToken: string } | { ok: false; error: AuthError };

export interface RefreshCoordinatorOptions {
  baseUrl: string;
  fetch: FetchLike;
  store: TokenStore;
  clock: Clock;
  random?: RandomSource;
  switches?: Readonly<ClientSwitches>;
  policy?: Readonly<RetryPolicy>;
  /**
   * Abort requests that pass their deadline (default true), freeing the socket.
   * A simulated network holds no sockets and may turn it off: AbortController is costly in Node.
   */
  abortOnDeadline?: boolean;
}

export interface RefreshCoordinator {
  readonly switches: Readonly<ClientSwitches>;
  readonly policy: Readonly<RetryPolicy>;
  /** The deadline every request of this app gets (shared with the windows' clients). */
  readonly deadline: Deadline;
  refresh(reason: RefreshReason): Promise<RefreshResult>;
  /** The session hub: windows subscribe to see refreshes, expiry and sign-in/out done anywhere. */
  subscribe(listener: (event: SessionEvent) => void): () => void;
  publish(event: SessionEvent): void;
  /** True once a refresh definitively failed, until the next sign-in. */
  isExpired(): boolean;
  /** Call when sign-in stored a new session: a new session generation begins. */
  sessionStarted(): void;
  /** Call at the very start of sign-out: in-flight work of the old session is abandoned. */
  sessionEnded(): void;
}

export function createRefreshCoordinator(options: RefreshCoordinatorOptions): RefreshCoordinator {
  validateCoordinatorOptions(options);
  return new SingleFlightCoordinator(options);
}

function failure(code: AuthErrorCode, message: string, retryAfterMs?: number): RefreshResult {
  return { ok: false, error: new AuthError(code, message, retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

class SingleFlightCoordinator implements RefreshCoordinator {
  readonly switches: Readonly<ClientSwitches>;
  readonly policy: Readonly<RetryPolicy>;
  readonly deadline: Deadline;
  private readonly store: TokenStore;
  private readonly clock: Clock;
  private readonly fetch: FetchLike;
  private readonly random: RandomSource;
  private readonly refreshUrl: string;
  private readonly sleeper: Sleeper;
  private readonly budget: RefreshBudget;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  /** Bumped by sign-in and sign-out; an operation of an older generation may not touch the store. */
  private generation = 0;
  private inflight: Promise<RefreshResult> | null = null;
  private consecutiveFailures = 0;
  private notBefore = 0;
  private refreshedThisGeneration = false;
  private expired = false;

  constructor(options: RefreshCoordinatorOptions) {
    this.switches = options.switches ?? REFERENCE_SWITCHES;
    this.policy = validateRetryPolicy(options.policy ?? DEFAULT_RETRY_POLICY);
    this.store = options.store;
    this.clock = options.clock;
    this.fetch = options.fetch;
    this.random = options.random ?? Math.random;
    this.refreshUrl = `${trimBaseUrl(options.baseUrl)}/api/auth/refresh`;
    this.sleeper = new Sleeper(options.clock);
    this.budget = new RefreshBudget(this.policy.maxRefreshesPerMinute);
    this.deadline = { clock: options.clock, ms: this.switches.timeoutRequests ? this.policy.requestTimeoutMs : null, abort: options.abortOnDeadline ?? true };
  }

  refresh(reason: RefreshReason): Promise<RefreshResult> {
    if (this.switches.singleFlight && this.inflight !== null) {
      // The operation in flight may answer "already replaced" with the very token this caller saw fail.
      return this.inflight.then((result) =>
        result.ok && reason.kind === 'rejected-access' && result.accessToken === reason.accessToken ? this.refresh(reason) : result,
      );
    }
    const operation = this.runOperation(reason);
    if (this.switches.singleFlight) {
      this.inflight = operation;
      // Registered before any caller's continuation, so a caller resuming after this operation never sees it as in flight.
      const settled = () => {
        if (this.inflight === operation) this.inflight = null;
      };
      void operation.then(settled, settled);
    }
    return operation;
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  isExpired(): boolean {
    return this.expired;
  }

  sessionStarted(): void {
    this.generation += 1;
    this.expired = false;
    this.consecutiveFailures = 0;
    this.notBefore = 0;
    this.refreshedThisGeneration = true;
  }

  sessionEnded(): void {
    this.expired = false;
    if (!this.switches.guardLateRefresh) return;
    this.generation += 1;
    this.inflight = null;
    this.refreshedThisGeneration = false;
    this.sleeper.wakeAll();
  }

  private abandoned(opGeneration: number): boolean {
    return this.switches.guardLateRefresh && this.generation !== opGeneration;
  }

  private async runOperation(reason: RefreshReason): Promise<RefreshResult> {
    const { switches, store } = this;
    const opGeneration = this.generation;
    let started = false;
    // At startup: another window may have validated this session already. After a 401: its token may have been replaced meanwhile.
    if (reason.kind === 'startup' ? this.refreshedThisGeneration : switches.staleTokenRetry) {
      let current: string | null;
      try {
        current = await store.get('accessToken');
      } catch (error) {
        return this.storeFailed(error, 'reading accessToken', started);
      }
      if (current !== null && (reason.kind === 'startup' || current !== reason.accessToken)) return { ok: true, accessToken: current };
    }
    for (let attempt = 1; ; attempt++) {
      if (this.abandoned(opGeneration)) return failure('SIGNED_OUT', 'signed out during refresh');
      if (switches.backoff) {
        const refusal = await this.waitForPermission(opGeneration);
        if (refusal !== null) {
          if (started && !refusal.ok) this.publish({ type: 'refresh-failed', code: refusal.error.code, sessionEnded: false });
          return refusal;
        }
      }
      let refreshToken: string | null;
      try {
        refreshToken = await store.get('refreshToken');
      } catch (error) {
        return this.storeFailed(error, 'reading refreshToken', started);
      }
      if (refreshToken === null) {
        if (this.expired) return failure('SESSION_EXPIRED', 'the session has expired; sign in again');
        this.publish({ type: 'no-session' });
        return failure('NO_SESSION', 'no refresh token stored');
      }
      if (this.abandoned(opGeneration)) return failure('SIGNED_OUT', 'signed out during refresh');
      if (!started) this.publish({ type: 'refresh-started' });
      started = true;
      this.budget.record(this.clock.now());
      const outcome = await this.requestRefresh(refreshToken);
      if (this.abandoned(opGeneration)) return failure('SIGNED_OUT', 'signed out during refresh; its response was discarded');

      if (outcome.kind === 'rotated') {
        const pair: TokenPair = switches.persistRotatedRefreshToken ? outcome.tokens : { accessToken: outcome.tokens.accessToken, refreshToken };
        try {
          await store.set(pair);
        } catch (error) {
          return this.storeFailed(error, 'writing the tokens', started);
        }
        this.consecutiveFailures = 0;
        this.notBefore = 0;
        this.refreshedThisGeneration = true;
        this.publish({ type: 'refresh-succeeded' });
        return { ok: true, accessToken: pair.accessToken };
      }
      if (outcome.kind === 'rejected') {
        return this.endSession('SESSION_EXPIRED', `refresh token rejected (${outcome.status}${outcome.reused ? ', reuse detected' : ''})`);
      }
      if (!isTransient(outcome)) throw new TypeError('unreachable refresh outcome');
      const code = transientErrorCode(outcome);
      if (!switches.keepTokensOnTransientFailure) return this.endSession(code, `refresh failed (${code}) and was taken as session expiry`);
      this.consecutiveFailures += 1;
      if (switches.backoff) {
        const retryAfterMs = outcome.kind === 'rate-limited' || outcome.kind === 'server-error' ? (outcome.retryAfterMs ?? 0) : 0;
        this.notBefore = this.clock.now() + Math.max(backoffDelayMs(this.policy, this.consecutiveFailures, this.random), retryAfterMs);
      }
      if (attempt >= this.policy.maxAttempts) {
        this.publish({ type: 'refresh-failed', code, sessionEnded: false });
        const retryAfterMs = switches.backoff ? Math.max(0, this.notBefore - this.clock.now()) : undefined;
        return failure(code, `refresh failed ${attempt} time(s) in a row (${code}); tokens kept`, retryAfterMs);
      }
    }
  }

  /** The store failed: this operation ends (the next starts afresh, none joins a failed one) and the windows leave "refreshing". */
  private storeFailed(error: unknown, operation: string, started: boolean): RefreshResult {
    if (started) this.publish({ type: 'refresh-failed', code: 'STORAGE', sessionEnded: false });
    return { ok: false, error: storageError(error, operation) };
  }

  private async requestRefresh(refreshToken: string): Promise<RefreshOutcome> {
    try {
      const response = await fetchWithDeadline(
        this.fetch,
        this.refreshUrl,
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) },
        this.deadline,
      );
      return await classifyRefreshResponse(response, this.clock.now());
    } catch (error) {
      return error instanceof DeadlineExceeded ? { kind: 'timeout' } : { kind: 'network' };
    }
  }

  /** Ends the session once, here, for every waiting caller (unless callers do it themselves: `expireOnce` off). */
  private async endSession(code: AuthErrorCode, message: string): Promise<RefreshResult> {
    let uncleared: { cause: unknown } | null = null;
    if (this.switches.expireOnce) {
      this.expired = true;
      try {
        await this.store.clear();
      } catch (error) {
        // The session is over all the same: the tokens left behind are refused again at the next refresh.
        uncleared = { cause: error };
      }
      this.publish({ type: 'refresh-failed', code, sessionEnded: true });
    }
    if (uncleared === null) return failure('SESSION_EXPIRED', message);
    return { ok: false, error: new AuthError('SESSION_EXPIRED', `${message}; the stored tokens could not be cleared`, uncleared) };
  }

  /** Waits out backoff and Retry-After; returns a failure when the wait is too long or the budget is spent. */
  private async waitForPermission(opGeneration: number): Promise<RefreshResult | null> {
    const wait = this.notBefore - this.clock.now();
    if (wait > this.policy.maxWaitMs) return failure('REFRESH_RATE_LIMITED', `refresh deferred for ${wait} ms (backoff / Retry-After)`, wait);
    if (wait > 0) await this.sleeper.sleep(wait);
    if (this.abandoned(opGeneration)) return failure('SIGNED_OUT', 'signed out while waiting to refresh');
    const budgetWait = this.budget.waitMs(this.clock.now());
    if (budgetWait > 0) return failure('REFRESH_RATE_LIMITED', `refresh budget of ${this.policy.maxRefreshesPerMinute}/min spent`, budgetWait);
    return null;
  }
}
