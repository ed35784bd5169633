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
