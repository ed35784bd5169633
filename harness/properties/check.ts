/**
 * Running a property and reporting the outcome: the seed, the shrunk
 * counterexample and the scheduler's interleaving, so any failure replays with
 * `{ seed, path }`.
 */
import fc from 'fast-check';
import { describeValue, refuseUnknownKeys } from '../../electron-app/src/core/caller-errors.ts';
import type { Scenario } from './runner.ts';
import type { ScenarioProperty } from './define-property.ts';
import { formatSchedulerReport } from './report.ts';

export interface CheckParameters {
  readonly seed?: number;
  readonly numRuns?: number;
  /** Replay one shrunk case (from a previous report). */
  readonly path?: string;
}

export interface PropertyVerdict {
  readonly failed: boolean;
  readonly seed: number;
  readonly numRuns: number;
  readonly path: string | null;
  /** The shrunk scenario (JSON) and the failing interleaving, when failed. */
  readonly counterexample: Scenario | null;
  readonly schedulerReport: string | null;
  /** Task ids in the order the scheduler ran them: `fc.schedulerFor(ordering)` replays the interleaving exactly. */
  readonly ordering: readonly number[] | null;
  readonly violation: string | null;
}

export async function checkProperty(property: ScenarioProperty, parameters: CheckParameters = {}): Promise<PropertyVerdict> {
  checkParameters(property, parameters);
  const details = await fc.check(property, {
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
    ...(parameters.path === undefined ? {} : { path: parameters.path }),
    numRuns: parameters.numRuns ?? 100,
  });
  if (!details.failed || details.counterexample === null) {
    return { failed: false, seed: details.seed, numRuns: details.numRuns, path: null, counterexample: null, schedulerReport: null, ordering: null, violation: null };
  }
  const [scenario, scheduler] = details.counterexample;
  const error = details.errorInstance;
  const report = scheduler.report();
  return {
    failed: true,
    seed: details.seed,
    numRuns: details.numRuns,
    path: details.counterexamplePath,
    counterexample: scenario,
    schedulerReport: formatSchedulerReport(report),
    ordering: report.filter((item) => item.status !== 'pending').map((item) => item.taskId),
    violation: error instanceof Error ? error.message : String(error),
  };
}

const PARAMETERS = ['seed', 'numRuns', 'path'] as const satisfies ReadonlyArray<keyof CheckParameters>;

function expectScenarioProperty(where: string, property: ScenarioProperty): void {
  if (typeof property?.runOnce !== 'function') throw new TypeError(`${where}: expected a property from getProperty(n).build(client) or scenarioProperty()`);
}

/** A number of runs, a seed and a path a person could have meant; a typo would otherwise pass having checked nothing. */
function checkParameters(property: ScenarioProperty, parameters: CheckParameters): void {
  expectScenarioProperty('checkProperty', property);
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) throw new TypeError(`checkProperty: expected parameters { seed?, numRuns?, path? }, got ${describeValue(parameters)}`);
  refuseUnknownKeys(parameters, PARAMETERS, { subject: 'checkProperty', noun: 'parameter', plural: 'parameters' });
  const { numRuns, seed, path } = parameters;
  if (numRuns !== undefined && !(Number.isSafeInteger(numRuns) && numRuns >= 1)) throw new TypeError(`checkProperty: numRuns: expected a positive integer, got ${describeValue(numRuns)}`);
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new TypeError(`checkProperty: seed: expected an integer, got ${describeValue(seed)}`);
  if (path !== undefined && !(typeof path === 'string' && /^\d+(:\d+)*$/.test(path))) throw new TypeError(`checkProperty: path: expected a path such as "0:1:0" from a failed verdict, got ${describeValue(path)}`);
}

type FailureRecord = { counterexample: Scenario | null; ordering: readonly number[] | null };

/** What replayFailure needs from a verdict; a passed verdict or a hand-made `{}` would otherwise "replay" as an error message. */
function checkFailureRecord(failure: FailureRecord): asserts failure is { counterexample: Scenario; ordering: readonly number[] } {
  const { counterexample, ordering } = (typeof failure === 'object' && failure !== null ? failure : {}) as Partial<FailureRecord>;
  const hasScenario = typeof counterexample === 'object' && counterexample !== null && typeof counterexample.pattern === 'object';
  const hasOrdering = Array.isArray(ordering) && ordering.every((taskId) => Number.isSafeInteger(taskId));
  if (hasScenario && hasOrdering) return;
  const got =
    typeof failure !== 'object' || failure === null
      ? describeValue(failure)
      : (failure as { failed?: unknown }).failed === false
        ? 'a verdict that passed'
        : `counterexample ${describeValue(counterexample)} and ordering ${describeValue(ordering)}`;
  throw new TypeError(`replayFailure: expected a failed verdict from checkProperty, with counterexample (the shrunk scenario) and ordering (the task ids of its interleaving); got ${got}`);
}

/** fast-check's words when `fc.schedulerFor(ordering)` waits for a task the client no longer schedules. */
const ORDERING_GONE = /Invalid schedulerFor defined/;
/** Interleavings of the counterexample tried when its recorded one no longer applies. */
const REPLAY_INTERLEAVINGS = 200;

/**
 * Re-runs a reported failure: the same scenario under `fc.schedulerFor(ordering)`,
 * so the interleaving is exactly the reported one. Resolves with the violation
 * message, or null if the property now holds (the bug is fixed). A changed
 * client may schedule other tasks, so that the recorded interleaving cannot be
 * played at all; then the same scenario is tried under REPLAY_INTERLEAVINGS
 * interleavings (seeded), and null means none of them breaks the property.
 */
export async function replayFailure(property: ScenarioProperty, failure: FailureRecord): Promise<string | null> {
  expectScenarioProperty('replayFailure', property);
  checkFailureRecord(failure);
  const scenario = failure.counterexample;
  try {
    await property.runOnce(scenario, fc.schedulerFor([...failure.ordering]));
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!ORDERING_GONE.test(message)) return message;
  }
  const details = await fc.check(fc.asyncProperty(fc.scheduler(), (scheduler) => property.runOnce(scenario, scheduler)), { numRuns: REPLAY_INTERLEAVINGS, seed: 0 });
  if (!details.failed) return null;
  return details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
}

export function formatVerdict(title: string, verdict: PropertyVerdict): string {
  if (!verdict.failed) return `${title}: passed ${verdict.numRuns} runs (seed ${verdict.seed})`;
  return [
    `${title}: FAILED — seed ${verdict.seed}, path ${JSON.stringify(verdict.path)}`,
    `shrunk counterexample: ${JSON.stringify(verdict.counterexample)}`,
    `interleaving: fc.schedulerFor(${JSON.stringify(verdict.ordering)})`,
    `violation: ${verdict.violation}`,
    'interleaving (scheduler.report()):',
    verdict.schedulerReport ?? '  (none)',
  ].join('\n');
}

/** For a team's own test: throws (and prints) the full report when the property fails. */
export async function assertProperty(title: string, property: ScenarioProperty, parameters: CheckParameters = {}): Promise<void> {
  const verdict = await checkProperty(property, parameters);
  if (!verdict.failed) return;
  const report = formatVerdict(title, verdict);
  console.log(report);
  throw new Error(report);
}
