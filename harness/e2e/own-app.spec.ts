/**
 * The fixtures pointed at an app that is not the reference client, as a team's
 * specs point them at theirs: `appMain` and `idpOptions` at the top of the file.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures/index.ts';

const TEAM_APP = fileURLToPath(new URL('../drivers/chromium/fixtures/basic-app/main.mjs', import.meta.url));
const TEAM_USER = { email: 'team@example.test', password: 'team-password-1', name: 'Team' };

test.use({ appMain: TEAM_APP, idpOptions: { users: [TEAM_USER], trustedOrigins: ['notes-desktop://app'] } });

test('launchClient starts your app with the worker IdP URL and without the reference client variant', async ({ idp, launchClient }) => {
  const client = await launchClient();
  await client.window();
  const argv = await client.evaluateMain(() => process.argv);
  expect(argv).toContain(`--tokenstorm-idp=${idp.url}`);
  expect(argv.filter((arg) => arg.startsWith('--tokenstorm-variant'))).toEqual([]);
});

test('idpOptions configure the worker IdP: your users, and your origin trusted for sign-in from main', async ({ idp }) => {
  expect(idp.admin.state().users.map((user) => user.email)).toEqual([TEAM_USER.email]);
  // Node's fetch sends Sec-Fetch-Mode, so better-auth checks the Origin: a trusted one signs in, none is refused.
  const signIn = (headers: Record<string, string>) =>
    fetch(`${idp.url}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email: TEAM_USER.email, password: TEAM_USER.password }) });
  expect((await signIn({ origin: 'notes-desktop://app' })).status).toBe(200);
  const refused = await signIn({});
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ message: 'Missing or null Origin' });
});
