/**
 * A screenshot of each screen of the reference client, for people to read
 * (saved as test artifacts and in reports/out/screenshots). Each also asserts
 * what the screen must show.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test } from '../fixtures/index.ts';

const SHOTS = join(process.cwd(), 'reports', 'out', 'screenshots');

async function shoot(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

test('sign-in screen', async ({ launchClient }, testInfo) => {
  const page = await (await launchClient()).window();
  await expect(page.getByTestId('screen-sign-in')).toBeVisible();
  await shoot(page, '01-sign-in', testInfo);
});

test('account screen', async ({ client }, testInfo) => {
  const page = await client.window();
  await expect(page.getByTestId('screen-account')).toBeVisible();
  await page.getByTestId('refresh-now').click();
  await expect(page.getByTestId('last-refresh')).not.toHaveText(/never/i);
  await shoot(page, '02-account', testInfo);
});

test('notes screen after a burst', async ({ client }, testInfo) => {
  const page = await client.window();
  await page.getByTestId('tab-notes').click();
  await page.getByTestId('note-draft').fill('Renew the passport');
  await page.getByTestId('note-save').click();
  await page.getByTestId('burst').click();
  const burst = page.locator('[data-testid="burst-result"][data-burst-id="1"]');
  await expect(burst).toHaveAttribute('data-done', 'true');
  await expect(burst).toContainText('10 × /api/notes');
  await expect(burst).toContainText('200 × 10');
  await shoot(page, '03-notes-burst', testInfo);
});

test('bursts overlap, each listed under its own number', async ({ client, idp }) => {
  const page = await client.window();
  await page.getByTestId('tab-notes').click();
  const meReads = () => idp.admin.events.list({ type: 'request' }).filter((event) => event.path === '/api/me').length;
  const meReadsBefore = meReads();
  // The notes burst is held at the IdP while bursts to /api/me start, run and finish.
  idp.admin.faults.add({ id: 'slow-notes', match: { group: 'api', path: '/api/notes' }, action: { type: 'delay', ms: 4000 }, times: 3 });
  await page.getByTestId('burst-size').fill('3');
  await page.getByTestId('burst').click();
  await page.getByTestId('burst-path').selectOption('/api/me');
  await page.getByTestId('burst').click();
  const notesBurst = page.locator('[data-testid="burst-result"][data-burst-id="1"]');
  const meBurst = page.locator('[data-testid="burst-result"][data-burst-id="2"]');
  await expect(meBurst).toHaveAttribute('data-done', 'true');
  await expect(meBurst).toContainText('3 × /api/me');
  // Four more finish while the first is still held: the list keeps the running burst, however many came after it.
  for (let id = 3; id <= 6; id += 1) {
    await page.getByTestId('burst').click();
    await expect(page.locator(`[data-testid="burst-result"][data-burst-id="${id}"]`)).toHaveAttribute('data-done', 'true');
  }
  await expect(notesBurst).toHaveAttribute('data-done', 'false');
  await expect(notesBurst).toHaveAttribute('data-done', 'true', { timeout: 10_000 });
  await expect(notesBurst).toContainText('200 × 3');
  expect(meReads() - meReadsBefore).toBe(15);
});

test('the event panel shows every event of a burst, drawn a few times rather than once per event', async ({ client }) => {
  const page = await client.window();
  await page.getByTestId('tab-notes').click();
  const rows = page.locator('[data-testid="event-panel"] li.event');
  await expect(rows).not.toHaveCount(0);
  // Each time the list is drawn anew its rows change in one go: one MutationObserver callback.
  await page.evaluate(() => {
    const list = document.querySelector('[data-testid="event-panel"] ol')!;
    (window as unknown as { panelDraws: number }).panelDraws = 0;
    new MutationObserver(() => ((window as unknown as { panelDraws: number }).panelDraws += 1)).observe(list, { childList: true });
  });
  const before = await rows.count();
  await page.getByTestId('burst-size').fill('20');
  await page.getByTestId('burst').click();
  await expect(page.locator('[data-testid="burst-result"][data-burst-id="1"]')).toHaveAttribute('data-done', 'true');
  // burst.started, 20 api.result, burst.finished.
  await expect.poll(async () => (await rows.count()) - before).toBeGreaterThanOrEqual(22);
  const added = (await rows.count()) - before;
  const draws = await page.evaluate(() => (window as unknown as { panelDraws: number }).panelDraws);
  // Drawn once per event, the list would change as often as rows were added; a slow machine stretches the burst, not this.
  expect(draws).toBeGreaterThan(0);
  expect(draws).toBeLessThanOrEqual(added / 2);
});

test('session-expired banner keeps unsaved input', async ({ client, idp }, testInfo) => {
  const page = await client.window();
  await page.getByTestId('tab-notes').click();
  await idp.admin.revoke({ all: true });
  await idp.admin.clock.advance('16m');
  await page.getByTestId('note-draft').fill('half-written thought that must survive');
  await page.getByTestId('note-save').click();
  await expect(page.getByTestId('session-expired-banner')).toBeVisible();
  await expect(page.getByTestId('note-draft')).toHaveValue('half-written thought that must survive');
  await shoot(page, '04-session-expired', testInfo);
});

test('offline indicator, session kept', async ({ client, idp }, testInfo) => {
  const page = await client.window();
  await idp.admin.clock.advance('16m');
  await client.setOffline(true);
  await page.getByTestId('tab-notes').click();
  await page.getByTestId('note-draft').fill('queued while offline');
  await page.getByTestId('note-save').click();
  await expect(page.getByTestId('offline-indicator')).toBeVisible();
  await expect(page.getByTestId('session-expired-banner')).toHaveCount(0);
  await shoot(page, '05-offline', testInfo);
  await client.setOffline(false);
});

test('device code panel', async ({ launchClient }, testInfo) => {
  const page = await (await launchClient()).window();
  await page.getByTestId('sign-in-device').click();
  await expect(page.getByTestId('device-user-code')).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
  await shoot(page, '06-device-code', testInfo);
});
