/**
 * The scenario runner's `signIn` step with each of the client's ways in: the
 * password form, PKCE through the system browser, and the device flow. Each
 * session then lives through an access-token expiry, refreshing the way it
 * was obtained (the recipe's endpoint, or the `refresh_token` grant).
 */
import { expect, test } from '@playwright/test';
import { DEFAULT_TIME_SCALE } from '../cli/run-command.ts';
import { selectDriver } from '../drivers/select-driver.ts';
import { parseScenario } from '../scenarios/load-scenario.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { failureReasons } from '../../reports/reported-run.ts';
import type { HistoryEvent } from '../history/types.ts';

const scenarioFor = (method: string) =>
  parseScenario(
    `
name: sign-in-${method}
title: Sign in (${method}), then refresh once the access token expires
teaches: A session survives its first access-token expiry whichever way it began, refreshing the way it was obtained.
idp: { rotation: { preset: strict } }
client: { variant: reference, windows: 1 }
steps:
  - signIn: { method: ${method} }
  - waitFor: { state: signed-in }
  - advanceClock: { by: 16m }
  - burst: { requests: 5 }
  - waitFor: { state: signed-in }
expect:
  invariants: [single-flight, no-refresh-replay, no-token-leak]
  final: { state: signed-in, tokensStored: true, idpFamilies: active }
`,
    `sign-in-${method}.yaml`,
  );

const EXPECTED: Record<string, { signIn: string; refreshGroup: string }> = {
  password: { signIn: 'session-issued', refreshGroup: 'refresh' },
  browser: { signIn: 'code-redeemed', refreshGroup: 'token' },
  device: { signIn: 'device-redeemed', refreshGroup: 'token' },
};

for (const [method, expected] of Object.entries(EXPECTED)) {
  test(`signIn with method ${method}: signed in, and refreshed after the expiry`, async () => {
    const run = await runScenario(scenarioFor(method), { driver: selectDriver('chromium'), seed: 1, timeScale: DEFAULT_TIME_SCALE });
    expect(run.passed, failureReasons(run).join('\n')).toBe(true);
    const requests = run.history.events.filter((event): event is Extract<HistoryEvent, { source: 'idp' }> => event.source === 'idp' && event.type === 'request');
    expect(requests.map((event) => event.outcome)).toContain(expected.signIn);
    const refreshes = requests.filter((event) => event.group === expected.refreshGroup && event.outcome === 'rotated');
    expect(refreshes).toHaveLength(1);
  });
}

test('signIn right after signOut signs in again: a button disabled while the sign-out finishes is not a refusal', async () => {
  // The reference clears its tokens (the pill says "Signed out") before it revokes the session at the IdP, and its
  // sign-in buttons stay disabled until that is done: here the revocation takes a second.
  const scenario = parseScenario(
    `
name: sign-in-again
title: Sign out, and straight back in
teaches: Signing in again after signing out is the most ordinary thing a person does; the second sign-in starts a new session.
idp:
  faults:
    - { id: slow-revocation, match: { path: /api/auth/sign-out }, action: { type: delay, ms: 1s } }
client: { variant: reference, windows: 1 }
steps:
  - signIn: {}
  - waitFor: { state: signed-in }
  - signOut: {}
  - waitFor: { state: signed-out }
  - signIn: {}
  - waitFor: { state: signed-in }
expect:
  final: { state: signed-in, tokensStored: true, idpFamilies: active }
`,
    'sign-in-again.yaml',
  );
  const run = await runScenario(scenario, { driver: selectDriver('chromium'), seed: 1, timeScale: DEFAULT_TIME_SCALE });
  expect(run.passed, failureReasons(run).join('\n')).toBe(true);
  const issued = run.history.events.filter((event) => event.source === 'idp' && event.type === 'request' && event.outcome === 'session-issued');
  expect(issued).toHaveLength(2);
  expect(run.history.events.some((event) => event.source === 'harness' && event.type === 'sign-in-refused')).toBe(false);
});
