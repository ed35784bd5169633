/// <reference lib="dom" />
/**
 * Runs one scenario against one client variant: a fresh mock IdP configured by
 * the scenario, the client through the selected driver, the steps in order,
 * then the judgement — final expectations, invariants over the merged history,
 * and a leak scan of the profile and renderer storage.
 */
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { createMockIdp, type MockIdp } from '../../mock-idp/index.ts';
import type { SelectedDriver } from '../drivers/select-driver.ts';
import type { Page } from 'playwright-core';
import { clientEventLogPath } from '../drivers/client-event-log.ts';
import type { ClientHandle } from '../drivers/types.ts';
import { DEMO_USER, REFERENCE_APP_MAIN } from '../fixtures/index.ts';
import { mergeHistory, type History, type HistoryEvent } from '../history/types.ts';
import { checkInvariants, scanProfileDir, scanStorageDump, type Violation } from '../invariants/index.ts';
import type { Scenario, UiState } from '../scenarios/scenario-schema.ts';
import { STEP_EXECUTORS, type RunContext } from './steps.ts';
import { startSystemBrowser, type SystemBrowser } from './system-browser.ts';
import { currentState, deadEnd, waitForState, type GiveUp } from './ui.ts';
import { issuedTokenRedactor } from '../../reports/redact.ts';
import { keepOwnedDir, ownedTempDir } from '../drivers/owned-temp-dir.ts';
import { redactTrace, traceFiles } from './trace-files.ts';

export interface ScenarioRunOptions {
  driver: SelectedDriver;
  /** Overrides the scenario's own client variant. */
  variant?: string;
  seed?: number;
  /** Play the run this many times faster than real time (client clock, IdP delays and hangs); default 1. */
  timeScale?: number;
  appMain?: string;
  /**
   * Stops the run at its next await: the step under way fails with the signal's reason, and the run is judged and
   * torn down as after any failed step (the client disposed, its profile and keychain removed).
   */
  signal?: AbortSignal;
  /** Where the driver writes a Playwright trace of each launch of the client (`launch-<n>.zip`); none when absent. */
  traceDir?: string;
}

/** A Playwright trace of one launch of a run's client. */
export interface RunTrace {
  /** The zip (`npx playwright show-trace <path>`): absolute in a ScenarioRun, relative to the report in results.json. */
  path: string;
  /** A token the client showed its windows was in it: replaced by its fingerprint, and the screenshots removed. */
  redacted: boolean;
  /** Why the trace is not there: one that could not be checked for tokens is removed. */
  removed?: string;
}

export interface ScenarioRun {
  scenario: string;
  /** The scenario's one-line title and its paragraph for educators, for the reports; absent in runs not played from a scenario file (a test its run never reached). */
  title?: string;
  teaches?: string;
  variant: string;
  driver: string;
  seed: number;
  timeScale: number;
  passed: boolean;
  /** Expectations on the final state that did not hold. */
  failures: string[];
  violations: Violation[];
  /** The step that threw, if one did. */
  error?: string;
  stepsRun: number;
  durationMs: number;
  history: History;
  /** The client's traces, one per launch, when the run was asked for them (ScenarioRunOptions.traceDir). */
  traces?: RunTrace[];
}

type HarnessEvent = Extract<HistoryEvent, { source: 'harness' }>;

/** Set (to anything) to keep each run's profile directory, `$TMPDIR/tokenstorm-<scenario>-*`, after it is judged. */
export const KEEP_PROFILES_ENV = 'TOKENSTORM_KEEP_PROFILES';

export async function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioRun> {
  const started = performance.now();
  const variant = options.variant ?? scenario.client.variant;
  const seed = options.seed ?? 1;
  const timeScale = options.timeScale ?? 1;
  const origin = Date.now();
  const harnessEvents: HarnessEvent[] = [];
  const record = (type: string, detail?: Record<string, unknown>) => harnessEvents.push({ source: 'harness', seq: harnessEvents.length + 1, t: Date.now(), type, ...(detail ? { detail } : {}) });

  const idp: MockIdp = await createMockIdp({
    seed,
    timeScale,
    users: scenario.idp.users ?? [DEMO_USER],
    ...(scenario.idp.lifetimes ? { lifetimes: scenario.idp.lifetimes } : {}),
    ...(scenario.idp.rotation ? { rotation: scenario.idp.rotation } : {}),
    ...(scenario.idp.abuseDetection ? { abuseDetection: scenario.idp.abuseDetection } : {}),
    ...(scenario.idp.signing ? { signing: scenario.idp.signing } : {}),
    faults: scenario.idp.faults ?? [],
    oauth: { devicePollInterval: '1s' },
  });
  let lastIdpEvent = Date.now();
  idp.admin.events.subscribe(() => {
    lastIdpEvent = Date.now();
  });
  const profileDir = ownedTempDir('run', { label: scenario.name });
  let client: ClientHandle | undefined;
  let systemBrowser: Promise<SystemBrowser> | undefined;
  const startedSystemBrowser = () => (systemBrowser ??= startSystemBrowser());
  const failures: string[] = [];
  let error: string | undefined;
  let stepsRun = 0;
  // Every wait of the run races the signal; the promise left behind is settled quietly once the client is gone.
  const untilStopped = <T>(pending: Promise<T>): Promise<T> => {
    const { signal } = options;
    if (!signal) return pending;
    pending.catch(() => undefined);
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(new Error(`the run was stopped: ${(signal.reason as Error)?.message ?? String(signal.reason)}`));
      if (signal.aborted) return stop();
      signal.addEventListener('abort', stop, { once: true });
      pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
    });
  };
  let launching: Promise<ClientHandle> | undefined;
  // Every trace a launch wrote, each once: no token the IdP issued stays in one (trace-files.ts).
  const traces: RunTrace[] = [];
  const redactTraces = (tokens: readonly string[]): void => {
    if (!options.traceDir) return;
    for (const path of traceFiles(options.traceDir)) {
      if (traces.some((trace) => trace.path === path)) continue;
      try {
        traces.push({ path, redacted: redactTrace(path, tokens).entries.length > 0 });
      } catch (error) {
        // A trace that cannot be read cannot be vouched for: it goes.
        rmSync(path, { force: true });
        traces.push({ path, redacted: false, removed: `it could not be read to take the tokens out (${String((error as Error)?.message ?? error).split('\n')[0]})` });
      }
    }
  };
  try {
    client = withActionTimeout(await untilStopped((launching = options.driver.driver.launch({
      main: options.appMain ?? REFERENCE_APP_MAIN,
      idpUrl: idp.url,
      variant,
      profileDir,
      safeStorage: scenario.client.safeStorage,
      args: [`--tokenstorm-windows=${scenario.client.windows}`, `--tokenstorm-time-scale=${timeScale}`, `--tokenstorm-seed=${seed}`],
      onOpenExternal: async (url) => (await startedSystemBrowser()).open(url),
      ...(options.traceDir ? { traceDir: options.traceDir } : {}),
    }))));
    // A request the IdP is still working on is activity. One a delay fault holds may straddle a step on purpose;
    // only at the end does the run wait for its answer (and a wait that gives up counts it: its answer may come).
    const idpBusy = (withHeld: boolean) => {
      const { inFlight, held } = idp.admin.events.stats();
      return (withHeld ? inFlight : inFlight - held) > 0;
    };
    const lastActivity = (of: ClientHandle, withHeld: boolean) => clientActivity(of, idpBusy(withHeld) ? Date.now() : lastIdpEvent);
    const stuckAt = (page: Page, awaited?: UiState): GiveUp => {
      const since = Date.now();
      return async () => {
        if (Date.now() - Math.max(since, lastActivity(client!, true)) < STUCK_MS) return undefined;
        const state = await deadEnd(page);
        if (state === undefined || state === awaited) return undefined;
        return `it shows "${state}", which it leaves only when someone signs in, and neither the client nor the IdP has done anything for ${STUCK_MS / 1000} s`;
      };
    };
    const context: RunContext = { idp, client, scenario, record, timeScale, drafts: new Map(), systemBrowser: startedSystemBrowser, stuckAt };
    const settlePoint = async (settling: ClientHandle, final = false) => {
      const { quiet } = await settle(() => lastActivity(settling, final));
      // A settle that ran into its cap is marked: what happened next may belong to the step before.
      record('settled', quiet ? undefined : { capped: true, afterMs: SETTLE_CAP_MS });
    };
    for (const step of scenario.steps) {
      if (SETTLE_BEFORE.has(step.kind)) await untilStopped(settlePoint(client));
      record('step', { step: step.kind, ...stepDetail(step) });
      await untilStopped((STEP_EXECUTORS[step.kind] as (context: RunContext, step: unknown) => Promise<void>)(context, step));
      stepsRun += 1;
    }
    // What the last step set off is part of the run: it finishes before the run is judged and its history cut.
    await untilStopped(settlePoint(client, true));
    failures.push(...(await untilStopped(checkFinal(context))));
  } catch (caught) {
    error = `${whereInRun(scenario, stepsRun)}: ${(caught as Error).message.split('\n')[0]}`;
    // On the timeline too, when it happened: a wait that timed out would otherwise end the run's rows 15 s early.
    record('stopped', { reason: error });
  }

  // Whatever the judging does, the client, the system browser, the IdP and the profile do not outlive the run.
  let idpClosed = false;
  try {
    const storage = client ? await dumpRendererStorage(client) : {};
    const clientLog = client ? await client.eventLog() : [];
    const issuedTokens = idp.admin.issuedTokens();
    // Closed before the profile is scanned: nothing writes to it any more. Its traces are written now.
    await client?.close();
    redactTraces(issuedTokens);
    const history: History = { events: mergeHistory(idp.admin.events.list(), clientLog, harnessEvents, { scale: timeScale, origin }), issuedTokens };
    await idp.close();
    idpClosed = true;

    const checked = checkInvariants(history, { only: scenario.expect.invariants });
    const violations = [...checked.violations];
    if (scenario.expect.invariants.includes('no-token-leak')) {
      violations.push(...(await scanProfileDir(profileDir, issuedTokens)), ...scanStorageDump(storage, issuedTokens));
    }
    return scrubIssuedTokens({
      scenario: scenario.name,
      title: scenario.title,
      teaches: scenario.teaches,
      variant,
      driver: options.driver.reason,
      seed,
      timeScale,
      passed: !error && failures.length === 0 && violations.length === 0,
      failures,
      violations,
      ...(error ? { error } : {}),
      stepsRun,
      durationMs: Math.round(performance.now() - started),
      history,
      ...(options.traceDir ? { traces } : {}),
    });
  } finally {
    // The profile (encrypted tokens, the client's log) and the driver's keychain go once judged, unless asked to stay.
    await client?.dispose().catch(() => undefined);
    // Stopped while the client was still launching: the launch goes on, and what it brings up goes too.
    if (!client && launching) await Promise.race([launching.then((late) => late.dispose(), () => undefined), delay(LATE_LAUNCH_WAIT_MS, undefined, { ref: false })]);
    // A trace written only now (the judging threw before the client was closed) has its tokens taken out all the same.
    redactTraces(idp.admin.issuedTokens());
    await systemBrowser?.then((browser) => browser.close(), () => undefined);
    if (!idpClosed) await idp.close().catch(() => undefined);
    if (!process.env[KEEP_PROFILES_ENV]) rmSync(profileDir, { recursive: true, force: true });
    else keepOwnedDir(profileDir);
  }
}

/** Where a run stopped, after `stepsRun` steps: "step 3 (burst)" (counted from 1), or after the last step. */
export function whereInRun(scenario: Scenario, stepsRun: number): string {
  const step = scenario.steps[stepsRun];
  return step ? `step ${stepsRun + 1} (${step.kind})` : `after step ${stepsRun}, the last (the final settle and checks)`;
}

/**
 * Takes the run's issued tokens out of all that will be reported, once it is judged. Messages are free text from
 * steps, the client and Playwright; a client's own events may hold a token it leaked, which no-token-leak has caught
 * by now and the report must not copy out again. Events change in place, so violations that point at one see it too.
 */
export function scrubIssuedTokens(run: ScenarioRun): ScenarioRun {
  const redact = issuedTokenRedactor(run.history.issuedTokens);
  if (run.error) run.error = redact.text(run.error);
  run.failures = run.failures.map(redact.text);
  for (const violation of run.violations) violation.message = redact.text(violation.message);
  // IdP events hold fingerprints only; the client's and the harness's (a step's error) are free text.
  for (const event of run.history.events) if (event.source !== 'idp') Object.assign(event, redact.deep(event));
  return run;
}

/**
 * Steps that change the IdP's state (its clock, faults, sessions), cut the
 * network or quit the app wait until the client has finished what the step
 * before started: whether a background request lands before or after a clock
 * jump would otherwise be a coin toss, and the same seed would not give the
 * same history.
 */
const SETTLE_BEFORE: ReadonlySet<string> = new Set(['advanceClock', 'setClock', 'addFault', 'removeFault', 'clearFaults', 'revoke', 'expireAccessTokens', 'rotateSigningKey', 'offline', 'restart']);
/** How long a stopped run waits for a launch still under way, to tear down what it brings up. */
const LATE_LAUNCH_WAIT_MS = 30_000;
/**
 * A client between two requests of one cascade (sign-in, then the screens it opens, each reading the API) is
 * quiet for less than this. Measured in the fourteenth session, every built-in scenario run twice with one seed,
 * one at a time: at 25 ms two of 22 histories differed (other windows' get-session after a sign-in landed on
 * either side of a settle); at 50 and 100 ms none did for a settle (at 100 ms two-window-rotation-race's own race
 * once); 200 ms cost half a second per scenario, as every settle lasts at least this long.
 */
const QUIET_MS = 100;
const POLL_MS = 10;
const SETTLE_CAP_MS = 1_500;

/**
 * How long a run must have done nothing — neither the client nor the IdP, a request a delay fault holds counting
 * as activity — with a window at a dead end (signed out or expired, nothing under way in it: `deadEnd`) before a
 * wait for anything else gives up rather than wait out its timeout. Nothing the client does on its own leads out
 * of a dead end (a late answer that would is a request in flight), so this only has to be longer than the gaps
 * within one cascade of activity (QUIET_MS) by a wide margin. A buggy client's run that ends there takes seconds
 * rather than the 15 s of a wait's timeout.
 */
const STUCK_MS = 2_000;

/**
 * When the client or the IdP last did anything (ms since the epoch): the IdP's `idpActivity`, a line added to
 * the client's event log, an IPC message between main and a window where the driver sees them.
 */
function clientActivity(client: ClientHandle, idpActivity: number): number {
  return Math.max(idpActivity, statSync(clientEventLogPath(client.profileDir), { throwIfNoEntry: false })?.mtimeMs ?? 0, client.lastIpcAt?.() ?? 0);
}

/**
 * Resolves once neither the IdP nor the client has done anything for QUIET_MS
 * real ms (`lastActivity`, see clientActivity) counted from the settle's own
 * start at the earliest (a click the step before made may not have reached
 * main yet), or after SETTLE_CAP_MS: a hung request never settles.
 */
async function settle(lastActivitySoFar: () => number): Promise<{ quiet: boolean }> {
  const started = Date.now();
  const lastActivity = () => Math.max(started, lastActivitySoFar());
  const deadline = started + SETTLE_CAP_MS;
  for (let quietFor = Date.now() - lastActivity(); quietFor < QUIET_MS && Date.now() < deadline; quietFor = Date.now() - lastActivity()) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(POLL_MS, QUIET_MS - quietFor)));
  }
  return { quiet: Date.now() - lastActivity() >= QUIET_MS };
}

/** No Playwright action of a scenario waits longer than this: Playwright's own default is no limit, and a click on a covered button would wait out the test. */
const ACTION_TIMEOUT_MS = 20_000;

/** The client, with every page it hands out bounded by ACTION_TIMEOUT_MS. */
function withActionTimeout(client: ClientHandle): ClientHandle {
  const bounded = (page: Page) => {
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return page;
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'window') return async (index?: number) => bounded(await target.window(index));
      if (property === 'windows') return () => target.windows().map(bounded);
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function stepDetail(step: Scenario['steps'][number]): Record<string, unknown> {
  const { kind: _kind, ...rest } = step as Record<string, unknown> & { kind: string };
  // Fault rules and notes are recorded by shape, not by content a person typed.
  return Object.fromEntries(Object.entries(rest).filter(([key]) => key !== 'text' && key !== 'rule'));
}

async function checkFinal(context: RunContext): Promise<string[]> {
  const { scenario, client, idp } = context;
  const final = scenario.expect.final;
  const failures: string[] = [];
  const states = Array.isArray(final.state) ? final.state : Array.from({ length: scenario.client.windows }, () => final.state as string);
  for (const [index, expected] of states.entries()) {
    const page = await client.window(index);
    // Give a state that is on its way (a retry in flight) a moment to arrive before judging.
    await waitForState(page, expected as UiState, 10_000, context.stuckAt(page, expected as UiState)).catch(() => undefined);
    const actual = await currentState(page);
    if (actual !== expected) failures.push(`window ${index + 1}: expected state ${expected}, found ${actual}`);
  }
  const stored = storedTokenKeys(client.profileDir);
  if (final.tokensStored !== stored.length > 0) failures.push(`expected tokens ${final.tokensStored ? 'stored' : 'cleared'}, found ${stored.length ? stored.join(' and ') : 'none'} stored`);
  if (final.draftKept !== undefined) {
    for (const [window, draft] of context.drafts) {
      const value = await (await client.window(window - 1)).getByTestId('note-draft').inputValue().catch(() => '');
      if ((value === draft) !== final.draftKept) failures.push(`window ${window}: expected the unsaved draft ${final.draftKept ? 'kept' : 'gone'}, found it ${value === draft ? 'kept' : value === '' ? 'gone' : 'changed'}`);
    }
  }
  if (final.idpFamilies) {
    const families = idp.admin.state().families;
    const live = families.filter((family) => family.status === 'active').length;
    if (final.idpFamilies === 'active' && live === 0) failures.push('expected a live session at the IdP, found none');
    if (final.idpFamilies === 'revoked' && live > 0) failures.push(`expected every IdP session revoked, found ${live} live`);
  }
  return failures;
}

function storedTokenKeys(profileDir: string): string[] {
  const file = join(profileDir, 'secure-tokens.json');
  if (!existsSync(file)) return [];
  const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return ['accessToken', 'refreshToken'].filter((key) => typeof stored[key] === 'string' && stored[key] !== '');
}

/** Each window's renderer storage, for the leak scan. */
export async function dumpRendererStorage(client: ClientHandle): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  for (const [index, page] of client.windows().entries()) {
    dump[`w${index + 1}`] = await page.evaluate(READ_RENDERER_STORAGE).catch((error: unknown) => ({ unreadable: (error as Error).message.split('\n')[0] }));
  }
  return dump;
}

/**
 * Runs in the page: everything a renderer can keep, as JSON — IndexedDB as
 * `{ database: { store: [{ key, value }] } }`. A string, so that no TypeScript
 * transform adds helpers the page does not have.
 */
const READ_RENDERER_STORAGE = `(async () => {
  const request = (pending) => new Promise((resolve, reject) => {
    pending.onsuccess = () => resolve(pending.result);
    pending.onerror = () => reject(pending.error);
  });
  const indexedDBDump = {};
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    const database = await request(indexedDB.open(name));
    indexedDBDump[name] = {};
    for (const store of Array.from(database.objectStoreNames)) {
      const objects = database.transaction(store, 'readonly').objectStore(store);
      const [keys, values] = await Promise.all([request(objects.getAllKeys()), request(objects.getAll())]);
      indexedDBDump[name][store] = keys.map((key, at) => ({ key, value: values[at] }));
    }
    database.close();
  }
  return {
    localStorage: { ...localStorage },
    sessionStorage: { ...sessionStorage },
    indexedDB: indexedDBDump,
    cookies: document.cookie,
    globals: Object.keys(window).filter((key) => !/^on|^webkit/.test(key)).slice(0, 400),
  };
})()`;
