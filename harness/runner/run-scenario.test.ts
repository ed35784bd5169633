/**
 * The runner end to end, through the chromium driver: a built-in scenario
 * passes with the reference client, and a deterministic classic bug is caught.
 * (Races such as no-single-flight in a real burst depend on timing; the
 * property suite in harness/properties catches those deterministically.)
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { selectDriver } from '../drivers/select-driver.ts';
import { withFreshTmpdir } from '../drivers/tmpdir-test-support.ts';
import { REFERENCE_APP_MAIN } from '../fixtures/index.ts';
import { scanStorageDump } from '../invariants/index.ts';
import { loadScenario, parseScenario, BUILTIN_SCENARIOS_DIR } from '../scenarios/load-scenario.ts';
import { dumpRendererStorage, KEEP_PROFILES_ENV, runScenario } from './run-scenario.ts';

const driver = selectDriver('chromium');

describe('runScenario', () => {
  it('passes access-expiry-burst with the reference client, judged on a recorded history', async () => {
    const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}access-expiry-burst.yaml`);
    const run = await runScenario(scenario, { driver });
    expect({ error: run.error, failures: run.failures, violations: run.violations.map((violation) => violation.message) }).toEqual({ error: undefined, failures: [], violations: [] });
    expect(run.passed).toBe(true);
    // What the scenario teaches travels with the run, for the reports.
    expect({ title: run.title, teaches: run.teaches }).toEqual({ title: scenario.title, teaches: scenario.teaches });
    const refreshes = run.history.events.filter((event) => event.source === 'idp' && event.group === 'refresh');
    expect(refreshes).toHaveLength(1);
    expect(run.history.events.some((event) => event.source === 'client')).toBe(true);
    expect(run.history.events.some((event) => event.source === 'harness' && event.type === 'step')).toBe(true);
  }, 60_000);

  it('keeps the session through an emergency signing-key rotation: the refused access token is refreshed once', async () => {
    const scenario = parseScenario([
      'name: emergency-key-rotation',
      'title: The IdP retires its signing key',
      'teaches: Every access token already out is refused before it expires; one refresh mends it.',
      'client: { variant: reference, windows: 1 }',
      'steps:',
      '  - signIn: {}',
      '  - waitFor: { state: signed-in }',
      // The first access token is the session token (the recipe): expire it, so the client holds a signed one.
      '  - advanceClock: { by: 16m }',
      '  - burst: { requests: 2 }',
      '  - rotateSigningKey: { retirePrevious: true }',
      '  - burst: { requests: 4 }',
      '  - waitFor: { state: signed-in }',
      'expect:',
      '  invariants: [single-flight, no-refresh-storm, no-refresh-replay]',
      '  final: { state: signed-in, tokensStored: true, idpFamilies: active }',
    ].join('\n'), 'emergency-key-rotation.yaml');
    const run = await runScenario(scenario, { driver });
    expect({ error: run.error, failures: run.failures, violations: run.violations.map((violation) => violation.message) }).toEqual({ error: undefined, failures: [], violations: [] });
    const idp = run.history.events.filter((event) => event.source === 'idp');
    const rotation = idp.findIndex((event) => event.outcome === 'signing-key-rotated');
    expect(rotation).toBeGreaterThan(0);
    const after = idp.slice(rotation);
    expect(after.filter((event) => event.group === 'api' && event.status === 401).length).toBeGreaterThan(0);
    expect(after.filter((event) => event.group === 'refresh').map((event) => event.status)).toEqual([200]);
    expect(after.filter((event) => event.group === 'api' && event.status === 200).length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('catches access-first startup in restart-after-days, naming the 401 that broke refresh-first', async () => {
    const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}restart-after-days.yaml`);
    const run = await runScenario(scenario, { driver, variant: 'access-first-startup' });
    expect(run.passed).toBe(false);
    const violation = run.violations.find((candidate) => candidate.invariant === 'refresh-first-startup');
    expect(violation?.events.some((event) => event.source === 'idp' && event.status === 401)).toBe(true);
    // The report names fingerprints, never the tokens.
    for (const token of run.history.issuedTokens) expect(JSON.stringify(run.violations.map((candidate) => candidate.message))).not.toContain(token);
  }, 60_000);

  it('finds a token a renderer kept in IndexedDB or localStorage', async () => {
    const client = await driver.driver.launch({ main: REFERENCE_APP_MAIN, variant: 'reference' });
    try {
      const page = await client.window();
      const [inIndexedDb, inLocalStorage] = ['idb-token-0123456789abcdef', 'ls-token-0123456789abcdef'];
      await page.evaluate(`new Promise((resolve, reject) => {
        const open = indexedDB.open('app-cache');
        open.onupgradeneeded = () => open.result.createObjectStore('session');
        open.onsuccess = () => {
          const write = open.result.transaction('session', 'readwrite');
          write.objectStore('session').put({ token: ${JSON.stringify(inIndexedDb)} }, 'current');
          write.oncomplete = () => { open.result.close(); resolve(); };
          write.onerror = () => reject(write.error);
        };
      })`);
      await page.evaluate((token) => localStorage.setItem('session', token), inLocalStorage);
      const found = scanStorageDump(await dumpRendererStorage(client), [inIndexedDb, inLocalStorage]).map((violation) => violation.where);
      expect(found).toEqual(expect.arrayContaining(['storage:w1.indexedDB.app-cache.session[0].value.token', 'storage:w1.localStorage.session']));
    } finally {
      await client.dispose();
    }
  }, 60_000);

  it('says at once when a step meets a window in a state it cannot act in, instead of timing out a click', async () => {
    const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}keychain-unavailable.yaml`);
    const base = { ...scenario, client: { ...scenario.client, safeStorage: 'available' as const }, expect: { ...scenario.expect, invariants: ['single-flight' as const] } };
    const signOutFirst = await runScenario({ ...base, steps: [{ kind: 'signOut' as const }] }, { driver });
    expect(signOutFirst.error).toBe('step 1 (signOut): the window is "signed-out": there is nothing to sign out of');
    const signInTwice = await runScenario({ ...base, steps: [{ kind: 'signIn' as const, method: 'password' as const }, { kind: 'waitFor' as const, state: 'signed-in' as const, timeoutMs: 15_000 }, { kind: 'signIn' as const, method: 'password' as const }] }, { driver });
    expect(signInTwice.error).toBe('step 3 (signIn): the window is already "signed-in": there is no sign-in form to fill');
  }, 60_000);

  it('stops when its signal is aborted, says where, and leaves no profile or keychain behind', async () => {
    const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}keychain-unavailable.yaml`);
    // The built-in scenario, with a long sleep after its steps: the run is stopped during that sleep.
    const sleepy = { ...scenario, steps: [...scenario.steps, { kind: 'sleep' as const, ms: 5_000 }, { kind: 'sleep' as const, ms: 5_000 }] };
    await withFreshTmpdir(async (left) => {
      const controller = new AbortController();
      const running = runScenario(sleepy, { driver, signal: controller.signal });
      // Whichever step is under way by then (most likely a sleep): a stopped run is torn down the same.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(left().length).toBeGreaterThan(0);
      controller.abort(new Error('the test ran out of time (120000 ms)'));
      const run = await running;
      expect(run.passed).toBe(false);
      expect(run.error).toMatch(/^step \d+ \((signIn|waitFor|restart|sleep)\): the run was stopped: the test ran out of time \(120000 ms\)$/);
      expect(left()).toEqual([]);
    });
  }, 60_000);

  it('leaves no profile or keychain behind once the run is judged, unless asked to keep the profile', async () => {
    const scenario = await loadScenario(`${BUILTIN_SCENARIOS_DIR}keychain-unavailable.yaml`);
    await withFreshTmpdir(async (left, tmp) => {
      try {
        expect((await runScenario(scenario, { driver })).passed).toBe(true);
        expect(left()).toEqual([]);
        // A client that never starts still leaves nothing.
        const failed = await runScenario(scenario, { driver, appMain: join(tmp, 'no-such-main.mjs') });
        expect(failed.passed).toBe(false);
        expect(failed.error).toMatch(/^step 1 \(/);
        expect(left()).toEqual([]);
        process.env[KEEP_PROFILES_ENV] = '1';
        await runScenario(scenario, { driver });
        // Kept without this process's mark, so that no later run's sweep takes it.
        expect(left()).toEqual([expect.stringMatching(/^tokenstorm-kept-keychain-unavailable-[A-Za-z0-9]{6}$/)]);
      } finally {
        delete process.env[KEEP_PROFILES_ENV];
      }
    });
  }, 60_000);
});
