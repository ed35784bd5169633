/**
 * The reference client's "Restart now" button (awaiting-restart prompt): main
 * calls `app.relaunch()` then `app.exit(0)`, and the app must come back on the
 * same profile, as Electron starts it again.
 */
import { expect, test } from '../fixtures/index.ts';

test('"Restart now" relaunches the client on its profile (app.relaunch + app.exit)', async ({ client }) => {
  // Playwright's _electron cannot follow a process Electron starts again by itself.
  test.skip(client.driver === 'electron', 'the electron driver cannot follow app.relaunch()');
  const page = await client.window();
  // Main holds user state once it has synced notes: signing out then asks for a restart.
  await page.getByTestId('sync-main').click();
  await expect(page.getByText(/notes synced at/)).toBeVisible();
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('restart-prompt')).toBeVisible();

  await page.getByTestId('restart-now').click();
  // The old window goes with the old main process.
  await page.waitForEvent('close', { timeout: 10_000 });
  const relaunched = await client.window();
  await expect(relaunched.getByTestId('screen-sign-in')).toBeVisible();
  await expect(relaunched.getByTestId('restart-prompt')).toHaveCount(0);

  const log = await client.eventLog();
  expect(log.filter((event) => event.type === 'app.restart')).toHaveLength(1);
  // One profile: the relaunched app logs to the same event log.
  expect(log.filter((event) => event.type === 'app.started')).toHaveLength(2);
});
