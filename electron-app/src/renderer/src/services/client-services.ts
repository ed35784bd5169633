/**
 * One window's client, assembled from the auth core: its refresh coordinator
 * (main's, or this window's own in the per-renderer variants), the core's auth
 * client over the token service and the IdP fetch, the user cache, and the
 * BetterAuth client. Built once at startup from the config main sends.
 */
import { createAuthClient, createRefreshCoordinator, scaledClock, type AuthClient, type RefreshCoordinator, type UserCache } from '../../../core/index.ts';
import type { AppConfig } from '../../../shared/ipc-contract.ts';
import { observeRetryWaits } from '../../../shared/retry-observer.ts';
import { createBetterAuthClient, type BetterAuthClient } from '../lib/auth-client.ts';
import { api, unwrap } from './bridge.ts';
import { logEvent } from './client-log.ts';
import { configureIdpFetch, idpFetch } from './idp-fetch.ts';
import { createMainCoordinator } from './main-coordinator.ts';
import { tokenStore } from './token-service.ts';

export interface ClientServices {
  config: AppConfig;
  coordinator: RefreshCoordinator;
  client: AuthClient;
  betterAuth: BetterAuthClient;
}

let services: ClientServices | null = null;

/** Cached display data in main's plain settings file (recipe, "Cached user for optimistic restore"). */
const userCache: UserCache = {
  load: async () => unwrap(await api().userCache.load()),
  save: async (user) => unwrap(await api().userCache.save(user)),
  clear: async () => unwrap(await api().userCache.clear()),
};

export function initClientServices(config: AppConfig): ClientServices {
  configureIdpFetch(config.idpUrl);
  const { switches, policy } = config;
  const observed = observeRetryWaits(
    { clock: scaledClock(config.timeScale), fetch: idpFetch },
    {
      deadlineMs: switches.timeoutRequests ? policy.requestTimeoutMs : null,
      onWait: (wait) => logEvent('retry.scheduled', { delayMs: wait.delayMs, reason: wait.reason, retryAfterMs: wait.retryAfterMs }),
    },
  );
  const coordinator = switches.coordinateInMain
    ? createMainCoordinator(config)
    : createRefreshCoordinator({ baseUrl: config.idpUrl, fetch: observed.fetch, store: tokenStore, clock: observed.clock, switches, policy });
  const client = createAuthClient({
    baseUrl: config.idpUrl,
    fetch: observed.fetch,
    store: tokenStore,
    clock: observed.clock,
    switches,
    policy,
    userCache,
    coordinator,
  });
  services = { config, coordinator, client, betterAuth: createBetterAuthClient(config.idpUrl) };
  return services;
}

export function clientServices(): ClientServices {
  if (services === null) throw new TypeError('client services used before initClientServices()');
  return services;
}
