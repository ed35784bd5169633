/**
 * The recipe's four flows (seed 001, "Flows") end to end with the reference
 * client: sign-in, session restore on restart (refresh-first), auto-refresh on
 * 401, sign-out — judged by the UI and by the IdP's event history.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, signInThroughUi, test, DEMO_USER } from '../fixtures/index.ts';

test.describe('recipe flows', () => {
  test('sign-in: the session token is stored encrypted, never in renderer storage', async ({ launchClient, idp }) => {
    const client = await launchClient();
    const page = await client.window();
    await signInThroughUi(page);
    await expect(page.getByTestId('account-email')).toHaveText(DEMO_USER.email);

    const signIn = idp.admin.events.list({ type: 'request' }).find((event) => event.outcome === 'session-issued');
    expect(signIn?.clientId).toBe('w1');
    const tokens = idp.admin.issuedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    const rendererStorage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookies: document.cookie }));
    const stored = readFileSync(join(client.profileDir, 'secure-tokens.json'), 'utf8');
    for (const token of tokens) {
      expect(rendererStorage).not.toContain(token);
      expect(stored).not.toContain(token);
    }
  });

  test('signInThroughUi on a window already signed in says so at once', async ({ client }) => {
    await expect(signInThroughUi(await client.window())).rejects.toThrow('signInThroughUi: the window is already "signed-in": there is no sign-in form to fill');
  });

  test('restore on restart: refresh first, no sign-in screen, after days away', async ({ launchClient, idp }) => {
    const client = await launchClient();
    await signInThroughUi(await client.window());
    await idp.admin.clock.advance('3d');
    // Quit first, so nothing the old process still had in flight is counted as the new one's.
    await client.close();
    const before = idp.admin.events.stats().lastSeq;
    await client.restart();
    const page = await client.window();
    await expect(page.getByTestId('session-status')).toHaveText('Signed in');
    await expect(page.getByTestId('screen-sign-in')).toHaveCount(0);

    const afterRestart = idp.admin.events.list({ since: before, type: 'request' });
    // Refresh-first: the first thing the restarted client asks the IdP is a refresh, not a call with the stale access token.
    expect(afterRestart[0]).toMatchObject({ group: 'refresh', status: 200, outcome: 'rotated' });
  });

  test('auto-refresh on 401: an expired access token is refreshed once and the call retried', async ({ client, idp }) => {
    const page = await client.window();
    await idp.admin.clock.advance('16m');
    const before = idp.admin.events.stats().lastSeq;
    await page.getByTestId('tab-notes').click();
    await page.getByTestId('note-draft').fill('written after the access token expired');
    await page.getByTestId('note-save').click();
    await expect(page.getByTestId('note-list')).toContainText('written after the access token expired');

    const requests = idp.admin.events.list({ since: before, type: 'request' });
    expect(requests.filter((event) => event.group === 'refresh').map((event) => event.outcome)).toEqual(['rotated']);
    expect(requests.some((event) => event.group === 'api' && event.status === 401)).toBe(true);
    expect(requests.filter((event) => event.method === 'POST' && event.path === '/api/notes').at(-1)?.status).toBe(201);
    // The client's own log tells the same story, with fingerprints only.
    const log = await client.eventLog();
    expect(log.filter((event) => event.type === 'refresh.succeeded')).toHaveLength(1);
    const text = JSON.stringify(log);
    for (const token of idp.admin.issuedTokens()) expect(text).not.toContain(token);
  });

  test('sign-out: tokens cleared locally, the session revoked at the IdP', async ({ client, idp }) => {
    const page = await client.window();
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('screen-sign-in')).toBeVisible();
    await expect(page.getByTestId('session-status')).toHaveText('Signed out');

    const file = join(client.profileDir, 'secure-tokens.json');
    const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    expect(stored.accessToken ?? null).toBeNull();
    expect(stored.refreshToken ?? null).toBeNull();
    expect(idp.admin.state().families.every((family) => family.status === 'revoked')).toBe(true);
  });
});
