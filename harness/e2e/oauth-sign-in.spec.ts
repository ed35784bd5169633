/**
 * The token article's desktop patterns with the reference client: PKCE through
 * the system browser with a loopback redirect (RFC 8252), and the device flow.
 */
import { expect, test, DEMO_USER } from '../fixtures/index.ts';
import { approveDeviceCode, signInOnLoginPage, startSystemBrowser, type SystemBrowser } from '../runner/system-browser.ts';

let browser: SystemBrowser;
test.beforeAll(async () => {
  browser = await startSystemBrowser();
});
test.afterAll(async () => {
  await browser.close();
});

test('sign-in with the system browser: PKCE, loopback redirect, tokens in the app only', async ({ launchClient, idp }) => {
  const client = await launchClient({ onOpenExternal: (url) => browser.open(url) });
  const page = await client.window();
  await page.getByTestId('sign-in-browser').click();

  const login = await browser.nextPage();
  expect(new URL(login.url()).searchParams.get('code_challenge_method')).toBe('S256');
  expect(new URL(login.url()).searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  await signInOnLoginPage(login, DEMO_USER);

  await expect(page.getByTestId('session-status')).toHaveText('Signed in');
  const outcomes = idp.admin.events.list({ type: 'request' }).map((event) => event.outcome);
  expect(outcomes).toContain('code-issued');
  expect(outcomes).toContain('code-redeemed');
  // The browser saw only the code, never a token.
  const browserSaw = await login.content();
  for (const token of idp.admin.issuedTokens().filter((value) => !value.startsWith('ac_'))) expect(browserSaw).not.toContain(token);
});

test('sign-in with a code: the device flow, approved on another device', async ({ launchClient, idp }) => {
  const client = await launchClient();
  const page = await client.window();
  await page.getByTestId('sign-in-device').click();
  const userCode = (await page.getByTestId('device-user-code').textContent())!.trim();
  expect(userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);

  await approveDeviceCode(browser, idp.url, userCode, DEMO_USER);

  await expect(page.getByTestId('session-status')).toHaveText('Signed in', { timeout: 20_000 });
  const outcomes = idp.admin.events.list({ type: 'request' }).map((event) => event.outcome);
  expect(outcomes).toContain('device-approved');
  expect(outcomes).toContain('device-redeemed');
});
