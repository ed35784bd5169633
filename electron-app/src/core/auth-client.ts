/**
 * One window's auth client (the recipe's auth store + api client, platform-free):
 * initialize, sign in, sign out, authenticatedFetch and the session state.
 * `createAuthApp` opens windows that share a store and, with `coordinateInMain`,
 * one refresh coordinator.
 */
import { trimBaseUrl } from './base-url.ts';
import { AuthError, storageError } from './errors.ts';
import { createAuthenticatedFetch, type AuthenticatedFetch } from './authenticated-fetch.ts';
import { validateAppOptions, validateClientOptions } from './client-options.ts';
import type { CachedUser, RequestInitLike, ResponseLike, UserCache } from './ports.ts';
import { createRefreshCoordinator, type RefreshCoordinator, type RefreshCoordinatorOptions } from './refresh-coordinator.ts';
import { INITIAL_SESSION_STATE, transition, type SessionEvent, type SessionState } from './session-state.ts';
import { DeadlineExceeded, fetchWithDeadline } from './timing.ts';
import { REFERENCE_SWITCHES, type ClientSwitches } from './variants.ts';

/** A window's options: the coordinator's (used when it builds its own) plus what only a window needs. */
export interface AuthClientOptions extends RefreshCoordinatorOptions {
  userCache?: UserCache;
  /** Sent as `Origin` on sign-in and sign-out (better-auth rejects state-changing requests from unknown origins). */
  origin?: string;
  /** A coordinator shared with other windows; by default the window gets its own. */
  coordinator?: RefreshCoordinator;
}

export interface AuthClient {
  initialize(): Promise<SessionState>;
  signIn(email: string, password: string): Promise<CachedUser>;
  signOut(): Promise<void>;
  readonly authenticatedFetch: AuthenticatedFetch;
  state(): SessionState;
  subscribe(listener: (state: SessionState) => void): () => void;
  /** Stops listening to the shared coordinator (window closed). */
  dispose(): void;
}

export function createAuthClient(options: AuthClientOptions): AuthClient {
  validateClientOptions(options);
  return new WindowAuthClient(options);
}

/** The part of a window's options its own coordinator takes. */
function coordinatorOptions({ userCache: _userCache, origin: _origin, coordinator: _coordinator, ...options }: AuthClientOptions): RefreshCoordinatorOptions {
  return options;
}

class WindowAuthClient implements AuthClient {
  readonly authenticatedFetch: AuthenticatedFetch;
  private readonly switches: Readonly<ClientSwitches>;
  private readonly coordinator: RefreshCoordinator;
  private readonly userCache: UserCache;
  private readonly base: string;
  private readonly originHeader: Record<string, string>;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly unsubscribe: () => void;
  private current: SessionState = INITIAL_SESSION_STATE;
  private localExpired = false;

  constructor(private readonly options: AuthClientOptions) {
    this.switches = options.switches ?? options.coordinator?.switches ?? REFERENCE_SWITCHES;
    this.coordinator = options.coordinator ?? createRefreshCoordinator({ ...coordinatorOptions(options), switches: this.switches });
    this.userCache = options.userCache ?? createMemoryUserCache();
    this.base = trimBaseUrl(options.baseUrl);
    this.originHeader = options.origin === undefined ? {} : { Origin: options.origin };
    this.unsubscribe = this.coordinator.subscribe((event) => this.apply(event));
    this.authenticatedFetch = createAuthenticatedFetch({
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      store: options.store,
      coordinator: this.coordinator,
      isExpired: () => this.coordinator.isExpired() || this.localExpired,
      handleAuthExpired: () => this.handleAuthExpired(),
      onSuccess: () => this.apply({ type: 'request-succeeded' }),
    });
  }

  state(): SessionState {
    return this.current;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.unsubscribe();
  }

  async initialize(): Promise<SessionState> {
    const { store } = this.options;
    let stored: [string | null, string | null];
    try {
      stored = await Promise.all([store.get('accessToken'), store.get('refreshToken')]);
    } catch (error) {
      throw storageError(error, 'reading the tokens');
    }
    const [accessToken, refreshToken] = stored;
    if (accessToken === null && refreshToken === null) return this.current;
    const cached = await this.userCache.load();
    if (cached !== null) this.apply({ type: 'restored-cached-user', user: cached });
    if (!this.switches.refreshFirstStartup) {
      await this.initializeAccessFirst(accessToken);
      return this.current;
    }
    const result = await this.coordinator.refresh({ kind: 'startup' });
    if (result.ok) this.apply({ type: 'refresh-succeeded' });
    else if (!this.switches.expireOnce && result.error.code === 'SESSION_EXPIRED') await this.handleAuthExpired();
    return this.current;
  }

  async signIn(email: string, password: string): Promise<CachedUser> {
    const response = await this.idpRequest('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...this.originHeader },
      body: JSON.stringify({ email, password }),
    });
    const body = (await response.json().catch(() => null)) as { token?: unknown; user?: unknown } | null;
    if (response.status !== 200 || typeof body?.token !== 'string') throw new AuthError('SIGN_IN_FAILED', `sign-in refused (${response.status})`);
    const user = readUser(body.user) ?? { id: '', email, name: email };
    this.coordinator.sessionStarted();
    // BetterAuth returns a single token: it is both the access and the refresh token (recipe, "Single token").
    try {
      await this.options.store.set({ accessToken: body.token, refreshToken: body.token });
    } catch (error) {
      throw storageError(error, 'writing the tokens');
    }
    await this.userCache.save(user);
    this.coordinator.publish({ type: 'signed-in', user });
    return user;
  }

  async signOut(): Promise<void> {
    const { store } = this.options;
    const { guardLateRefresh } = this.switches;
    let accessToken: string | null;
    try {
      accessToken = await store.get('accessToken');
    } catch (error) {
      throw storageError(error, 'reading accessToken');
    }
    // The recipe revokes server-side first (best effort), then clears. Corrected (guardLateRefresh):
    // local sign-out is authoritative and immediate, the revocation comes afterwards.
    if (!guardLateRefresh) await this.revoke(accessToken);
    this.coordinator.sessionEnded();
    try {
      await store.clear();
    } catch (error) {
      throw storageError(error, 'clearing the tokens');
    }
    await this.userCache.clear();
    this.coordinator.publish({ type: 'signed-out' });
    if (guardLateRefresh) await this.revoke(accessToken);
  }

  private apply(event: SessionEvent): void {
    if (event.type === 'signed-in' || event.type === 'signed-out') this.localExpired = false;
    const next = transition(this.current, event);
    if (next === this.current) return;
    this.current = next;
    for (const listener of this.listeners) listener(next);
  }

  /** The recipe's handleAuthExpired: flag, clear, keep the user on screen (no force-logout). */
  private async handleAuthExpired(): Promise<void> {
    this.localExpired = true;
    this.apply({ type: 'refresh-failed', code: 'SESSION_EXPIRED', sessionEnded: true });
    try {
      await this.options.store.clear();
    } catch (error) {
      throw storageError(error, 'clearing the tokens');
    }
  }

  /** The recipe's refreshSession(): getSession with the stored access token; 401/403 means "session invalid". */
  private async initializeAccessFirst(accessToken: string | null): Promise<void> {
    let response: ResponseLike;
    try {
      response = await this.idpRequest('/api/me', { method: 'GET', headers: accessToken === null ? {} : { Authorization: `Bearer ${accessToken}` } });
    } catch (error) {
      this.apply({ type: 'refresh-failed', code: error instanceof AuthError ? error.code : 'NETWORK', sessionEnded: false });
      return;
    }
    if (response.status === 401 || response.status === 403) return this.handleAuthExpired();
    if (response.status !== 200) {
      this.apply({ type: 'refresh-failed', code: 'REFRESH_SERVER_ERROR', sessionEnded: false });
      return;
    }
    const user = readUser(await response.json().catch(() => null));
    if (user !== null) await this.userCache.save(user);
    this.apply({ type: 'signed-in', user });
  }

  private async revoke(accessToken: string | null): Promise<void> {
    if (accessToken === null) return;
    await this.idpRequest('/api/auth/sign-out', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}`, ...this.originHeader },
      body: '{}',
    }).catch(() => undefined);
  }

  private async idpRequest(path: string, init: RequestInitLike): Promise<ResponseLike> {
    try {
      return await fetchWithDeadline(this.options.fetch, `${this.base}${path}`, init, this.coordinator.deadline);
    } catch (error) {
      throw new AuthError(error instanceof DeadlineExceeded ? 'TIMEOUT' : 'NETWORK', `${init.method ?? 'GET'} ${path} failed`, { cause: error });
    }
  }
}

export interface AuthApp {
  /** Opens one window's client; windows share the store and, with `coordinateInMain`, the coordinator. */
  openWindow(): AuthClient;
  /** The main-process coordinator, when coordination is in main. */
  readonly coordinator: RefreshCoordinator | null;
}

export function createAuthApp(options: Omit<AuthClientOptions, 'coordinator'>): AuthApp {
  validateAppOptions(options);
  const switches = options.switches ?? REFERENCE_SWITCHES;
  const coordinator = switches.coordinateInMain ? createRefreshCoordinator({ ...coordinatorOptions(options), switches }) : null;
  return {
    coordinator,
    openWindow: () => createAuthClient(coordinator === null ? { ...options, switches } : { ...options, switches, coordinator }),
  };
}

export function createMemoryUserCache(initial: CachedUser | null = null): UserCache {
  return new MemoryUserCache(initial);
}

class MemoryUserCache implements UserCache {
  constructor(private user: CachedUser | null) {}
  load(): Promise<CachedUser | null> {
    return Promise.resolve(this.user);
  }
  save(user: CachedUser): Promise<void> {
    this.user = user;
    return Promise.resolve();
  }
  clear(): Promise<void> {
    this.user = null;
    return Promise.resolve();
  }
}

function readUser(value: unknown): CachedUser | null {
  const candidate = (value as { user?: unknown } | null)?.user ?? value;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const { id, email, name } = candidate as Record<string, unknown>;
  if (typeof email !== 'string') return null;
  return { id: typeof id === 'string' ? id : '', email, name: typeof name === 'string' ? name : email };
}
