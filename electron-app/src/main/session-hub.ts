/**
 * Refresh coordination across windows (DESIGN.md, "Reference Electron client"):
 * with `coordinateInMain`, one refresh coordinator from the auth core lives
 * here, every window's refresh goes through it over IPC, and its session
 * events are broadcast to every window. Without it (the recipe's per-renderer
 * mutex) each window coordinates alone and this hub only stores tokens.
 * It also provides the main process's own authenticated fetch (recipe, section 7).
 */
import {
  createAuthenticatedFetch,
  createRefreshCoordinator,
  isAuthErrorCode,
  systemClock,
  type AuthenticatedFetch,
  type CachedUser,
  type ClientSwitches,
  type Clock,
  type FetchLike,
  type RandomSource,
  type RefreshCoordinator,
  type RefreshReason,
  type RetryPolicy,
  type SessionEvent,
  type TokenPair,
  type TokenStore,
} from '../core/index.ts';
import { ClientError, failed, ok, type IpcResult } from '../shared/client-errors.ts';
import type { PushChannel, PushMap } from '../shared/ipc-contract.ts';
import { observeRetryWaits } from '../shared/retry-observer.ts';
import type { EventLog } from './event-log.ts';
import type { SecureStorageService } from './secure-storage-service.ts';
import { parseCachedUser } from './settings-store.ts';

export interface Broadcaster {
  broadcast<C extends PushChannel>(channel: C, payload: PushMap[C]): void;
}

export interface SessionHubOptions {
  idpUrl: string;
  switches: ClientSwitches;
  policy: RetryPolicy;
  storage: SecureStorageService;
  /** Main's own IdP fetch (the transport, tagged `main`). */
  fetch: FetchLike;
  windows: Broadcaster;
  log: Pick<EventLog, 'record'>;
  clock?: Clock;
  random?: RandomSource;
}

export class SessionHub {
  readonly coordinator: RefreshCoordinator | null;
  readonly tokenStore: TokenStore;
  /** The recipe's main-process authenticatedFetch, corrected when coordination is in main. */
  readonly authenticatedFetch: AuthenticatedFetch;

  constructor(private readonly options: SessionHubOptions) {
    const { switches, policy, storage, log } = options;
    this.tokenStore = mainTokenStore(storage, log);
    const observed = observeRetryWaits(
      { clock: options.clock ?? systemClock, fetch: options.fetch },
      { deadlineMs: switches.timeoutRequests ? policy.requestTimeoutMs : null, onWait: (wait) => log.record('main', 'retry.scheduled', { ...wait }) },
    );
    if (!switches.coordinateInMain) {
      this.coordinator = null;
      this.authenticatedFetch = recipeMainFetch(options.idpUrl, observed.fetch, this.tokenStore);
      return;
    }
    const coordinator = createRefreshCoordinator({
      baseUrl: options.idpUrl,
      fetch: observed.fetch,
      store: this.tokenStore,
      clock: observed.clock,
      switches,
      policy,
      ...(options.random ? { random: options.random } : {}),
    });
    this.coordinator = coordinator;
    coordinator.subscribe((event) => {
      log.record('main', 'session.event', describeEvent(event));
      options.windows.broadcast('auth:session-event', { event, expired: coordinator.isExpired() });
    });
    this.authenticatedFetch = createAuthenticatedFetch({
      baseUrl: options.idpUrl,
      fetch: observed.fetch,
      store: this.tokenStore,
      coordinator,
      isExpired: () => coordinator.isExpired(),
      handleAuthExpired: async () => {
        coordinator.publish({ type: 'refresh-failed', code: 'SESSION_EXPIRED', sessionEnded: true });
        await this.tokenStore.clear();
      },
      onSuccess: () => coordinator.publish({ type: 'request-succeeded' }),
    });
  }

  async refresh(reason: unknown): Promise<IpcResult<{ accessToken: string }>> {
    const coordinator = this.requireCoordinator();
    const result = await coordinator.refresh(parseRefreshReason(reason));
    return result.ok ? ok({ accessToken: result.accessToken }) : failed(result.error);
  }

  sessionStarted(): void {
    this.coordinator?.sessionStarted();
  }

  sessionEnded(): void {
    this.coordinator?.sessionEnded();
  }

  publish(event: unknown): void {
    this.coordinator?.publish(parseSessionEvent(event));
  }

  /**
   * A session obtained by main (OAuth): with coordination in main, start a new
   * session generation before storing (so a late refresh of the old one cannot
   * overwrite it) and tell every window. Otherwise the initiating window does that.
   */
  async storeExternalSession(pair: TokenPair, user: CachedUser): Promise<void> {
    this.coordinator?.sessionStarted();
    const stored = this.options.storage.setPair(pair);
    if (!stored.success) throw new ClientError(stored.code === 'ENCRYPTION_UNAVAILABLE' ? 'ENCRYPTION_UNAVAILABLE' : 'ENCRYPTION_FAILED', stored.error);
    this.coordinator?.publish({ type: 'signed-in', user });
  }

  private requireCoordinator(): RefreshCoordinator {
    if (this.coordinator === null) throw new TypeError('this variant coordinates refresh in each window (coordinateInMain is off)');
    return this.coordinator;
  }
}

/** The core's TokenStore port over the secure storage service (no IPC: main calls it directly, recipe section 7). */
function mainTokenStore(storage: SecureStorageService, log: Pick<EventLog, 'record'>): TokenStore {
  return {
    get: async (key) => {
      const result = storage.getToken(key);
      if (result.success) return result.data ?? null;
      // Without an OS keychain nothing was ever stored: there are no tokens. Any other failure (a blob that no longer
      // decrypts) is the core's STORAGE: the call fails and what is stored stays, rather than signing every window out.
      if (result.code === 'ENCRYPTION_UNAVAILABLE') return null;
      log.record('main', 'token.read-failed', { key, errorCode: result.code, message: result.error });
      throw new ClientError(result.code === 'DECRYPTION_FAILED' ? 'DECRYPTION_FAILED' : 'ENCRYPTION_FAILED', `Failed to read ${key}: ${result.error}`);
    },
    set: async (pair) => {
      const result = storage.setPair(pair);
      if (!result.success) {
        log.record('main', 'token.store-failed', { errorCode: result.code, message: result.error });
        // As the recipe's setTokens: a session whose tokens cannot be stored securely is an error, never a plaintext fallback.
        throw new ClientError(result.code === 'ENCRYPTION_UNAVAILABLE' ? 'ENCRYPTION_UNAVAILABLE' : 'ENCRYPTION_FAILED', `Failed to store tokens: ${result.error}`);
      }
    },
    clear: async () => {
      const result = storage.clearAll();
      if (result.success) return;
      log.record('main', 'token.clear-failed', { errorCode: result.code, message: result.error });
      // Reported, not swallowed: a sign-out that left the tokens on disk must not say it is done.
      throw new ClientError('ENCRYPTION_FAILED', `Failed to clear the tokens: ${result.error}`);
    },
  };
}

/** Recipe section 7 as written: attach the stored access token, no refresh (per-window variants). */
function recipeMainFetch(idpUrl: string, fetch: FetchLike, store: TokenStore): AuthenticatedFetch {
  return async (path, init = {}) => {
    const accessToken = await store.get('accessToken');
    return fetch(`${idpUrl}${path}`, { ...init, headers: { ...init.headers, ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) } });
  };
}

export function parseRefreshReason(value: unknown): RefreshReason {
  const reason = value as { kind?: unknown; accessToken?: unknown } | null;
  if (reason?.kind === 'startup') return { kind: 'startup' };
  if (reason?.kind === 'rejected-access' && typeof reason.accessToken === 'string') return { kind: 'rejected-access', accessToken: reason.accessToken };
  throw new ClientError('INVALID_IPC_ARGUMENT', 'refresh reason: expected { kind: "startup" } or { kind: "rejected-access", accessToken }');
}

export function parseSessionEvent(value: unknown): SessionEvent {
  const event = (value ?? {}) as Record<string, unknown>;
  switch (event['type']) {
    case 'refresh-started':
    case 'refresh-succeeded':
    case 'request-succeeded':
    case 'no-session':
    case 'signed-out':
      return { type: event['type'] };
    case 'signed-in':
      return { type: 'signed-in', user: event['user'] === null ? null : parseCachedUser(event['user']) };
    case 'restored-cached-user':
      return { type: 'restored-cached-user', user: parseCachedUser(event['user']) };
    case 'refresh-failed':
      if (!isAuthErrorCode(event['code']) || typeof event['sessionEnded'] !== 'boolean') break;
      return { type: 'refresh-failed', code: event['code'], sessionEnded: event['sessionEnded'] };
  }
  throw new ClientError('INVALID_IPC_ARGUMENT', `session event: unknown or malformed ${JSON.stringify(event['type'])}`);
}

function describeEvent(event: SessionEvent): Record<string, unknown> {
  if (event.type === 'refresh-failed') return { event: event.type, errorCode: event.code, sessionEnded: event.sessionEnded };
  return { event: event.type };
}
