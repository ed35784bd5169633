/**
 * Property 2 names what started an unjustified refresh: a 401 for an older
 * token (the classic stale-401 bug), or no 401 at all (a client that refreshes
 * early, before its access token is refused, which the property does not allow).
 */
import { describe, expect, it } from 'vitest';
import { checkProperty } from './check.ts';
import { coreClientUnderTest } from './core-client.ts';
import { stale401Property } from './stale-401.property.ts';
import type { ClientEnv, ClientUnderTest } from './types.ts';

/** Refreshes before every call, whatever its access token's state: no call ever meets a 401 first. */
function eagerClient(): ClientUnderTest {
  return {
    name: 'refreshes before every call',
    start(env: ClientEnv, windows: number) {
      let refreshing: Promise<void> | null = null;
      const refresh = () =>
        (refreshing ??= (async () => {
          const refreshToken = await env.store.get('refreshToken');
          const response = await env.fetch(`${env.baseUrl}/api/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
          if (response.status === 200) await env.store.set((await response.json()) as { accessToken: string; refreshToken: string });
        })().finally(() => (refreshing = null)));
      return Array.from({ length: windows }, () => ({
        async authenticatedFetch(path: string, init: { method?: string; body?: string } = {}) {
          await refresh();
          const token = await env.store.get('accessToken');
          return env.fetch(`${env.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}` } });
        },
        initialize: async () => undefined,
        signOut: () => env.store.clear(),
        status: () => 'authenticated',
      }));
    },
  };
}

describe('property 2 (stale 401): the violation names its cause', () => {
  it('a refresh with no 401 before it is called an early refresh, not a stale 401', async () => {
    const verdict = await checkProperty(stale401Property(eagerClient()), { seed: 1, numRuns: 20 });
    expect(verdict.violation).toMatch(/was never rejected: no 401 came before it: the client refreshed before its access token was refused/);
  });

  it('the stale-401 bug is named as one', async () => {
    const verdict = await checkProperty(stale401Property(coreClientUnderTest('stale-401-refresh')), { seed: 1, numRuns: 100 });
    expect(verdict.violation).toMatch(/was never rejected: a stale 401 \(for the older token #[0-9a-f]+\) started another refresh/);
  });
});
