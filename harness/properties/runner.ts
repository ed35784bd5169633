/**
 * Runs one scenario against a client under test: starts the app on a virtual
 * clock, a recording store and a scheduled wire, launches the planned calls,
 * and drives the fast-check scheduler and the timers until everything settles
 * (or nothing can move: a hang). Returns the trace the properties check.
 */
import type { Scheduler } from 'fast-check';
import type { TokenPair } from '../../electron-app/src/core/ports.ts';
import { seededRandom } from '../../electron-app/src/core/retry-policy.ts';
import type { CallPattern } from './arbitraries/call-pattern.ts';
import type { FaultSchedule } from './faults.ts';
import { createRecordingStore, type RecordingStore } from './memory-store.ts';
import { simIdpTarget, type SimIdpSession } from './sim-target.ts';
import type { SimRequestRecord } from './sim-idp.ts';
import type { ClientUnderTest, IdpTarget, SessionStatusName, WindowUnderTest } from './types.ts';
import { createTimerClock, type TimerClock } from './virtual-clock.ts';
import { createWire, type WireRecord } from './wire.ts';

export interface Scenario {
  readonly pattern: CallPattern;
  readonly faults: FaultSchedule;
  /** Stored session at the start: signed in longer ago than the access-token lifetime (default), or just now. */
  readonly session?: 'expired' | 'fresh';
  /** After everything settled, let this much virtual time pass and make one more call ("once the IdP recovers"). */
  readonly recoveryCall?: { readonly afterMs: number; readonly window: number; readonly path: string };
  /** Seed of the client's random source (jitter). */
  readonly randomSeed: number;
}

export type CallOutcome =
  | { kind: 'pending' }
  | { kind: 'resolved'; status: number | null }
  | { kind: 'rejected'; code: string | null; message: string; error: unknown };

export interface CallRecord {
  readonly id: number;
  readonly kind: 'initialize' | 'fetch' | 'sign-out' | 'recovery';
  readonly window: number;
  readonly label: string;
  readonly plannedAtMs: number;
  startedAt: number | null;
  startSeq: number | null;
  settledAt: number | null;
  settledSeq: number | null;
  outcome: CallOutcome;
}

export type Stall = 'deadlock' | 'step-limit' | 'time-limit';

export interface RunTrace {
  readonly scenario: Scenario;
  readonly calls: CallRecord[];
  readonly wire: readonly WireRecord[];
  readonly store: RecordingStore;
  readonly seeded: TokenPair;
  readonly statuses: SessionStatusName[];
  readonly startedAt: number;
  readonly endedAt: number;
  readonly stall: Stall | null;
  /** The simulated IdP's own request log, when the target is the simulation (built on demand). */
  idpLog(): readonly SimRequestRecord[] | null;
}

export interface RunOptions {
  readonly scheduler: Scheduler | null;
  readonly target?: IdpTarget;
  /** Scheduler tasks plus timers fired before the run counts as a livelock. Default 20,000. */
  readonly maxSteps?: number;
  /** Virtual time after which the run counts as stuck. Default 6 h. */
  readonly maxVirtualMs?: number;
}

const DEFAULT_TARGET = simIdpTarget();

export async function runScenario(cut: ClientUnderTest, scenario: Scenario, options: RunOptions): Promise<RunTrace> {
  const clock = createTimerClock();
  const startedAt = clock.now();
  let seq = 0;
  const sequence = () => ++seq;
  const target = options.target ?? DEFAULT_TARGET;
  const session = await target.open(clock, scenario.faults);
  const store = createRecordingStore(sequence);
  const wire = createWire({ baseUrl: session.baseUrl, transport: session.transport, clock, sequence, scheduler: options.scheduler });
  const seeded = await session.seedSession();
  store.seed(seeded);
  if ((scenario.session ?? 'expired') === 'expired') await session.expireAccessTokens();

  const { pattern } = scenario;
  const windows = cut.start({ baseUrl: session.baseUrl, fetch: wire.fetch, store, clock, random: seededRandom(scenario.randomSeed) }, pattern.windows);
  checkWindows(cut, windows, pattern.windows);

  const calls = new CallBook(clock, sequence, windows, options.scheduler);
  if (pattern.startup) for (let w = 0; w < pattern.windows; w++) calls.plan('initialize', w, `w${w} initialize()`, 0, (win) => win.initialize());
  for (const call of pattern.calls) {
    calls.plan('fetch', call.window, `w${call.window} ${call.method} ${call.path}`, call.startAtMs, (win) =>
      win.authenticatedFetch(call.path, call.method === 'POST' ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"hello"}' } : { method: 'GET' }),
    );
  }
  if (pattern.signOut !== null) calls.plan('sign-out', pattern.signOut.window, `w${pattern.signOut.window} signOut()`, pattern.signOut.atMs, (win) => win.signOut());

  const driver = { steps: 0, maxSteps: options.maxSteps ?? 20_000, deadline: startedAt + (options.maxVirtualMs ?? 6 * 3_600_000) };
  let stall = await drive(options.scheduler, clock, wire, calls.records, driver);
  if (stall === null && scenario.recoveryCall !== undefined) {
    const { afterMs, window, path } = scenario.recoveryCall;
    await session.heal();
    clock.advance(afterMs);
    calls.plan('recovery', window, `w${window} GET ${path} (after recovery)`, 0, (win) => win.authenticatedFetch(path, { method: 'GET' }));
    stall = await drive(options.scheduler, clock, wire, calls.records, driver);
  }
  const trace: RunTrace = {
    scenario,
    calls: calls.records,
    wire: wire.records,
    store,
    seeded,
    statuses: windows.map((w) => w.status()),
    startedAt,
    endedAt: clock.now(),
    stall,
    idpLog: () => ('idp' in session ? (session as SimIdpSession).idp.log : null),
  };
  await session.dispose?.();
  return trace;
}

const WINDOW_METHODS = ['authenticatedFetch', 'initialize', 'signOut', 'status'] as const satisfies ReadonlyArray<keyof WindowUnderTest>;

/** What start() returned can be driven: a window without, say, signOut() would pass every run that never signs out. */
function checkWindows(cut: ClientUnderTest, windows: unknown, count: number): asserts windows is WindowUnderTest[] {
  if (!Array.isArray(windows) || windows.length !== count) {
    throw new TypeError(`${cut.name}: start() returned ${Array.isArray(windows) ? `${windows.length} windows` : String(windows)}, expected an array of ${count} window(s)`);
  }
  windows.forEach((window: unknown, index) => {
    const missing = WINDOW_METHODS.filter((method) => typeof (window as Record<string, unknown> | null)?.[method] !== 'function');
    if (missing.length > 0) {
      throw new TypeError(`${cut.name}: window ${index} from start() has no ${missing.map((m) => `${m}()`).join(', ')}; every window must offer ${WINDOW_METHODS.map((m) => `${m}()`).join(', ')}`);
    }
  });
}

/** The calls of one run: launched right away, at a scheduled moment, or on a timer; each settles into its record. */
class CallBook {
  readonly records: CallRecord[] = [];

  constructor(
    private readonly clock: TimerClock,
    private readonly sequence: () => number,
    private readonly windows: readonly WindowUnderTest[],
    private readonly scheduler: Scheduler | null,
  ) {}

  plan(kind: CallRecord['kind'], window: number, label: string, atMs: number, invoke: (w: WindowUnderTest) => Promise<unknown>): void {
    const record: CallRecord = { id: this.records.length + 1, kind, window, label, plannedAtMs: atMs, startedAt: null, startSeq: null, settledAt: null, settledSeq: null, outcome: { kind: 'pending' } };
    this.records.push(record);
    if (atMs > 0) this.clock.setTimeout(() => this.launch(record, invoke), atMs);
    else if (this.scheduler) void this.scheduler.schedule(Promise.resolve(), `start ${record.id}: ${label}`).then(() => this.launch(record, invoke));
    else this.launch(record, invoke);
  }

  private launch(record: CallRecord, invoke: (w: WindowUnderTest) => Promise<unknown>): void {
    record.startedAt = this.clock.now();
    record.startSeq = this.sequence();
    let promise: Promise<unknown>;
    try {
      promise = invoke(this.windows[record.window] as WindowUnderTest);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(
      (value) => this.settle(record, { kind: 'resolved', status: statusOf(value) }),
      (error: unknown) => this.settle(record, { kind: 'rejected', code: codeOf(error), message: messageOf(error), error }),
    );
  }

  private settle(record: CallRecord, outcome: CallOutcome): void {
    record.settledAt = this.clock.now();
    record.settledSeq = this.sequence();
    record.outcome = outcome;
  }
}

async function drive(
  scheduler: Scheduler | null,
  clock: TimerClock,
  wire: { pendingIo(): number; nextIo(): Promise<void> },
  calls: readonly CallRecord[],
  limits: { steps: number; maxSteps: number; deadline: number },
): Promise<Stall | null> {
  const settled = () => calls.every((c) => c.outcome.kind !== 'pending');
  for (;;) {
    if (++limits.steps > limits.maxSteps) return 'step-limit';
    if (scheduler !== null && scheduler.count() > 0) {
      await scheduler.waitOne();
      continue;
    }
    await flushMicrotasks();
    if (scheduler !== null && scheduler.count() > 0) continue;
    if (wire.pendingIo() > 0) {
      await wire.nextIo();
      continue;
    }
    if (settled()) return null;
    if (clock.pendingTimers() > 0) {
      if (clock.now() > limits.deadline) return 'time-limit';
      clock.fireNext();
      continue;
    }
    // Nothing scheduled, no I/O, no timer: give stray promise chains one macrotask before calling it a hang.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if ((scheduler !== null && scheduler.count() > 0) || settled()) continue;
    return 'deadlock';
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await null;
}

function statusOf(value: unknown): number | null {
  const status = (value as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' ? status : null;
}

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
