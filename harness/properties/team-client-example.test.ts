/**
 * The README's "test your own refresh logic" example, kept honest by running it:
 * a team's own client, written without tokenstorm's core, adapted to
 * ClientUnderTest in a few lines and checked against the properties.
 */
import { describe, expect, it } from 'vitest';
import { checkProperty, formatVerdict, getProperty, PROPERTIES, type ClientEnv, type ClientUnderTest, type PropertyId } from './index.ts';

// --- the team's client (their code; any shape will do) ---------------------
class TeamApiClient {
  private refreshing: Promise<string> | null = null;
  status: 'signed-out' | 'authenticated' | 'expired' = 'authenticated';

  constructor(private readonly env: ClientEnv) {}

  async request(path: string, init: { method?: string; body?: string } = {}) {
    const token = await this.env.store.get('accessToken');
    if (token === null) throw Object.assign(new Error('not signed in'), { code: this.status === 'expired' ? 'SESSION_EXPIRED' : 'NO_SESSION' });
    const response = await this.send(path, init, token);
    if (response.status !== 401) return response;
    return this.send(path, init, await this.refresh(token));
  }

  async signOut() {
    this.status = 'signed-out';
    await this.env.store.clear();
  }

  private send(path: string, init: { method?: string; body?: string }, token: string) {
    return this.env.fetch(`${this.env.baseUrl}${path}`, { ...init, headers: { Authorization: `Bearer ${token}` } });
  }

  /** Single flight: callers arriving while a refresh is running share it. */
  private refresh(failed: string): Promise<string> {
    this.refreshing ??= this.rotate(failed).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async rotate(failed: string): Promise<string> {
    const current = await this.env.store.get('accessToken');
    if (current !== null && current !== failed) return current; // someone already refreshed
    const refreshToken = await this.env.store.get('refreshToken');
    const response = await this.env.fetch(`${this.env.baseUrl}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    });
    if (response.status !== 200) {
      // The team's bug: every failure, even a 503, ends the session.
      this.status = 'expired';
      await this.env.store.clear();
      throw Object.assign(new Error('session expired'), { code: 'SESSION_EXPIRED' });
    }
    const body = (await response.json()) as { accessToken: string; refreshToken: string };
    await this.env.store.set({ accessToken: body.accessToken, refreshToken: body.refreshToken });
    return body.accessToken;
  }
}

// --- the adapter: a dozen lines ---------------------------------------------
const teamClient: ClientUnderTest = {
  name: 'team api client',
  start(env, windows) {
    const shared = new TeamApiClient(env); // one client in the main process serves every window
    return Array.from({ length: windows }, () => ({
      authenticatedFetch: (path, init) => shared.request(path, init),
      initialize: async () => undefined, // no startup logic
      signOut: () => shared.signOut(),
      status: () => shared.status,
    }));
  },
};

// --- the properties, as the team would run them ----------------------------
describe('team api client against the tokenstorm properties', () => {
  it.each([1, 2, 7] as PropertyId[])('satisfies property %i', async (id) => {
    const verdict = await checkProperty(getProperty(id).build(teamClient), { seed: 7, numRuns: 100 });
    if (verdict.failed) console.log(formatVerdict(`team client, property ${id}`, verdict));
    expect(verdict.failed).toBe(false);
  });

  it.each([3, 6] as PropertyId[])('has its bugs (force-logout on any refresh failure, no deadline) caught by property %i, with a replayable report', async (id) => {
    const verdict = await checkProperty(getProperty(id).build(teamClient), { seed: 7, numRuns: 100 });
    expect(verdict.failed).toBe(true);
    expect(verdict.violation).toMatch(/never settled|cleared|no refresh token stored/);
    const report = formatVerdict(`team client, property ${id}`, verdict);
    expect(report).toContain('seed 7, path');
    console.log(report);
  });

  it('can be run against all nine properties in one loop', () => {
    expect(PROPERTIES.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
