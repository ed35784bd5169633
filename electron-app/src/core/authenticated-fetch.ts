/**
 * The recipe's `authenticatedFetch` (section 6), corrected: Bearer the stored
 * access token; on 401 either retry with a token that has replaced it meanwhile
 * or ask the coordinator for a refresh, then retry exactly once.
 */
import { apiUrl, trimBaseUrl } from './base-url.ts';
import { AuthError, storageError } from './errors.ts';
import type { FetchLike, RequestInitLike, ResponseLike, TokenStore } from './ports.ts';
import type { RefreshCoordinator } from './refresh-coordinator.ts';
import { DeadlineExceeded, fetchWithDeadline } from './timing.ts';

export interface AuthenticatedFetchDeps {
  baseUrl: string;
  fetch: FetchLike;
  store: TokenStore;
  coordinator: RefreshCoordinator;
  /** Why a call has no token: expired (SESSION_EXPIRED) or never signed in (NO_SESSION). */
  isExpired(): boolean;
  /** The recipe's handleAuthExpired, run by the caller itself when `expireOnce` is off. */
  handleAuthExpired(): Promise<void>;
  onSuccess(): void;
}

export type AuthenticatedFetch = (path: string, init?: RequestInitLike) => Promise<ResponseLike>;

export function createAuthenticatedFetch(deps: AuthenticatedFetchDeps): AuthenticatedFetch {
  const base = trimBaseUrl(deps.baseUrl);
  return async (path, init = {}) => authenticatedFetch(deps, apiUrl(base, path), init);
}

async function authenticatedFetch(deps: AuthenticatedFetchDeps, url: string, init: RequestInitLike): Promise<ResponseLike> {
  const { coordinator, store } = deps;
  let accessToken: string | null;
  try {
    accessToken = await store.get('accessToken');
  } catch (error) {
    throw storageError(error, 'reading accessToken');
  }
  if (accessToken === null) throw missingToken(deps);
  const response = await sendWithToken(deps, url, init, accessToken);
  if (response.status !== 401) {
    if (response.status < 400) deps.onSuccess();
    return response;
  }
  const result = await coordinator.refresh({ kind: 'rejected-access', accessToken });
  if (!result.ok) {
    const { code } = result.error;
    if (!coordinator.switches.expireOnce && (code === 'SESSION_EXPIRED' || code === 'NO_SESSION')) {
      await deps.handleAuthExpired();
      throw new AuthError('SESSION_EXPIRED', 'Session expired - please sign in again', { cause: result.error });
    }
    throw result.error;
  }
  // Re-read like the recipe: a sign-out since the refresh leaves nothing to retry with.
  let current: string | null;
  try {
    current = await store.get('accessToken');
  } catch (error) {
    throw storageError(error, 'reading accessToken');
  }
  if (current === null) {
    if (!coordinator.switches.expireOnce) {
      await deps.handleAuthExpired();
      throw new AuthError('SESSION_EXPIRED', 'Session expired - please sign in again');
    }
    throw missingToken(deps);
  }
  const retried = await sendWithToken(deps, url, init, current);
  if (retried.status < 400) deps.onSuccess();
  return retried;
}

async function sendWithToken(deps: AuthenticatedFetchDeps, url: string, init: RequestInitLike, accessToken: string): Promise<ResponseLike> {
  try {
    return await fetchWithDeadline(deps.fetch, url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${accessToken}` } }, deps.coordinator.deadline);
  } catch (error) {
    const what = `${init.method ?? 'GET'} ${url}`;
    if (error instanceof DeadlineExceeded) throw new AuthError('TIMEOUT', `${what}: ${error.message}`, { cause: error });
    throw new AuthError('NETWORK', `${what}: network error`, { cause: error });
  }
}

function missingToken(deps: AuthenticatedFetchDeps): AuthError {
  return deps.isExpired()
    ? new AuthError('SESSION_EXPIRED', 'Session expired - please sign in again')
    : new AuthError('NO_SESSION', 'No access token available');
}
