/**
 * The catch matrix, asserted: every buggy client variant, `recipe-as-written`
 * included, fails the built-in scenario that teaches its bug, and for the
 * reason that bug gives — the invariant (or final expectation) named here.
 * The reference passing every scenario is what `npm start` asserts; the whole
 * matrix, with every scenario, is `tokenstorm matrix` (README, "The catch matrix").
 */
import { expect, test } from '@playwright/test';
import { PRESETS } from '../../electron-app/src/core/variants.ts';
import { selectDriver } from '../drivers/select-driver.ts';
import { BUILTIN_SCENARIOS_DIR, loadScenario } from '../scenarios/load-scenario.ts';
import { DEFAULT_TIME_SCALE } from '../cli/run-command.ts';
import { runScenario } from '../runner/run-scenario.ts';
import { failureReasons } from '../../reports/reported-run.ts';

/** variant → the scenario that catches it deterministically, and what it must report. */
const CATCHES: Record<string, { scenario: string; reason: RegExp }> = {
  'recipe-as-written': { scenario: 'refresh-429-retry-after', reason: /^tokens-kept-on-transient: .*token\.cleared after only transient refresh failures \(rate-limited\)/ },
  'no-single-flight': { scenario: 'two-window-rotation-race', reason: /^(single-flight|no-refresh-replay): / },
  // Each renderer refreshes on its own: after the restart both windows' startup refreshes present one token.
  'per-renderer-mutex': { scenario: 'two-window-rotation-race', reason: /^no-refresh-replay: the IdP detected reuse .* (w2 .* consumed by .* w1|w1 .* consumed by .* w2) / },
  'stale-401-refresh': { scenario: 'stale-401-after-rotation', reason: /^single-flight: .* refreshed again .* never refused/ },
  'clears-on-transient': { scenario: 'server-error-storm', reason: /^tokens-kept-on-transient: .*\(server-error\)/ },
  'no-backoff': { scenario: 'server-error-storm', reason: /^retry-after-honoured: / },
  'drops-rotated-refresh': { scenario: 'reuse-detection-strict', reason: /^no-refresh-replay: the IdP detected reuse/ },
  'access-first-startup': { scenario: 'restart-after-days', reason: /^refresh-first-startup: after .* the first request carrying a token was .* 401/ },
  // The late refresh response is written back: the window the user signed out of does not stay signed out.
  'late-refresh-resurrects': { scenario: 'sign-out-during-refresh', reason: /^window 1: expected state signed-out, found signed-in/ },
  'expires-per-caller': { scenario: 'revocation-while-online', reason: /^expiry-without-force-logout: .* cleared its tokens \d+ times/ },
  // Without a deadline the refresh waits out a ten-minute hang and every call queued behind it with it: the burst never ends.
  'no-timeout': { scenario: 'slow-refresh-timeout', reason: /^step 9 \(burst\)/ },
  // Without a keychain it signs in anyway and keeps the tokens in its settings file, where the leak scan finds them.
  'plaintext-fallback': { scenario: 'keychain-unavailable', reason: /^no-token-leak: token fp:\S+ found in secure-tokens\.json/ },
  // Nothing was written to disk: after the restart there is no refresh token, and the window stays signed out.
  'memory-only-tokens': { scenario: 'restart-after-days', reason: /^step 6 \(waitFor\): the window cannot reach "signed-in": it shows "signed-out"/ },
};

test('every buggy variant has a catch in the table', () => {
  expect(Object.keys(CATCHES).sort()).toEqual(PRESETS.map((preset) => preset.name).filter((name) => name !== 'reference').sort());
});

for (const [variant, { scenario: name, reason }] of Object.entries(CATCHES)) {
  test(`${name} catches ${variant}`, async () => {
    const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}${name}.yaml`);
    const run = await runScenario(scenario, { driver: selectDriver('chromium'), variant, seed: 1, timeScale: DEFAULT_TIME_SCALE });
    const reasons = failureReasons(run);
    expect(run.passed, `${variant} passed ${name}`).toBe(false);
    expect(reasons.some((candidate) => reason.test(candidate)), `expected ${reason} among:\n${reasons.join('\n')}`).toBe(true);
    // A run a step stopped ends its timeline with that, when it happened (a wait that timed out is not left blank).
    if (run.error) expect(run.history.events.filter((event) => event.source === 'harness').at(-1)).toMatchObject({ type: 'stopped', detail: { reason: run.error } });
  });
}

// Not a variant's only catch, but the IdP's side of one: its abuse detection, not reuse detection, ends the session.
test('refresh-abuse-detection: the IdP forces a sign-in on no-single-flight, whose refresh storm its rotation grace forgave', async () => {
  const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}refresh-abuse-detection.yaml`);
  const run = await runScenario(scenario, { driver: selectDriver('chromium'), variant: 'no-single-flight', seed: 1, timeScale: DEFAULT_TIME_SCALE });
  expect(run.passed).toBe(false);
  const outcomes = run.history.events.flatMap((event) => (event.source === 'idp' && event.group === 'refresh' ? [event.outcome] : []));
  // Three refreshes within the minute went through (one rotation, the rest forgiven as grace reuse); the next
  // was refused as abuse, and none as reuse.
  expect(outcomes.filter((outcome) => outcome === 'rotated' || outcome === 'grace-reuse')).toHaveLength(3);
  expect(outcomes).toContain('refresh-abuse-detected');
  expect(outcomes).not.toContain('reuse-detected');
  expect(run.history.events.some((event) => event.source === 'idp' && event.outcome === 'family-revoked' && event.detail?.reason === 'abuse-detected')).toBe(true);
});
